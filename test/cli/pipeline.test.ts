// exposcan in a pipeline (issue 13, problem 4), end to end through the built CLI against an
// emulated open Elasticsearch on loopback (recorded real responses, test/emulators/elastic.ts):
// positional targets, --jsonl findings on stdout with the summary on stderr, comma lists for
// --format, port ranges, --exclude, -h and -V. Before, each of these was refused or missing.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-pipeline-'));

describe('a scan in a pipeline', () => {
  let emulator: ElasticEmulator;
  let run: CliRun;
  let closed: number;
  const out = join(work, 'out');

  beforeAll(async () => {
    emulator = await startElasticEmulator('elasticsearch-7-open');
    closed = await freePort();
    // The emulator as a positional target; 127.0.0.3 (a bare host, every port of the range) excluded.
    run = await runCli([
      'scan',
      `127.0.0.1:${emulator.port}`,
      '127.0.0.3',
      '--ports',
      `${closed}-${closed}`,
      '--exclude',
      '127.0.0.2-4',
      '-f',
      'md,html',
      '--jsonl',
      '--out',
      out,
      '--no-history',
    ]);
  });
  afterAll(() => emulator.close());

  it('streams one finding a line to stdout, the same findings as report.json', () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const streamed = lines.map((line) => JSON.parse(line) as { id: string; ruleId: string });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(streamed.map((finding) => finding.id).sort()).toEqual(
      report.findings.map((finding: { id: string }) => finding.id).sort(),
    );
    expect(streamed.map((finding) => finding.ruleId)).toContain('elasticsearch-unauthenticated');
  });

  it('writes the human summary to stderr instead', () => {
    expect(run.stderr).toMatch(/\d+ findings? \(.*\) on 1 endpoint probed/);
    expect(run.stderr).toContain(`wrote ${join(out, 'report.json')}`);
  });

  it('reads -f md,html as two formats, and leaves the excluded host unprobed', () => {
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.scan.targets).toEqual([`127.0.0.1:${emulator.port}`, '127.0.0.3']);
    expect(report.scan.stats.endpoints).toBe(1);
  });
});

describe('help and version', () => {
  it('-h prints the usage, -V the version', async () => {
    const [help, version] = await Promise.all([runCli(['-h']), runCli(['-V'])]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('exposcan <command> [options]');
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
