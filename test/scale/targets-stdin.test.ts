// `--targets-file -` reads the targets from standard input (the built CLI, `npx tsc -p tsconfig.json` first).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

describe('--targets-file -', () => {
  it('scans the targets piped on standard input', async () => {
    const out = mkdtempSync(join(tmpdir(), 'exposcan-stdin-'));
    const ports = [await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [bin, 'scan', '--targets-file', '-', '--out', out, '--no-history', '--timeout', '1s'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(`# piped\n127.0.0.1:${ports[0]}\n127.0.0.1:${ports[1]}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      targets: string[];
      scan: { stats: { endpoints: number } };
    };
    expect(report.scan.stats.endpoints).toBe(2);
  }, 120_000);
});
