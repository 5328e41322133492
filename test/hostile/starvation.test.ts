// One hostile endpoint must never blind the scan (issue 20). A Redis-speaking server whose
// `redis_version` is 100,000 characters, and an Elasticsearch-shaped root whose version.number is
// 700,000, sit among real, open redis-server instances; every real finding must be reported. On
// the regular-expression redaction this replaced, reading the long Redis version blocked the
// event loop for a minute and more, and every real Redis in conversation meanwhile timed out
// unseen while the report said `partial: false`. The real servers sit behind relays that hold
// their answers until the hostile reply is sent, and the hostile reply waits until every real
// conversation has begun: so the hostile reply is read while all of them are in flight, every
// run, instead of by chance.
// A second part runs the engine with no CPU budget at all, to hold what an overrun does: the
// endpoint counts as a failure (`overran`) and the report is partial.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import { RULES } from '../../rules/index.js';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { redisBinary, startRedis, type RedisServer } from '../helpers/services.js';
import { runCli, type CliRun } from './cli-run.js';
import { holdingRelay, redisLongVersion, searchLongVersion } from './servers/long-version.js';
import type { HostileServer } from './servers/tcp.js';

const REAL_REDIS = 4;
/** Not a performance target: a scan past this is hung (the old redaction took minutes). */
const HUNG_AFTER_MS = 120_000;

const binary = redisBinary();

describe.skipIf(!binary)('a 1 MiB version next to real open servers', () => {
  const real: RedisServer[] = [];
  const servers: HostileServer[] = [];
  /** Relay port → the real Redis behind it. */
  let relays: { readonly relay: HostileServer; readonly reached: Promise<void> }[] = [];
  let hostilePorts: number[] = [];
  let out: string;
  let run: CliRun;
  let report: Report;

  beforeAll(async () => {
    for (let i = 0; i < REAL_REDIS; i++) real.push(await startRedis());
    let everyRealReached!: () => void;
    const inFlight = new Promise<void>((resolve) => (everyRealReached = resolve));
    const longRedis = redisLongVersion(100_000, inFlight);
    relays = await Promise.all(real.map((server) => holdingRelay(server.port, longRedis.sent)));
    void Promise.all(relays.map(({ reached }) => reached)).then(everyRealReached);
    const hostile = [await longRedis.server, await searchLongVersion(700_000)];
    hostilePorts = hostile.map((server) => server.port);
    servers.push(...hostile, ...relays.map(({ relay }) => relay));
    out = mkdtempSync(join(tmpdir(), 'exposcan-starvation-'));
    const targets = servers.flatMap((server) => ['--target', `127.0.0.1:${server.port}`]);
    run = await runCli(
      ['scan', ...targets, '--timeout', '1s', '--out', out, '--no-history', '--per-host', '64', '--rate', '0'],
      out,
      HUNG_AFTER_MS,
    );
    report = run.report as Report;
  }, HUNG_AFTER_MS + 60_000);

  afterAll(async () => {
    await Promise.all([...real.map((server) => server.stop()), ...servers.map((server) => server.close())]);
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('finishes and writes a report that passes its schema', () => {
    expect(run.killed, run.stderr).toBe(false);
    expect(reportProblem(report)).toBeUndefined();
  });

  it('reports every real open Redis', () => {
    const open = report.findings
      .filter((finding) => finding.ruleId === 'redis-unauthenticated')
      .map((finding) => finding.target?.port);
    expect(open).toEqual(expect.arrayContaining(relays.map(({ relay }) => relay.port)));
    // Nothing about a real Redis timed out: every failure, if any, is a hostile endpoint's.
    expect(report.scan.stats.failures.timeout ?? 0).toBe(0);
  });

  it('keeps the hostile versions only up to their cap, and is partial only if one overran', () => {
    const versions = report.services
      .filter((service) => hostilePorts.includes(service.port))
      .map((service) => service.version ?? '');
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version.length).toBeLessThanOrEqual(257);
    expect(report.scan.partial).toBe((report.scan.stats.failures.overran ?? 0) > 0);
  });
});

describe.skipIf(!binary)('an endpoint whose reading overruns its budget', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(() => server?.stop());

  it('counts as a failure (overran), yields no finding, and makes the outcome partial', async () => {
    const settings = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 5_000 };
    const endpoints = [{ host: '127.0.0.1', port: server.port }];
    const normal = await runScan(endpoints, RULES, settings);
    expect(normal.partial).toBe(false);
    expect(normal.findings.map((finding) => finding.ruleId)).toContain('redis-unauthenticated');

    const starved = await runScan(endpoints, RULES, { ...settings, judgeBudgetMs: 0 });
    expect(starved.partial).toBe(true);
    expect(starved.stats.failures.overran).toBe(1);
    expect(starved.stats.identified).toBe(0);
    expect(starved.findings).toEqual([]);
  });
});
