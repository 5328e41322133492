// --notify on `exposcan merge`, end to end through the built CLI: a shard records no history, so a
// sharded scan is announced when its shards are joined. Two shards of a scan of one loopback
// Elasticsearch (an emulator serving recorded Elasticsearch 7 responses); the merge announces its
// findings once to a webhook receiver on 127.0.0.1, and merging the next scheduled run's shards
// announces nothing more. A shard given --notify is told to give it to merge.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { freePort } from '../helpers/ports.js';
import { runCli } from '../helpers/cli.js';
import { startReceiver, type Receiver } from '../notify/receivers.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-merge-notify-'));
const historyFile = join(work, 'history.sqlite');

describe('exposcan merge --notify', () => {
  let port: number;
  let emulator: ElasticEmulator;
  let hook: Receiver;

  /** One scheduled run: both shards of the scan, then their merge with --notify. */
  async function shardedRun(name: string) {
    for (const index of [1, 2]) {
      const shard = await runCli([
        'scan',
        '--target',
        `127.0.0.1:${port}`,
        '--ports',
        `${port},1`,
        '--timeout',
        '5s',
        '--shard',
        `${index}/2`,
        '--out',
        join(work, name, `shard-${index}`),
      ]);
      expect(shard.code, shard.stderr).toBe(0);
    }
    const out = join(work, name, 'merged');
    const merged = await runCli([
      'merge',
      join(work, name, 'shard-1', 'report.json'),
      join(work, name, 'shard-2', 'report.json'),
      '--history',
      historyFile,
      '--out',
      out,
      '--notify',
      hook.url,
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(reportProblem(report)).toBeUndefined();
    return { merged, report };
  }

  beforeAll(async () => {
    hook = await startReceiver('ok');
    port = await freePort();
    emulator = await startElasticEmulator('elasticsearch-7-open', { port });
  });
  afterAll(async () => {
    await emulator.close();
    await hook.close();
  });

  it('the first merge announces the joined findings once; the next run, still open, announces nothing', async () => {
    const first = await shardedRun('run-1');
    expect(first.merged.code, first.merged.stderr).toBe(0);
    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0]!.body) as { scan: { id: string }; findings: { ruleId: string }[] };
    expect(body.scan.id).toBe(first.report['scan'].id);
    expect(body.findings.map((finding) => finding.ruleId)).toContain('elasticsearch-unauthenticated');
    expect(first.report['notifications']).toMatchObject({ announced: body.findings.length, owed: 0, failures: [] });

    const second = await shardedRun('run-2');
    expect(second.merged.code, second.merged.stderr).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(second.report['notifications']).toMatchObject({ announced: 0, owed: 0 });
  });

  it('a shard given --notify is refused in one line that points at merge; merge --notify without history too', async () => {
    const shard = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--shard',
      '1/2',
      '--out',
      join(work, 'refused'),
      '--notify',
      hook.url,
    ]);
    expect(shard.code).toBe(2);
    expect(shard.stderr.trim().split('\n')).toHaveLength(1);
    expect(shard.stderr).toMatch(/--notify needs the scan history: not with --shard \(give --notify to exposcan merge/);

    const merge = await runCli([
      'merge',
      join(work, 'run-1', 'shard-1', 'report.json'),
      '--no-history',
      '--out',
      join(work, 'refused-merge'),
      '--notify',
      hook.url,
    ]);
    expect(merge.code).toBe(2);
    expect(merge.stderr.trim().split('\n')).toHaveLength(1);
    expect(merge.stderr).toMatch(/--notify needs the scan history: not with --no-history/);
  });
});
