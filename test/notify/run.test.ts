// The announcement contract over real scan histories (SQLite files) and a real receiver on
// 127.0.0.1: a service that appears, stays and vanishes over three scheduled runs is announced
// once, for the first run; reopening announces it once more; a failed delivery is owed and sent by
// the next run; the daily digest goes once per UTC day; an older history file gains the tables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { ANNOUNCEMENTS_VERSION } from '../../src/history/announcements.js';
import { HistoryStore } from '../../src/history/store.js';
import { notifySchema } from '../../src/notify/config.js';
import { notify } from '../../src/notify/run.js';
import type { Report } from '../../src/report/report.js';
import { withHistory } from '../../src/scan/history.js';
import { cloudFinding, hostileFinding, reportWith } from '../report/fixtures.js';
import { startReceiver, type Receiver } from './receivers.js';

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function scanAt(day: number, findings: readonly Finding[], id: string, hour = 3): Report {
  const base = reportWith(findings);
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, day, hour, 0, seconds)).toISOString();
  return { ...base, scan: { ...base.scan, id, startedAt: at(0), finishedAt: at(2) } };
}

async function setup(behaviour: 'ok' | 'fail' = 'ok', extra: Record<string, unknown> = {}) {
  const hook = await startReceiver(behaviour);
  receivers.push(hook);
  const history = { file: join(mkdtempSync(join(tmpdir(), 'exposcan-notify-run-')), 'history.sqlite') };
  const config = notifySchema.parse({
    sinks: [{ webhook: hook.url }],
    attempts: 1,
    backoff: 0,
    timeout: 2000,
    ...extra,
  });
  const run = async (day: number, findings: readonly Finding[], id: string, hour = 3) =>
    notify(withHistory(scanAt(day, findings, id, hour), history), config);
  return { hook, history, run, config };
}

const announcedIds = (hook: Receiver) =>
  hook.requests.map((request) =>
    (JSON.parse(request.body) as { kind: string; findings: { id: string }[] }).findings.map((finding) => finding.id),
  );

describe('notify over the scan history', () => {
  it('appears, stays, vanishes: exactly one notification, for the first run; a reopening sends one more', async () => {
    const { hook, run } = await setup();
    expect(await run(1, [hostileFinding], 'run-1')).toMatchObject({ announced: 1, owed: 0, failures: [] });
    expect(await run(2, [hostileFinding], 'run-2')).toMatchObject({ announced: 0 });
    expect(await run(3, [], 'run-3')).toMatchObject({ announced: 0 });
    expect(announcedIds(hook)).toEqual([[hostileFinding.id]]);
    expect(await run(4, [hostileFinding], 'run-4')).toMatchObject({ announced: 1 });
    expect(await run(5, [hostileFinding], 'run-5')).toMatchObject({ announced: 0 });
    expect(announcedIds(hook)).toEqual([[hostileFinding.id], [hostileFinding.id]]);
    expect((JSON.parse(hook.requests[1]!.body) as { findings: { status: string }[] }).findings[0]!.status).toBe(
      'reopened',
    );
  });

  it('below the threshold nothing is sent; lowering it announces only what opens from then on', async () => {
    const { hook, history, config } = await setup('ok', { severity: 'critical' });
    expect(await notify(withHistory(scanAt(1, [cloudFinding], 'a'), history), config)).toMatchObject({ announced: 0 });
    expect(hook.requests).toHaveLength(0);
    const lower = { ...config, severity: 'high' as const };
    expect(await notify(withHistory(scanAt(2, [cloudFinding], 'b'), history), lower)).toMatchObject({ announced: 0 });
    expect(hook.requests).toHaveLength(0);
  });

  it('a failed delivery is reported and owed; the next run sends it, then never again', async () => {
    const failing = await setup('fail');
    const first = await failing.run(1, [hostileFinding], 'run-1');
    expect(first).toMatchObject({ announced: 0, owed: 1 });
    expect(first.failures).toEqual([
      {
        sink: expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+$/),
        kind: 'changes',
        attempts: 1,
        error: 'HTTP 500',
      },
    ]);
    // The same history, now with a receiver that answers.
    const hook = await startReceiver('ok');
    receivers.push(hook);
    const config = { ...failing.config, sinks: [{ webhook: hook.url }] };
    expect(await notify(withHistory(scanAt(2, [hostileFinding], 'run-2'), failing.history), config)).toMatchObject({
      announced: 1,
      owed: 0,
    });
    expect(await notify(withHistory(scanAt(3, [hostileFinding], 'run-3'), failing.history), config)).toMatchObject({
      announced: 0,
    });
    expect(announcedIds(hook)).toEqual([[hostileFinding.id]]);
  });

  it('the daily digest lists every open finding at or above the threshold, once per UTC day', async () => {
    const { hook, run } = await setup('ok', { digest: 'daily' });
    expect(await run(1, [hostileFinding, cloudFinding], 'run-1')).toMatchObject({ announced: 2, digest: 'sent' });
    const second = await run(1, [hostileFinding, cloudFinding], 'run-1b', 15);
    expect(second.digest).toBeUndefined();
    expect(await run(2, [hostileFinding, cloudFinding], 'run-2')).toMatchObject({ announced: 0, digest: 'sent' });
    expect(hook.requests.map((request) => (JSON.parse(request.body) as { kind: string }).kind)).toEqual([
      'changes',
      'digest',
      'digest',
    ]);
  });

  it('without a recorded scan nothing is sent and the report says why', async () => {
    const { hook, config } = await setup();
    const report = scanAt(1, [hostileFinding], 'x');
    expect(await notify(report, config)).toMatchObject({
      announced: 0,
      skipped: expect.stringMatching(/not recorded/),
    });
    expect(
      await notify({ ...report, history: { file: '/nonexistent', fixed: [], notUpdated: 'disk full' } }, config),
    ).toMatchObject({ skipped: expect.any(String) });
    expect(hook.requests).toHaveLength(0);
  });

  it('migration: a history file from before --notify gains the tables (user_version 0 → 1), its scans kept', async () => {
    const { history, run } = await setup();
    const store = new HistoryStore(history.file);
    store.record(scanAt(1, [], 'old'));
    store.close();
    const before = new Database(history.file);
    expect(before.pragma('user_version', { simple: true })).toBe(0);
    before.close();
    await run(2, [hostileFinding], 'new');
    const after = new Database(history.file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(ANNOUNCEMENTS_VERSION);
    expect((after.prepare('SELECT count(*) AS n FROM scans').get() as { n: number }).n).toBe(2);
    expect(after.prepare('SELECT finding_id, state FROM announcements').all()).toEqual([
      { finding_id: hostileFinding.id, state: 'sent' },
    ]);
    after.close();
  });
});
