// --notify end to end through the built CLI: three scheduled scans of one loopback Elasticsearch
// (an emulator serving recorded Elasticsearch 7 responses) that appears, stays and vanishes send
// exactly one notification, for the first scan, to a webhook receiver on 127.0.0.1; a receiver
// that answers 500 is reported on stderr and in report.json, the report is still written, and
// --strict exits 2. A --notify without the history is a one-line usage error.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { freePort } from '../helpers/ports.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { startReceiver, type Receiver } from '../notify/receivers.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-notify-cli-'));
const historyFile = join(work, 'history.sqlite');

describe('--notify over scheduled scans', () => {
  let port: number;
  let emulator: ElasticEmulator | undefined;
  let hook: Receiver;
  let failing: Receiver;
  const runs: { result: CliRun; report: Record<string, any> }[] = [];

  async function scan(
    name: string,
    extra: readonly string[] = [],
  ): Promise<{ result: CliRun; report: Record<string, any> }> {
    const out = join(work, name);
    const result = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--timeout',
      '5s',
      '--history',
      historyFile,
      '--out',
      out,
      '--notify',
      hook.url,
      ...extra,
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(reportProblem(report)).toBeUndefined();
    return { result, report };
  }

  beforeAll(async () => {
    hook = await startReceiver('ok');
    failing = await startReceiver('fail');
    port = await freePort();
    emulator = await startElasticEmulator('elasticsearch-7-open', { port });
    runs.push(await scan('one'));
    runs.push(await scan('two'));
    await emulator.close();
    emulator = undefined;
    runs.push(await scan('three'));
  });
  afterAll(async () => {
    await emulator?.close();
    await hook.close();
    await failing.close();
  });

  it('appears, stays, vanishes: one notification, sent by the first scan', () => {
    expect(runs.map((run) => run.result.code)).toEqual([0, 0, 0]);
    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0]!.body) as {
      kind: string;
      scan: { id: string };
      findings: { ruleId: string; status: string }[];
    };
    expect(body.kind).toBe('changes');
    expect(body.scan.id).toBe(runs[0]!.report['scan'].id);
    expect(body.findings.map((finding) => finding.ruleId)).toContain('elasticsearch-unauthenticated');
    expect(body.findings.every((finding) => finding.status === 'new')).toBe(true);
    expect(runs.map((run) => run.report['notifications'].announced)).toEqual([body.findings.length, 0, 0]);
  });

  it('a failing receiver: reported on stderr and in the report, the report written, --strict exits 2', async () => {
    emulator = await startElasticEmulator('elasticsearch-7-open', { port });
    const out = join(work, 'four');
    const result = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--timeout',
      '5s',
      '--history',
      historyFile,
      '--out',
      out,
      '--notify',
      failing.url,
      '--strict',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /notification \(changes\) to webhook http:\/\/127\.0\.0\.1:\d+ failed after 3 attempts: HTTP 500/,
    );
    expect(result.stderr).not.toContain('SECRET-PATH');
    expect(result.stderr).toMatch(/--strict: the check was incomplete: .*notifications were not delivered/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(reportProblem(report)).toBeUndefined();
    expect(report['notifications']).toMatchObject({
      announced: 0,
      failures: [{ kind: 'changes', attempts: 3, error: 'HTTP 500' }],
    });
    expect(report['notifications'].owed).toBeGreaterThan(0);
    expect(failing.requests).toHaveLength(3);
  });

  it('killed during delivery: report.json is already written, valid, its announcement owed; the next scan sends it', async () => {
    // Its own history, receivers and Elasticsearch, so the runs above do not decide what is new.
    const history = join(work, 'killed-history.sqlite');
    const hanging = await startReceiver('hang');
    const later = await startReceiver('ok');
    const ownPort = await freePort();
    const own = await startElasticEmulator('elasticsearch-7-open', { port: ownPort });
    try {
      const args = (name: string, url: string) => [
        'scan',
        '--target',
        `127.0.0.1:${ownPort}`,
        '--timeout',
        '5s',
        '--history',
        history,
        '--out',
        join(work, name),
        '--notify',
        url,
      ];
      // The hanging receiver reads the request and never answers: the CLI is killed while it waits.
      const killed = await runCli(args('killed', hanging.url), {
        onSpawn: (child) => void hanging.received(1).then(() => child.kill('SIGKILL')),
      });
      expect(killed.code).toBeNull();
      const report = JSON.parse(readFileSync(join(work, 'killed', 'report.json'), 'utf8')) as Record<string, any>;
      expect(reportProblem(report)).toBeUndefined();
      expect(report['notifications'].announced).toBe(0);
      const owed = report['notifications'].owed as number;
      expect(owed).toBeGreaterThan(0);

      const next = await runCli(args('after-kill', later.url));
      expect(next.code).toBe(0);
      expect(later.requests).toHaveLength(1);
      const body = JSON.parse(later.requests[0]!.body) as { findings: { status: string }[] };
      expect(body.findings).toHaveLength(owed);
      // Still open, not new: announced because it was owed.
      expect(body.findings.every((finding) => finding.status === 'open')).toBe(true);
      const nextReport = JSON.parse(readFileSync(join(work, 'after-kill', 'report.json'), 'utf8')) as Record<
        string,
        any
      >;
      expect(nextReport['notifications']).toMatchObject({ announced: owed, owed: 0 });
    } finally {
      await own.close();
      await hanging.close();
      await later.close();
    }
  });

  it('--notify without the history is a one-line usage error before any probe', async () => {
    const result = await runCli([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--no-history',
      '--out',
      join(work, 'five'),
      '--notify',
      hook.url,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--notify needs the scan history/);
  });
});
