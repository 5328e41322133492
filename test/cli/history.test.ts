// The scan history end to end: the built CLI scans one loopback Elasticsearch three times with one
// --history file while the service comes and goes on the same port: new, then fixed, then reopened
// with its first-seen date kept. Then `exposcan diff` and `exposcan history`.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { freePort } from '../helpers/ports.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-history-'));
const historyFile = join(work, 'data', 'history.sqlite');

/** Asynchronous: the emulator runs in this process and must keep answering while the CLI scans. */
function exposcan(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return runCli(args, { env });
}

interface HistoryReport {
  scan: { id: string; startedAt: string; partial: boolean };
  findings: { id: string; ruleId: string; status?: string; firstSeen?: string }[];
  history?: {
    file: string;
    previousScan?: string;
    fixed: { id: string; ruleId: string; place: string; firstSeen: string; lastSeen: string }[];
  };
}

function readReport(out: string): HistoryReport {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(reportProblem(report)).toBeUndefined();
  return report as HistoryReport;
}

describe('--history over a changing set of local services', () => {
  let port: number;
  let emulator: ElasticEmulator | undefined;
  const reports: HistoryReport[] = [];
  const outputs: string[] = [];

  async function scan(name: string): Promise<HistoryReport> {
    const out = join(work, name);
    const result = await exposcan([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--timeout',
      '5s',
      '--history',
      historyFile,
      '--out',
      out,
      '--format',
      'md',
      '--format',
      'html',
    ]);
    expect(result.code, result.stderr).toBe(0);
    outputs.push(result.stdout);
    return readReport(out);
  }

  beforeAll(async () => {
    port = await freePort();
    emulator = await startElasticEmulator('elasticsearch-7-open', { port });
    reports.push(await scan('one'));
    await emulator.close();
    emulator = undefined;
    reports.push(await scan('two'));
    emulator = await startElasticEmulator('elasticsearch-7-open', { port });
    reports.push(await scan('three'));
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('scan 1: every finding is new, first seen at scan 1’s start', () => {
    const [first] = reports;
    expect(first!.findings.map((finding) => finding.ruleId)).toContain('elasticsearch-unauthenticated');
    for (const finding of first!.findings) {
      expect(finding.status).toBe('new');
      expect(finding.firstSeen).toBe(first!.scan.startedAt);
    }
    expect(first!.history).toEqual({ file: historyFile, fixed: [] });
    expect(outputs[0]).toMatch(/STATUS/);
    expect(outputs[0]).toContain('new, first seen today');
  });

  it('scan 2: the service is gone and each of its findings is listed as fixed', () => {
    const [first, second] = reports;
    expect(second!.findings).toEqual([]);
    expect(second!.history!.previousScan).toBe(first!.scan.id);
    expect(second!.history!.fixed.map((entry) => entry.id).sort()).toEqual(
      first!.findings.map((finding) => finding.id).sort(),
    );
    for (const entry of second!.history!.fixed) {
      expect(entry.firstSeen).toBe(first!.scan.startedAt);
      expect(entry.lastSeen).toBe(first!.scan.startedAt);
      expect(entry.place).toBe(`127.0.0.1:${port}`);
    }
    expect(outputs[1]).toContain(`${first!.findings.length} fixed`);
    expect(outputs[1]).toContain('FIXED: elasticsearch-unauthenticated');
    expect(readFileSync(join(work, 'two', 'report.md'), 'utf8')).toContain('## Fixed since the previous scan');
    expect(readFileSync(join(work, 'two', 'report.html'), 'utf8')).toContain('Fixed since the previous scan');
  });

  it('scan 3: the service is back on the same port, its findings reopened with the first-seen date of scan 1', () => {
    const [first, second, third] = reports;
    expect(third!.findings.map((finding) => finding.id).sort()).toEqual(
      first!.findings.map((finding) => finding.id).sort(),
    );
    for (const finding of third!.findings) {
      expect(finding.status).toBe('reopened');
      expect(finding.firstSeen).toBe(first!.scan.startedAt);
    }
    expect(third!.history!.previousScan).toBe(second!.scan.id);
    expect(third!.history!.fixed).toEqual([]);
    expect(readFileSync(join(work, 'three', 'report.md'), 'utf8')).toMatch(/reopened, first seen today \(first seen /);
    expect(readFileSync(join(work, 'three', 'report.html'), 'utf8')).toContain('reopened, first seen today');
  });

  it('exposcan diff: report 1 → 2 is all fixed; 1 → 3 is all still open', async () => {
    const [first] = reports;
    const ids = first!.findings.map((finding) => finding.id).sort();
    const fixed = await exposcan([
      'diff',
      join(work, 'one', 'report.json'),
      join(work, 'two', 'report.json'),
      '--json',
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    const diff = JSON.parse(fixed.stdout) as {
      added: { id: string }[];
      fixed: { id: string }[];
      open: { id: string }[];
    };
    expect(diff.added).toEqual([]);
    expect(diff.open).toEqual([]);
    expect(diff.fixed.map((entry) => entry.id).sort()).toEqual(ids);
    const text = await exposcan(['diff', join(work, 'one', 'report.json'), join(work, 'two', 'report.json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`0 new, ${ids.length} fixed, 0 still open`);
    const open = await exposcan([
      'diff',
      join(work, 'one', 'report.json'),
      join(work, 'three', 'report.json'),
      '--json',
    ]);
    expect((JSON.parse(open.stdout) as { open: unknown[] }).open).toHaveLength(ids.length);
    const back = await exposcan(['diff', join(work, 'two', 'report.json'), join(work, 'three', 'report.json')]);
    expect(back.stdout).toContain(`${ids.length} new, 0 fixed, 0 still open`);
  });

  it('exposcan history lists the three scans, newest first, and shows one', async () => {
    const listed = await exposcan(['history', '--history', historyFile, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const scans = JSON.parse(listed.stdout) as { id: string; findings: number; partial: boolean }[];
    expect(scans.map((row) => row.id)).toEqual(reports.map((report) => report.scan.id).reverse());
    const text = await exposcan(['history', '--history', historyFile]);
    expect(text.stdout.trim().split('\n')).toHaveLength(3);
    const shown = await exposcan(['history', 'show', reports[0]!.scan.id, '--history', historyFile]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`scan ${reports[0]!.scan.id}`);
    expect(shown.stdout).toContain('elasticsearch-unauthenticated');
    const missing = await exposcan(['history', 'show', 'nope', '--history', historyFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`exposcan: no scan 'nope' in ${historyFile}`);
  });

  it('--no-history records nothing and adds no history fields; the default file follows XDG_DATA_HOME', async () => {
    const out = join(work, 'none');
    const result = await exposcan([
      'scan',
      '--target',
      `127.0.0.1:${port}`,
      '--timeout',
      '5s',
      '--no-history',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(out);
    expect(report.history).toBeUndefined();
    expect(report.findings.every((finding) => finding.status === undefined && finding.firstSeen === undefined)).toBe(
      true,
    );
    const dataHome = join(work, 'xdg');
    const defaulted = await exposcan(
      ['scan', '--target', `127.0.0.1:${port}`, '--timeout', '5s', '--out', join(work, 'xdg-out')],
      { ...process.env, XDG_DATA_HOME: dataHome },
    );
    expect(defaulted.code, defaulted.stderr).toBe(0);
    expect(existsSync(join(dataHome, 'exposcan', 'history.sqlite'))).toBe(true);
    expect(readReport(join(work, 'xdg-out')).history!.file).toBe(join(dataHome, 'exposcan', 'history.sqlite'));
  });
});
