// Issue 20 B14: --resume reads the checkpoint and the spool an interrupted scan left in --out,
// and treats them as hostile input. The journal here is real: a scan of a real redis-server
// (started here), a loopback tarpit (accepts, never answers) and a small closed range is
// interrupted with SIGINT once Redis is done. Each case tampers with a copy of that journal; the
// resumed scan must refuse it in one line (exit 2) and never write a "complete" report from it.
// Before the fix: a garbage spool line crashed the scan at its end with no report; a watermark
// of 1e15 gave a complete report of a fraction of the endpoints, exit 0; bad counters wrote a
// report.json that failed its own schema; 2 million runs took 1.6 GB.
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { CHECKPOINT_FILE, SPOOL_FILE } from '../../src/scan/journal.js';
import { freePort } from '../helpers/ports.js';
import { redisBinary, startRedis, stopAll, type RedisServer } from '../helpers/services.js';
import { runCli, startCli } from './run-cli.js';

type Json = Record<string, any>;

describe.skipIf(!redisBinary())('--resume on a tampered journal (issue 20 B14)', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-tampered-journal-'));
  const interrupted = join(work, 'interrupted');
  let redis: RedisServer;
  let args: string[];
  const held = new Set<net.Socket>();
  let tarpit: net.Server;
  let requested = 0;
  let onRequest: () => void = () => undefined;

  beforeAll(async () => {
    redis = await startRedis();
    tarpit = net.createServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
      socket.once('data', () => {
        requested++;
        onRequest();
      });
    });
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', () => resolve()));
    const tarpitPort = (tarpit.address() as net.AddressInfo).port;
    const closed = await freePort();
    args = [
      'scan',
      `127.0.0.1:${redis.port}`,
      `127.0.0.1:${tarpitPort}`,
      '127.0.0.32/29',
      '--ports',
      String(closed),
      '--timeout',
      '60s',
      '--concurrency',
      '2',
      '--no-history',
    ];

    const scan = startCli([...args, '--out', interrupted], { timeoutMs: 180_000 });
    // Interrupted once Redis's finding is spooled and the tarpit holds a probe (identification's request).
    const spool = join(interrupted, SPOOL_FILE);
    while (!(requested > 0 && existsSync(spool) && readFileSync(spool, 'utf8').includes('redis-unauthenticated'))) {
      await new Promise<void>((resolve) => {
        onRequest = resolve;
        setTimeout(resolve, 50);
      });
    }
    scan.child.kill('SIGINT');
    expect(await scan.exited, scan.output.stderr).toBe(2);
    const report = JSON.parse(readFileSync(join(interrupted, 'report.json'), 'utf8')) as Report;
    // The premise: a real interrupted journal, with a real finding in its spool.
    expect(report.scan.partial).toBe(true);
    expect(existsSync(join(interrupted, CHECKPOINT_FILE))).toBe(true);
  }, 300_000);

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => tarpit.close(() => resolve()));
    await stopAll();
  });

  /** A copy of the interrupted folder with its journal changed, resumed; the tarpit's probe is refused once reached. */
  async function resumeTampered(name: string, tamper: (dir: string) => void, nodeArgs: string[] = []) {
    const dir = join(work, name);
    cpSync(interrupted, dir, { recursive: true });
    tamper(dir);
    const run = await runCli([...args, '--out', dir, '--resume'], { nodeArgs, timeoutMs: 180_000 });
    return { ...run, dir };
  }

  const editCheckpoint = (edit: (checkpoint: Json) => void) => (dir: string) => {
    const file = join(dir, CHECKPOINT_FILE);
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as Json;
    edit(checkpoint);
    writeFileSync(file, JSON.stringify(checkpoint));
  };

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      'a garbage line inside the committed spool',
      (dir) => {
        writeFileSync(join(dir, SPOOL_FILE), 'this is not a result\n', { flag: 'a' });
        editCheckpoint((checkpoint) => (checkpoint.spoolBytes = statSync(join(dir, SPOOL_FILE)).size))(dir);
      },
      /the spool '.*' line \d+ is not JSON/,
    ],
    [
      'a spool line that is JSON but not a result (a finding missing its fields)',
      (dir) => {
        writeFileSync(join(dir, SPOOL_FILE), `${JSON.stringify({ i: 0, findings: [{ id: 'x' }] })}\n`, { flag: 'a' });
        editCheckpoint((checkpoint) => (checkpoint.spoolBytes = statSync(join(dir, SPOOL_FILE)).size))(dir);
      },
      /the spool '.*' line \d+ is not a result exposcan wrote/,
    ],
    [
      'a watermark of 1e15',
      editCheckpoint((checkpoint) => (checkpoint.watermark = 1e15)),
      /not sorted, disjoint runs above the watermark|counts \d+ probed endpoints but marks \d+ done/,
    ],
    [
      'a watermark of 1e15 with counters to match',
      editCheckpoint((checkpoint) => {
        checkpoint.watermark = 1e15;
        checkpoint.done = [];
        checkpoint.counters.endpoints = 1e15;
      }),
      /marks 1000000000000000 endpoints done, but this scan has at most \d+/,
    ],
    [
      'a negative counter',
      editCheckpoint((checkpoint) => (checkpoint.counters.open = -5)),
      /counters that are not counts/,
    ],
    [
      'an unknown failure name',
      editCheckpoint(
        (checkpoint) => (checkpoint.counters.failures = { ...checkpoint.counters.failures, '<script>': 1 }),
      ),
      /unknown failure '<script>'/,
    ],
    [
      'more identified than open',
      editCheckpoint((checkpoint) => (checkpoint.counters.identified = checkpoint.counters.open + 1)),
      /more identified than open/,
    ],
    [
      'reach for a target the scan does not have',
      editCheckpoint((checkpoint) => (checkpoint.counters.targets = { ...checkpoint.counters.targets, 99: null })),
      /reach for target '99'/,
    ],
  ])('%s: refused in one line, exit 2, the partial report left as it was', async (_name, tamper, reason) => {
    const { code, stderr, dir } = await resumeTampered(_name.replace(/\W+/g, '-'), tamper);
    expect(code, stderr).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^exposcan: --resume: the (checkpoint|spool) '.*' .*; run without --resume to start afresh$/,
    );
    expect(lines[0]).toMatch(reason);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.scan.partial).toBe(true);
  });

  it('2,000,000 finished runs: refused unread, within a 256 MB heap', async () => {
    const { code, stderr } = await resumeTampered(
      'two-million-runs',
      editCheckpoint((checkpoint) => {
        checkpoint.done = Array.from({ length: 2_000_000 }, (_, index) => [
          checkpoint.watermark + 2 * index + 1,
          checkpoint.watermark + 2 * index + 2,
        ]);
      }),
      ['--max-old-space-size=256'],
    );
    expect(code, stderr).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^exposcan: --resume: the checkpoint '.*' is larger than 16 MiB: not a checkpoint exposcan wrote; run without --resume to start afresh$/,
      ),
    ]);
  });

  it('300,000 finished runs in a small file: more than a scan can leave, refused', async () => {
    const { code, stderr } = await resumeTampered(
      'many-runs',
      editCheckpoint((checkpoint) => {
        checkpoint.done = Array.from({ length: 300_000 }, (_, index) => [
          checkpoint.watermark + 2 * index + 1,
          checkpoint.watermark + 2 * index + 2,
        ]);
      }),
    );
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/lists 300000 finished runs, more than a scan can leave/);
  });

  it('near miss: the untouched journal resumes and the scan completes with the finding it had spooled', async () => {
    // The tarpit goes away: resumed, its endpoint is refused at once instead of held for 60 s.
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => tarpit.close(() => resolve()));
    tarpit = net.createServer();
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', () => resolve()));
    const { code, stderr, dir } = await resumeTampered('untouched', () => undefined);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(reportProblem(report)).toBeUndefined();
    expect(report.scan.partial).toBe(false);
    expect(report.scan.resumed).toBe(true);
    expect(report.scan.stats.endpoints).toBe(2 + 8);
    expect(report.findings.map((finding) => finding.ruleId)).toContain('redis-unauthenticated');
  });
});
