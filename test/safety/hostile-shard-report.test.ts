// Issue 20 B13: a shard report is input like any other, and a hostile one is refused in one line.
// A report claiming to be one of 100,000,000 shards once made `exposcan merge` list every missing
// shard: it ran out of memory at 5.4 GB and aborted (exit 134). The child runs with a 192 MB heap,
// so the old code fails this test in seconds instead of taking the machine down with it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { buildReport } from '../../src/report/report.js';
import { runCli } from './run-cli.js';

function shardReport(index: number, count: number): unknown {
  const outcome: ScanOutcome = {
    startedAt: new Date(Date.UTC(2026, 11, 6, 10)),
    finishedAt: new Date(Date.UTC(2026, 11, 6, 11)),
    partial: false,
    stats: { endpoints: 1, open: 0, identified: 0, failures: { refused: 1 }, findings: 0 },
    services: [],
    findings: [],
    coverage: [],
    unreached: [],
  };
  return buildReport({
    id: `scan-${index}`,
    tool: { name: 'exposcan', version: '0.1.0' },
    targets: ['192.0.2.0/28'],
    rules: ['redis-unauthenticated'],
    settings: { concurrency: 64, perHost: 4, rate: 1000, timeoutMs: 5000, ports: [6379] },
    outcome,
    shard: { index, count },
  });
}

async function mergeTampered(tamper: (report: { scan: { shard: { index: number; count: number } } }) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-hostile-shard-'));
  const file = join(dir, 'shard-1.json');
  const report = shardReport(1, 2) as { scan: { shard: { index: number; count: number } } };
  tamper(report);
  writeFileSync(file, JSON.stringify(report));
  const run = await runCli(['merge', file, '--out', join(dir, 'out'), '--no-history'], {
    nodeArgs: ['--max-old-space-size=192'],
    timeoutMs: 180_000,
  });
  return { ...run, file };
}

describe('merge refuses a hostile shard report (issue 20 B13)', () => {
  it.each([
    [
      'a count of 100,000,000 shards',
      (report: { scan: { shard: { count: number } } }) => (report.scan.shard.count = 100_000_000),
    ],
    [
      'a count past the CLI bound (10,001)',
      (report: { scan: { shard: { count: number } } }) => (report.scan.shard.count = 10_001),
    ],
    ['an index past its own count', (report: { scan: { shard: { index: number } } }) => (report.scan.shard.index = 7)],
  ])('%s: one line naming the file, exit 2, nothing written', async (_name, tamper) => {
    const { code, stdout, stderr, file } = await mergeTampered(tamper);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
