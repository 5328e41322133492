// Runs one scanner as a child process and measures it from the outside: wall time, and resident
// memory read from /proc/<pid>/status (VmRSS now, VmHWM the kernel's own high-water mark) every
// `sampleMs`, so the peak is the kernel's figure, not an estimate from sparse samples.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly wallMs: number;
  /** Peak resident set (VmHWM) in kB: the last reading before the process exited. */
  readonly peakRssKb: number;
  /** CPU time (user + system) of the child, from /proc/PID/stat at the last sample before it exited: short by up to one sample period. */
  readonly cpuMs: number;
  /** VmRSS readings in kB, one per sample, in order. */
  readonly rssKb: readonly number[];
  readonly stdout: string;
  readonly stderr: string;
}

export interface MeasureOptions {
  readonly sampleMs?: number;
  readonly cwd?: string;
  /** Extra environment variables for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called with each VmRSS reading (kB) and the elapsed time, for live progress. */
  readonly onSample?: (rssKb: number, elapsedMs: number) => void;
}

/** Children still running, so an interrupted bench can end them (and only them). */
const running = new Set<ReturnType<typeof spawn>>();

export function killMeasured(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** utime + stime of a live process in ms (clock ticks of 10 ms on Linux), or undefined once it is gone. */
function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // already gone
  }
}

export function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const rssKb: number[] = [];
  let peakRssKb = 0;
  let cpuMs = 0;
  const sample = () => {
    const pid = child.pid;
    if (pid === undefined) return;
    cpuMs = cpuMsOf(pid) ?? cpuMs;
    const rss = statusKb(pid, 'VmRSS');
    const hwm = statusKb(pid, 'VmHWM');
    if (hwm !== undefined) peakRssKb = Math.max(peakRssKb, hwm);
    if (rss !== undefined) {
      rssKb.push(rss);
      peakRssKb = Math.max(peakRssKb, rss);
      options.onSample?.(rss, performance.now() - started);
    }
  };
  const timer = setInterval(sample, options.sampleMs ?? 100);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearInterval(timer);
      running.delete(child);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      running.delete(child);
      const wallMs = performance.now() - started;
      // stdout/stderr may still be draining: wait for the streams to close.
      child.once('close', () => resolve({ code, signal, wallMs, peakRssKb, cpuMs, rssKb, stdout, stderr }));
    });
  });
}
