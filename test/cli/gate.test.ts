// The gate end to end: the built CLI against an emulated open Elasticsearch on loopback, with
// --fail-on high, then with --suppressions (active and expired) and with --baseline.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportProblem } from '../../src/report/validate.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-gate-'));

/** Asynchronous: the emulator runs in this process and must keep answering while the CLI scans. */
function exposcan(args: readonly string[]): Promise<CliRun> {
  return runCli(args);
}

interface Finding {
  id: string;
  ruleId: string;
  severity: string;
  target?: { host: string; port: number };
}

function readReport(out: string) {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(reportProblem(report)).toBeUndefined();
  return report as {
    findings: Finding[];
    scan: { baseline?: { file: string; known: number; new: number } };
    suppressions?: {
      suppressed: { id: string; reason: string }[];
      expired: { entry: number; findings: string[] }[];
      unused: { entry: number }[];
    };
  };
}

describe('--fail-on with --suppressions and --baseline', () => {
  let emulator: ElasticEmulator;
  let scanArgs: string[];
  let first: ReturnType<typeof readReport>;
  let gating: Finding[];

  beforeAll(async () => {
    emulator = await startElasticEmulator('elasticsearch-7-open');
    scanArgs = ['scan', '--target', `127.0.0.1:${emulator.port}`, '--fail-on', 'high', '--timeout', '5s'];
    const out = join(work, 'first');
    const result = await exposcan([...scanArgs, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    first = readReport(out);
    gating = first.findings.filter((finding) => ['critical', 'high'].includes(finding.severity));
  });
  afterAll(() => emulator.close());

  it('an open Elasticsearch fails --fail-on high', async () => {
    expect(first.findings.map((finding) => finding.ruleId)).toContain('elasticsearch-unauthenticated');
    expect(gating.length).toBeGreaterThan(0);
    expect(first.suppressions).toBeUndefined();
    expect(first.scan.baseline).toBeUndefined();
  });

  it('suppressing each failing finding (by rule + exact target, or id) passes and lists them as suppressed', async () => {
    const file = join(work, 'active.yaml');
    const entries = gating.map((finding, index) =>
      index === 0
        ? `  - rule: ${finding.ruleId}\n    target: "127.0.0.1:${finding.target!.port}"\n    reason: lab emulator\n    expires: 2999-12-31\n    owner: qa\n`
        : `  - id: ${finding.id}\n    reason: lab emulator\n    expires: 2999-12-31\n`,
    );
    // A near miss never matches: a target whose port only starts with the right digits stays unused.
    const nearMiss = `  - rule: ${gating[0]!.ruleId}\n    target: "127.0.0.1:${String(emulator.port).slice(0, -1)}"\n    reason: near miss\n    expires: 2999-12-31\n`;
    writeFileSync(file, `suppressions:\n${entries.join('')}${nearMiss}`);
    const out = join(work, 'suppressed');
    const result = await exposcan([...scanArgs, '--out', out, '--suppressions', file]);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(out);
    expect(report.suppressions!.suppressed.map((entry) => entry.id).sort()).toEqual(
      gating.map((finding) => finding.id).sort(),
    );
    expect(report.suppressions!.suppressed[0]!.reason).toBe('lab emulator');
    expect(report.findings.map((finding) => finding.id)).not.toContain(gating[0]!.id);
    expect(report.suppressions!.expired).toEqual([]);
    expect(report.suppressions!.unused.map((entry) => entry.entry)).toEqual([gating.length + 1]);
    expect(result.stdout).toMatch(new RegExp(`suppressions: ${gating.length} suppressed, 0 expired, 1 unused`));
    expect(result.stdout).toContain(`UNUSED: entry ${gating.length + 1}`);
  });

  it('an expired suppression stops suppressing: exit 1 and the entry listed as expired', async () => {
    const file = join(work, 'expired.yaml');
    writeFileSync(
      file,
      `suppressions:\n${gating.map((finding) => `  - id: ${finding.id}\n    reason: was accepted\n    expires: 2001-01-01\n`).join('')}`,
    );
    const out = join(work, 'expired');
    const result = await exposcan([...scanArgs, '--out', out, '--suppressions', file]);
    expect(result.code, result.stderr).toBe(1);
    const report = readReport(out);
    expect(report.suppressions!.suppressed).toEqual([]);
    expect(report.suppressions!.expired.map((entry) => entry.findings[0])).toEqual(gating.map((finding) => finding.id));
    expect(report.findings.map((finding) => finding.id)).toEqual(
      expect.arrayContaining(gating.map((finding) => finding.id)),
    );
    expect(result.stdout).toContain(`0 suppressed, ${gating.length} expired, 0 unused`);
    expect(result.stdout).toMatch(/EXPIRED: entry 1 .* expired 2001-01-01/);
  });

  it('--strict turns an incomplete check into exit 2: here a suppression that matched nothing', async () => {
    const all = gating
      .map((finding) => `  - id: ${finding.id}\n    reason: lab emulator\n    expires: 2999-12-31\n`)
      .join('');
    const stale = `  - rule: ${gating[0]!.ruleId}\n    target: "192.0.2.10:9200"\n    reason: host retired\n    expires: 2999-12-31\n`;
    const clean = join(work, 'strict-clean.yaml');
    const withStale = join(work, 'strict-stale.yaml');
    writeFileSync(clean, `suppressions:\n${all}`);
    writeFileSync(withStale, `suppressions:\n${all}${stale}`);
    const passing = await exposcan([
      ...scanArgs,
      '--out',
      join(work, 'strict-clean'),
      '--suppressions',
      clean,
      '--strict',
    ]);
    expect(passing.code, passing.stderr).toBe(0);
    const incomplete = await exposcan([
      ...scanArgs,
      '--out',
      join(work, 'strict-stale'),
      '--suppressions',
      withStale,
      '--strict',
    ]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr.trim()).toBe(
      'exposcan: --strict: the check was incomplete: 1 suppression(s) matched nothing',
    );
    // Without --strict the same run passes: the stale entry is only listed.
    const lenient = await exposcan([...scanArgs, '--out', join(work, 'strict-lenient'), '--suppressions', withStale]);
    expect(lenient.code).toBe(0);
  });

  it('--baseline of the first report passes: no finding is new', async () => {
    const out = join(work, 'baselined');
    const baseline = join(work, 'first', 'report.json');
    const result = await exposcan([...scanArgs, '--out', out, '--baseline', baseline]);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(out);
    expect(report.findings.length).toBe(first.findings.length);
    expect(report.scan.baseline).toEqual({ file: baseline, known: first.findings.length, new: 0 });
    expect(result.stdout).toContain(`baseline: ${first.findings.length} known, 0 new`);
  });

  it('--baseline of a report without those findings still fails', async () => {
    const empty = join(work, 'empty-baseline.json');
    const report = JSON.parse(readFileSync(join(work, 'first', 'report.json'), 'utf8'));
    writeFileSync(empty, JSON.stringify({ ...report, findings: [] }));
    const result = await exposcan([...scanArgs, '--out', join(work, 'not-baselined'), '--baseline', empty]);
    expect(result.code, result.stderr).toBe(1);
  });

  it.each([
    [
      ['--baseline', '/nonexistent/report.json'],
      /^exposcan: --baseline '\/nonexistent\/report.json' cannot be read: ENOENT$/,
    ],
    [
      ['--suppressions', '/nonexistent/s.yaml'],
      /^exposcan: suppressions file '\/nonexistent\/s.yaml' cannot be read: ENOENT$/,
    ],
  ])('%j is a one-line usage error before any probe', async (extra, message) => {
    const result = await exposcan([...scanArgs, '--out', join(work, 'bad'), ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a bad suppressions entry and a non-report baseline are one line each', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(
      bad,
      'suppressions:\n  - rule: elasticsearch-unauthenticated\n    target: 127.0.0.1:9200\n    expires: 2999-01-01\n',
    );
    const result = await exposcan([...scanArgs, '--out', join(work, 'bad'), '--suppressions', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^exposcan: suppressions file '.*bad.yaml': entry 1 \(suppressions\[0\]\) field 'reason': required$/,
    );
    const notReport = join(work, 'not-report.json');
    writeFileSync(notReport, '{"hello": 1}');
    const second = await exposcan([...scanArgs, '--out', join(work, 'bad'), '--baseline', notReport]);
    expect(second.code).toBe(2);
    expect(second.stderr.trim()).toMatch(/^exposcan: --baseline '.*not-report.json' is not an exposcan report/);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the config file keys work like the flags', async () => {
    const config = join(work, 'gate.yaml');
    writeFileSync(config, `baseline: ${join(work, 'first', 'report.json')}\n`);
    const result = await exposcan([...scanArgs, '--out', join(work, 'config'), '--config', config]);
    expect(result.code, result.stderr).toBe(0);
  });
});
