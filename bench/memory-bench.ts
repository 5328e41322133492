// `npm run bench -- --memory`: exposcan's memory against the size of the target list. Scans
// loopback ranges (every address in them, a few ports each) where nothing listens, sampling the
// process's RSS every second. Flat means the /12 peaks where the /16 does.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, runExposcan } from './exposcan.js';
import { megabytes, rate, seconds, table } from './format.js';
import { measure, type Measured } from './measure.js';

/** Candidates for the memory scan's ports, tried in order. */
const CANDIDATE_PORTS = [9200, 11211, 27017, 5601, 9042, 8080, 2379, 15672] as const;

/**
 * Ports where nothing listens on any loopback address or on the wildcard, per `ss -ltn`: the
 * memory scan measures the engine on closed ports and must never knock on a machine service.
 */
export function quietPorts(count: number): number[] {
  const listening = new Set<number>();
  for (const line of execFileSync('ss', ['-ltnH'], { encoding: 'utf8' }).split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    const port = local ? Number(local.slice(local.lastIndexOf(':') + 1)) : NaN;
    if (Number.isInteger(port)) listening.add(port);
  }
  const chosen = CANDIDATE_PORTS.filter((port) => !listening.has(port)).slice(0, count);
  if (chosen.length < count)
    throw new Error(`fewer than ${count} of ${CANDIDATE_PORTS.join(',')} are free on this machine`);
  return chosen;
}

/**
 * What is measured on each range:
 *   cli     the CLI as users run it;
 *   capped  the same with NODE_OPTIONS=--max-old-space-size=64: how much of the peak is garbage V8
 *           had not collected yet (the scan still finishes when the live heap fits);
 *   engine  runScan alone (engine-memory.ts), without the CLI's start-up imports.
 */
export const MEMORY_VARIANTS = ['cli', 'capped', 'engine'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

export interface MemoryRun {
  readonly range: string;
  readonly variant: MemoryVariant;
  readonly endpoints: number;
  readonly measured: Measured;
  readonly command: string;
  /** Peak VmRSS among the 1 s samples. */
  readonly maxSampledKb: number;
  /** RSS (kB) at 10 %, 50 %, 90 % of the samples and the last one: flat or growing. */
  readonly profile: readonly number[];
}

export interface MemoryPlan {
  readonly range: string;
  readonly variants: readonly MemoryVariant[];
}

export async function runMemoryBench(options: {
  plan: readonly MemoryPlan[];
  ports: readonly number[];
  workDir: string;
  concurrency: number;
  rate: number;
  log: (line: string) => void;
}): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = [];
  for (const { range, variants } of options.plan) {
    for (const variant of variants) {
      options.log(
        `${variant}: ${range} × ports ${options.ports.join(',')}, rate ${options.rate} concurrency ${options.concurrency}; RSS sampled every second`,
      );
      let lastPrint = 0;
      const sampling = {
        sampleMs: 1000,
        onSample: (rssKb: number, elapsedMs: number) => {
          if (elapsedMs - lastPrint < 30_000) return;
          lastPrint = elapsedMs;
          options.log(`  ${seconds(elapsedMs)}: RSS ${megabytes(rssKb)}`);
        },
      };
      let measured: Measured;
      let endpoints: number;
      let command: string;
      if (variant === 'engine') {
        const args = ['dist/bench/engine-memory.js', range, options.ports.join(','), String(options.concurrency)];
        measured = await measure(process.execPath, args, { ...sampling, cwd: REPO_ROOT });
        if (measured.code !== 0)
          throw new Error(`engine-memory exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim()}`);
        endpoints = (JSON.parse(measured.stdout) as { endpoints: number }).endpoints;
        command = `node ${args.join(' ')}`;
      } else {
        const heapCap = variant === 'capped' ? '--max-old-space-size=64' : undefined;
        const run = await runExposcan(
          {
            targets: [range],
            ports: options.ports,
            out: path.join(options.workDir, `exposcan-memory-${variant}-${range.replace(/[./]/g, '_')}`),
            timeout: '2s',
            concurrency: options.concurrency,
            rate: options.rate,
          },
          { ...sampling, ...(heapCap ? { env: { NODE_OPTIONS: heapCap } } : {}) },
        );
        measured = run.measured;
        endpoints = run.report.scan.stats.endpoints;
        command = heapCap ? `NODE_OPTIONS=${heapCap} ${run.command}` : run.command;
      }
      const samples = measured.rssKb;
      const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * share))] ?? 0;
      runs.push({
        range,
        variant,
        endpoints,
        measured,
        command,
        maxSampledKb: Math.max(0, ...samples),
        profile: [at(0.1), at(0.5), at(0.9), samples[samples.length - 1] ?? 0],
      });
    }
  }
  return runs;
}

export function formatMemoryBench(runs: readonly MemoryRun[], ports: readonly number[]): string {
  return [
    `### Memory against the target list (ports ${ports.join(',')}, nothing listening)`,
    '',
    table(
      [
        'targets',
        'what',
        'endpoints',
        'wall time',
        'endpoints/s',
        'RSS at 10% / 50% / 90% / end',
        'max sampled RSS',
        'peak RSS (VmHWM)',
      ],
      runs.map((entry) => [
        entry.range,
        entry.variant,
        String(entry.endpoints),
        seconds(entry.measured.wallMs),
        rate((entry.endpoints / entry.measured.wallMs) * 1000),
        entry.profile.map((kb) => (kb / 1024).toFixed(0)).join(' / ') + ' MB',
        megabytes(entry.maxSampledKb),
        megabytes(entry.measured.peakRssKb),
      ]),
    ),
    '',
    "cli: the CLI as users run it. capped: the same under NODE_OPTIONS=--max-old-space-size=64 (garbage collected sooner). engine: runScan alone, without the CLI's start-up imports (bench/engine-memory.ts).",
    '',
  ].join('\n');
}
