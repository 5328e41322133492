// Issue 14 item 4: a targets file of 125,000 lines or more once crashed with RangeError (all
// targets spread into one push). 200,000 loopback targets, all excluded so nothing is probed:
// the file is read whole, the scan ends normally and writes its report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'exposcan-large-targets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a large targets file', () => {
  it('200,000 lines: read without a crash, exit 0, a report written', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) lines.push(`127.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:1`);
    const file = join(work, 'targets.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(work, 'out');
    const run = await runCli([
      'scan',
      '--targets-file',
      file,
      '--exclude',
      '127.0.0.0/8',
      '--out',
      out,
      '--no-history',
    ]);
    expect(run.stderr).not.toMatch(/RangeError|unexpected error/);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toHaveProperty('scan');
  });
});
