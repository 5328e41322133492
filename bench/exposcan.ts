// exposcan as a user runs it: the built CLI (bin/exposcan.js) in a child process of its own, so
// its wall time and memory are its own and not the bench's. Its report.json is read back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, type Measured, type MeasureOptions } from './measure.js';

/** The repository root (dist/bench/ → ../..), where bin/exposcan.js lives. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ExposcanService {
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
  readonly product?: string;
  readonly version?: string;
  readonly access?: string;
}

export interface ExposcanFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly product: string;
  readonly target?: { readonly host: string; readonly port: number };
}

export interface ExposcanReport {
  readonly scan: {
    readonly durationMs: number;
    readonly partial: boolean;
    readonly stats: {
      readonly endpoints: number;
      readonly open: number;
      readonly identified: number;
      readonly failures: Readonly<Record<string, number>>;
    };
  };
  readonly services: readonly ExposcanService[];
  readonly findings: readonly ExposcanFinding[];
}

export interface ExposcanRun {
  readonly measured: Measured;
  readonly report: ExposcanReport;
  /** The command line, as it can be pasted into a shell from the repository root. */
  readonly command: string;
}

export interface ExposcanScan {
  /** `--targets-file` (one target a line) or `--target` values. */
  readonly targetsFile?: string;
  readonly targets?: readonly string[];
  readonly ports: readonly number[];
  readonly out: string;
  readonly timeout: string;
  readonly concurrency: number;
  readonly perHost?: number;
  readonly rate?: number;
}

function exposcanArgs(scan: ExposcanScan): string[] {
  const args = ['scan'];
  if (scan.targetsFile) args.push('--targets-file', scan.targetsFile);
  for (const target of scan.targets ?? []) args.push('--target', target);
  args.push(
    '--ports',
    scan.ports.join(','),
    '--out',
    scan.out,
    '--no-history',
    '--timeout',
    scan.timeout,
    '--concurrency',
    String(scan.concurrency),
  );
  if (scan.perHost !== undefined) args.push('--per-host', String(scan.perHost));
  if (scan.rate !== undefined) args.push('--rate', String(scan.rate));
  return args;
}

export async function runExposcan(scan: ExposcanScan, options: MeasureOptions = {}): Promise<ExposcanRun> {
  const args = exposcanArgs(scan);
  // Executed as users run it (npx exposcan, or the file itself): its shebang's node flags apply.
  const measured = await measure(path.join(REPO_ROOT, 'bin/exposcan.js'), args, { ...options, cwd: REPO_ROOT });
  const command = `bin/exposcan.js ${args.join(' ')}`;
  // 0: nothing at or above --fail-on (none here); anything else is the bench's problem to show.
  if (measured.code !== 0)
    throw new Error(
      `exposcan exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim().split('\n').slice(-3).join(' | ')}\n  ${command}`,
    );
  const report = JSON.parse(
    readFileSync(path.join(path.resolve(REPO_ROOT, scan.out), 'report.json'), 'utf8'),
  ) as ExposcanReport;
  return { measured, report, command };
}
