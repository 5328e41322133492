// Runs the built CLI (bin/exposcan.js → dist/, so `npx tsc -p tsconfig.json` first) as a user
// would, and watches it from outside: wall time, and memory sampled from /proc while it runs (the
// peak resident set, VmHWM, is the kernel's own high-water mark, so no spike between samples is missed).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
  /** Highest VmHWM (peak resident set) read from /proc, in MB; 0 when /proc could not be read. */
  readonly peakRssMb: number;
  /** Whether the run had to be killed at `killAfterMs` (a hang). */
  readonly killed: boolean;
  readonly report: unknown;
}

function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function runCli(args: readonly string[], out: string, killAfterMs: number): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 50);
  let killed = false;
  // Past this the scan is hung: kill it so the test reports that instead of timing out itself.
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, killAfterMs);
  return new Promise((resolve) => {
    // 'close', not 'exit': every byte of stdout and stderr has arrived by then.
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      let report: unknown;
      try {
        report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      } catch {
        report = undefined;
      }
      resolve({ code, stdout, stderr, elapsedMs: Date.now() - started, peakRssMb: peak, killed, report });
    });
  });
}
