// The internet-shaped lab (bench/wan-lab.ts) as a recall test: a /24 of loopback addresses in a
// network namespace of its own (`unshare -n`), SYNs to unused addresses dropped and 3 % of SYNs
// to live hosts dropped at random by nftables, REAL redis-server, memcached and PostgreSQL on
// their default ports. One scan with exposcan's default flags must report every open port, and
// nothing else as open. No time is asserted (speed is `npm run bench -- --wan`). The lab runs in
// a child (`unshare -n node dist/bench/wan.js`: the built tree, `npx tsc -p tsconfig.json` first),
// so nothing of it can reach or be reached from any real network.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wanLabMissing } from '../../bench/wan-lab.js';

const missing = wanLabMissing();
if (missing && process.env.CI) throw new Error(`the namespace recall test cannot run under CI: ${missing}`);
if (missing) console.warn(`skipping the namespace recall test: ${missing}`);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface LabResult {
  readonly open: readonly { host: string; port: number }[];
  readonly runs: readonly { exposcan: { found: string[]; missed: string[]; extra: string[]; endpoints: number } }[];
}

function runLab(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'unshare',
      ['-n', process.execPath, path.join(ROOT, 'dist/bench/wan.js'), '--runs', '1', '--no-nmap', '--json'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(missing !== undefined)('an internet-shaped /24 in a network namespace', () => {
  it('default flags find every open port despite filtered addresses and SYN loss, and nothing else', async () => {
    const { code, stdout, stderr } = await runLab();
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as LabResult;
    const [run] = result.runs;
    expect(result.open.length).toBeGreaterThanOrEqual(5);
    expect(run!.exposcan.endpoints).toBe(256 * (JSON.parse(stdout) as { ports: number[] }).ports.length);
    expect(run!.exposcan.missed).toEqual([]);
    expect(run!.exposcan.found).toHaveLength(result.open.length);
    expect(run!.exposcan.extra).toEqual([]);
  }, 600_000);
});
