// --resume and the spool, end to end: the built CLI (bin/exposcan.js → dist/, `npx tsc -p
// tsconfig.json` first) against a REAL Redis and a REAL Memcached (each on a free loopback port;
// skipped when not installed) and purpose-built synthetic servers (test/scale/servers.ts):
// counting listeners that prove whether an endpoint was connected to again, and tarpits that
// hold the scan mid-way (each costs its probe timeout) so it can be killed there.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetAt } from '../../src/engine/order.js';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import type { Checkpoint } from '../../src/scan/checkpoint.js';
import { CHECKPOINT_FILE, SPOOL_FILE } from '../../src/scan/journal.js';
import type { SpoolRecord } from '../../src/scan/spool.js';
import { redisBinary, startRedis, stopAll, type RedisServer } from '../helpers/services.js';
import { memcachedBinary, startMemcached, type MemcachedServer } from '../helpers/services-wire.js';
import { runCli, startCountingListener, startTarpit, waitFor, type CountingListener } from './servers.js';

const installed = redisBinary() !== undefined && memcachedBinary() !== undefined;
const work = mkdtempSync(join(tmpdir(), 'exposcan-resume-'));
// Small pool and a short timeout: the tarpits then keep the scan busy for several seconds.
const SCAN = ['--concurrency', '2', '--per-host', '2', '--rate', '0', '--timeout', '1s', '--no-history'];

let redis: RedisServer;
let memcached: MemcachedServer;
let early: CountingListener[] = [];
let late: CountingListener[] = [];
const closers: (() => Promise<void>)[] = [];
let targetsFile: string;

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const spoolRecords = (dir: string): SpoolRecord[] =>
  readFileSync(join(dir, SPOOL_FILE), 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as SpoolRecord);

/** What must be equal between two scans of the same endpoints (timestamps and ids of the run differ). */
function comparable(report: Report) {
  return {
    findings: report.findings.map((finding) => ({
      id: finding.id,
      ruleId: finding.ruleId,
      severity: finding.severity,
      score: finding.score,
      target: finding.target,
    })),
    services: report.services,
    stats: report.scan.stats,
    partial: report.scan.partial,
  };
}

describe.skipIf(!installed)('exposcan scan --resume', () => {
  beforeAll(async () => {
    redis = await startRedis();
    memcached = await startMemcached();
    early = await Promise.all(Array.from({ length: 8 }, () => startCountingListener()));
    const tarpits = await Promise.all(Array.from({ length: 4 }, () => startTarpit()));
    late = await Promise.all(Array.from({ length: 4 }, () => startCountingListener()));
    closers.push(...[...early, ...tarpits, ...late].map((server) => () => server.close()));
    // The probing order: real services and early listeners first, the tarpits in the middle. The
    // scan probes a permutation of the file (src/engine/order.ts), so position p is written on the
    // line the permutation reads at position p: resuming is tested on the interleaved order itself.
    const ports = [
      redis.port,
      memcached.port,
      ...early.map((s) => s.port),
      ...tarpits.map((s) => s.port),
      ...late.map((s) => s.port),
    ];
    const lines: string[] = [];
    ports.forEach((port, position) => (lines[offsetAt(position, ports.length)] = `127.0.0.1:${port}`));
    targetsFile = join(work, 'targets.txt');
    writeFileSync(targetsFile, lines.join('\n') + '\n');
  });

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
    await stopAll();
  });

  it('a scan killed halfway continues without probing again what it finished, and reports what an uninterrupted scan reports', async () => {
    const out = join(work, 'killed');
    const first = runCli(['scan', '--targets-file', targetsFile, '--out', out, ...SCAN]);
    const firstDone = first.done;
    const committed = 2 + early.length;
    // Mid-way: Redis, Memcached and every early listener are in the checkpoint, the tarpits are not.
    const checkpoint = await waitFor(
      () => {
        if (!existsSync(join(out, CHECKPOINT_FILE))) return undefined;
        const read = readJson<Checkpoint>(join(out, CHECKPOINT_FILE));
        return read.watermark >= committed ? read : undefined;
      },
      'the checkpoint to record the first endpoints',
      firstDone,
    );
    expect(first.child.exitCode).toBeNull();
    expect(checkpoint.watermark).toBeLessThan(committed + 4 + late.length);

    // Findings are on disk while the scan runs: the spool already holds Redis's and Memcached's.
    const spooled = spoolRecords(out)
      .flatMap((record) => record.findings ?? [])
      .map((finding) => finding.ruleId);
    expect(spooled).toEqual(expect.arrayContaining(['redis-unauthenticated', 'memcached-unauthenticated']));

    first.child.kill('SIGKILL');
    expect((await firstDone).signal).toBe('SIGKILL');
    expect(existsSync(join(out, CHECKPOINT_FILE)) && existsSync(join(out, SPOOL_FILE))).toBe(true);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const earlyBefore = early.map((listener) => listener.connections());
    const lateBefore = late.map((listener) => listener.connections());
    expect(earlyBefore.every((count) => count > 0)).toBe(true);

    const resumed = await runCli(['scan', '--targets-file', targetsFile, '--out', out, '--resume', ...SCAN]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(early.map((listener) => listener.connections())).toEqual(earlyBefore);
    late.forEach((listener, i) => expect(listener.connections()).toBeGreaterThan(lateBefore[i]!));
    const report = readJson<Report>(join(out, 'report.json'));
    expect(reportProblem(report)).toBeUndefined();
    expect(report.scan.resumed).toBe(true);
    expect(report.scan.partial).toBe(false);
    // A complete report: nothing is left to resume.
    expect(existsSync(join(out, CHECKPOINT_FILE)) || existsSync(join(out, SPOOL_FILE))).toBe(false);

    const freshOut = join(work, 'fresh');
    const fresh = await runCli(['scan', '--targets-file', targetsFile, '--out', freshOut, ...SCAN]).done;
    expect(fresh.code, fresh.stderr).toBe(0);
    const uninterrupted = readJson<Report>(join(freshOut, 'report.json'));
    expect(uninterrupted.scan.resumed).toBeUndefined();
    expect(comparable(report)).toEqual(comparable(uninterrupted));
    expect(report.scan.stats.endpoints).toBe(2 + early.length + 4 + late.length);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(['redis-unauthenticated', 'memcached-unauthenticated']),
    );
  });

  it('SIGINT leaves a partial report and the journal; --resume then finishes it', async () => {
    const out = join(work, 'interrupted');
    const first = runCli(['scan', '--targets-file', targetsFile, '--out', out, ...SCAN]);
    await waitFor(
      () =>
        existsSync(join(out, CHECKPOINT_FILE)) && readJson<Checkpoint>(join(out, CHECKPOINT_FILE)).watermark >= 2
          ? true
          : undefined,
      'the first checkpoint',
      first.done,
    );
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(2);
    expect(readJson<Report>(join(out, 'report.json')).scan.partial).toBe(true);
    expect(existsSync(join(out, CHECKPOINT_FILE)) && existsSync(join(out, SPOOL_FILE))).toBe(true);

    const resumed = await runCli(['scan', '--targets-file', targetsFile, '--out', out, '--resume', ...SCAN]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = readJson<Report>(join(out, 'report.json'));
    expect(report.scan).toMatchObject({
      partial: false,
      resumed: true,
      stats: { endpoints: 2 + early.length + 4 + late.length },
    });
  });

  it('--resume refuses a checkpoint of another target list, in one line', async () => {
    const out = join(work, 'other');
    const first = runCli(['scan', '--targets-file', targetsFile, '--out', out, ...SCAN]);
    await waitFor(
      () => (existsSync(join(out, CHECKPOINT_FILE)) ? true : undefined),
      'the first checkpoint',
      first.done,
    );
    first.child.kill('SIGKILL');
    await first.done;
    const refused = await runCli(['scan', '--target', `127.0.0.1:${redis.port}`, '--out', out, '--resume', ...SCAN])
      .done;
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(
      /^exposcan: --resume: the checkpoint in .* belongs to a different scan .*; run without --resume to start afresh$/,
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
