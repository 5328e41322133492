// `npm run bench -- --targets`: memory against a long explicit target list. Writes a file of
// 1,000,000 distinct loopback host:port targets (127.16.0.0 upwards, on a port where nothing
// listens, so each costs one refused connection) and scans it with the CLI's defaults, sampling
// RSS (VmHWM is the kernel's peak). The target list is streamed and deduplicated by fingerprint
// (src/targets/source.ts), so the peak must stay under 250 MB (issue 12).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { REPO_ROOT, type ExposcanReport } from './exposcan.js';
import { megabytes, rate, seconds, table } from './format.js';
import { measure, type Measured } from './measure.js';
import { quietPorts } from './memory-bench.js';
import { readFileSync } from 'node:fs';

export interface TargetsRun {
  readonly targets: number;
  readonly port: number;
  readonly measured: Measured;
  readonly endpoints: number;
  readonly command: string;
  readonly load: number;
}

/** The i-th target: 127.16.0.0 upwards, one address each. */
function target(i: number, port: number): string {
  return `127.${16 + (i >>> 16)}.${(i >>> 8) & 255}.${i & 255}:${port}`;
}

export async function runTargetsBench(options: {
  count: number;
  workDir: string;
  log: (line: string) => void;
}): Promise<TargetsRun> {
  const [port] = quietPorts(1);
  const file = path.join(options.workDir, 'targets-1m.txt');
  const out = createWriteStream(file);
  for (let i = 0; i < options.count; i++) {
    if (!out.write(`${target(i, port!)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const outDir = path.join(options.workDir, 'exposcan-targets');
  const args = ['scan', '--targets-file', file, '--out', outDir, '--no-history'];
  options.log(`${options.count} targets in ${file}; scanning with default flags, RSS sampled every second`);
  const load = (await import('node:os')).loadavg()[0]!;
  const measured = await measure(path.join(REPO_ROOT, 'bin/exposcan.js'), args, { cwd: REPO_ROOT, sampleMs: 1000 });
  if (measured.code !== 0)
    throw new Error(
      `exposcan exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  const report = JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8')) as ExposcanReport;
  return {
    targets: options.count,
    port: port!,
    measured,
    endpoints: report.scan.stats.endpoints,
    command: `bin/exposcan.js ${args.join(' ')}`,
    load,
  };
}

export function formatTargetsBench(run: TargetsRun): string {
  const samples = run.measured.rssKb;
  return [
    `#### Memory against an explicit target list: ${run.targets} host:port targets in a file (port ${run.port}, nothing listening)`,
    '',
    table(
      [
        'targets',
        'endpoints scanned',
        'load (1 min) at start',
        'wall time',
        'CPU time',
        'endpoints/s',
        'RSS at 10% / 50% / 90% of the run',
        'peak RSS (VmHWM)',
        'under 250 MB',
      ],
      [
        [
          String(run.targets),
          String(run.endpoints),
          run.load.toFixed(2),
          seconds(run.measured.wallMs),
          seconds(run.measured.cpuMs),
          rate(run.endpoints / (run.measured.wallMs / 1000)),
          [0.1, 0.5, 0.9]
            .map((at) =>
              samples.length > 0
                ? Math.round(samples[Math.min(samples.length - 1, Math.floor(at * samples.length))]! / 1024)
                : 0,
            )
            .join(' / ') + ' MB',
          megabytes(run.measured.peakRssKb),
          run.measured.peakRssKb < 250 * 1024 ? 'yes' : 'no',
        ],
      ],
    ),
    '',
    '```sh',
    run.command,
    '```',
  ].join('\n');
}
