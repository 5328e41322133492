// --shard i/n and `exposcan merge`, end to end: the built CLI (bin/exposcan.js → dist/) against a
// REAL Redis and a REAL Memcached (free loopback ports; skipped when not installed), purpose-built
// counting listeners (test/scale/servers.ts) and a closed port.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { freePort } from '../helpers/ports.js';
import { redisBinary, startRedis, stopAll, type RedisServer } from '../helpers/services.js';
import { memcachedBinary, startMemcached, type MemcachedServer } from '../helpers/services-wire.js';
import { runCli, startCountingListener, type CountingListener } from './servers.js';

const installed = redisBinary() !== undefined && memcachedBinary() !== undefined;
const work = mkdtempSync(join(tmpdir(), 'exposcan-shard-'));
const SCAN = ['--concurrency', '4', '--rate', '0', '--timeout', '2s', '--no-history'];

let redis: RedisServer;
let memcached: MemcachedServer;
let listeners: CountingListener[] = [];
let targets: string[] = [];
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const counts = () => listeners.map((listener) => listener.connections());
const shardOut = (index: number) => join(work, `shard-${index}`);
const shardReport = (index: number) => join(shardOut(index), 'report.json');

async function expectOneLineError(args: string[], message: RegExp) {
  const result = await runCli(args).done;
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe.skipIf(!installed)('exposcan scan --shard and exposcan merge', () => {
  beforeAll(async () => {
    redis = await startRedis();
    memcached = await startMemcached();
    listeners = await Promise.all(Array.from({ length: 9 }, () => startCountingListener()));
    targets = [redis.port, memcached.port, await freePort(), ...listeners.map((listener) => listener.port)].flatMap(
      (port) => ['--target', `127.0.0.1:${port}`],
    );
  });

  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await stopAll();
  });

  it('three shards probe each endpoint exactly once between them, and their merge is the unsharded report', async () => {
    const before = counts();
    const whole = await runCli(['scan', ...targets, '--out', join(work, 'whole'), ...SCAN]).done;
    expect(whole.code, whole.stderr).toBe(0);
    const once = counts().map((count, i) => count - before[i]!);

    const shards = await Promise.all(
      [1, 2, 3].map(
        (index) => runCli(['scan', ...targets, '--shard', `${index}/3`, '--out', shardOut(index), ...SCAN]).done,
      ),
    );
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    // Disjoint and complete: between them the shards connected to each listener exactly as often as one whole scan did.
    expect(counts().map((count, i) => count - before[i]! - once[i]!)).toEqual(once);
    const parts = [1, 2, 3].map((index) => readReport(shardOut(index)));
    parts.forEach((part, i) =>
      expect(part.scan.shard).toEqual({ index: i + 1, count: 3, reachedTargets: expect.any(Array) }),
    );
    expect(parts.map((part) => part.scan.stats.endpoints).reduce((a, b) => a + b)).toBe(12);

    const mergedOut = join(work, 'merged');
    const merged = await runCli([
      'merge',
      shardReport(3),
      shardReport(1),
      shardReport(2),
      '--out',
      mergedOut,
      '--format',
      'md',
      '--no-history',
      '--fail-on',
      'critical',
    ]).done;
    expect(merged.code, merged.stderr).toBe(1); // Redis without authentication is critical: the joined report gates like the whole scan
    const report = readReport(mergedOut);
    expect(reportProblem(report)).toBeUndefined();
    const unsharded = readReport(join(work, 'whole'));
    expect(report.findings.map((finding) => finding.id)).toEqual(unsharded.findings.map((finding) => finding.id));
    expect(report.services).toEqual(unsharded.services);
    expect(report.scan.stats).toEqual(unsharded.scan.stats);
    expect(report.scan.partial).toBe(false);
    expect(report.scan.merged).toEqual({
      count: 3,
      shards: parts.map((part, i) => ({ index: i + 1, scan: part.scan.id })),
      missing: [],
    });
    expect(readFileSync(join(mergedOut, 'report.md'), 'utf8')).toContain('redis-unauthenticated');
  });

  it('a missing shard makes the merged report partial (exit 2, one line saying which)', async () => {
    const out = join(work, 'missing');
    const result = await runCli(['merge', shardReport(1), shardReport(3), '--out', out, '--no-history']).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^exposcan: merge: shard 2\/3 missing: the joined report is partial$/m);
    expect(readReport(out).scan).toMatchObject({ partial: true, merged: { missing: [2] } });
  });

  it('merge refuses reports that are not shards of one scan, in one line', async () => {
    const changed = (name: string, change: (report: Report) => Report) => {
      const file = join(work, `${name}.json`);
      writeFileSync(file, JSON.stringify(change(JSON.parse(readFileSync(shardReport(2), 'utf8')) as Report)));
      return file;
    };
    const otherTargets = changed('other-targets', (report) => ({
      ...report,
      scan: { ...report.scan, targets: ['127.0.0.1:1'] },
    }));
    const otherRules = changed('other-rules', (report) => ({
      ...report,
      scan: { ...report.scan, rules: ['redis-unauthenticated'] },
    }));
    const otherTimeout = changed('other-timeout', (report) => ({
      ...report,
      scan: { ...report.scan, settings: { ...report.scan.settings, timeoutMs: 9000 } },
    }));
    const otherCount = changed('other-count', (report) => ({
      ...report,
      scan: { ...report.scan, shard: { index: 2, count: 4 } },
    }));
    const out = join(work, 'refused');
    await expectOneLineError(
      ['merge', shardReport(1), otherTargets, '--out', out, '--no-history'],
      /^exposcan: merge: '.*other-targets.json' scanned other targets than '.*shard-1\/report.json': not shards of one scan$/,
    );
    await expectOneLineError(
      ['merge', shardReport(1), otherRules, '--out', out, '--no-history'],
      /^exposcan: merge: '.*other-rules.json' ran other rules than/,
    );
    await expectOneLineError(
      ['merge', shardReport(1), otherTimeout, '--out', out, '--no-history'],
      /^exposcan: merge: '.*other-timeout.json' used other settings \(ports, timeout or credential checks\)/,
    );
    await expectOneLineError(
      ['merge', shardReport(1), otherCount, '--out', out, '--no-history'],
      /^exposcan: merge: '.*other-count.json' is shard 2\/4 but '.*' is one of 3 shards$/,
    );
    await expectOneLineError(
      ['merge', shardReport(1), shardReport(2), shardReport(2), '--out', out, '--no-history'],
      /^exposcan: merge: '.*shard-2\/report.json' and '.*shard-2\/report.json' are both shard 2\/3$/,
    );
    await expectOneLineError(
      ['merge', shardReport(1), join(work, 'whole', 'report.json'), '--out', out, '--no-history'],
      /^exposcan: merge: '.*whole\/report.json' is not a shard report/,
    );
    await expectOneLineError(
      ['merge', join(work, 'nope.json'), '--out', out, '--no-history'],
      /^exposcan: report file '.*nope.json' cannot be read: ENOENT$/,
    );
  });

  it('--shard must be i/n from 1, and a shard records no history: one-line errors', async () => {
    await expectOneLineError(
      ['scan', '--target', '127.0.0.1:1', '--shard', '0/3', '--out', join(work, 'bad'), '--no-history'],
      /^exposcan: --shard: expected i\/n with 1 <= i <= n <= 10000, e\.g\. 2\/5, got '0\/3'$/,
    );
    await expectOneLineError(
      ['scan', '--target', '127.0.0.1:1', '--shard', '2', '--out', join(work, 'bad')],
      /^exposcan: --shard: expected i\/n/,
    );
    await expectOneLineError(
      [
        'scan',
        '--target',
        '127.0.0.1:1',
        '--shard',
        '1/2',
        '--history',
        join(work, 'h.sqlite'),
        '--out',
        join(work, 'bad'),
      ],
      /^exposcan: --history: a --shard run records no history/,
    );
  });
});
