// A baseline: a previous report.json. Findings whose id it already lists are known; only new
// findings count against --fail-on. Ids are stable across scans (see fingerprint.ts).
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';
import type { Report } from '../report/report.js';
import { reportProblem } from '../report/validate.js';
import type { Finding } from './finding.js';

export interface Baseline {
  readonly file: string;
  readonly ids: ReadonlySet<string>;
}

/** Pure: the ids a baseline report knows (its findings; suppressed findings were never accepted as known). */
export function baselineIds(report: Pick<Report, 'findings'>): Set<string> {
  return new Set(report.findings.map((finding) => finding.id));
}

/** Pure: splits findings into those the baseline knows and those it does not. */
export function splitByBaseline<F extends Pick<Finding, 'id'>>(
  findings: readonly F[],
  ids: ReadonlySet<string>,
): { known: F[]; fresh: F[] } {
  const known: F[] = [];
  const fresh: F[] = [];
  for (const finding of findings) (ids.has(finding.id) ? known : fresh).push(finding);
  return { known, fresh };
}

/** Reads and validates a baseline report; every problem is one line. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--baseline '${file}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline '${file}' is not JSON`);
  }
  if (nestsDeeperThan(data))
    throw new UsageError(`--baseline '${file}' nests deeper than ${MAX_JSON_DEPTH} levels: not an exposcan report`);
  const problem = reportProblem(data);
  if (problem) throw new UsageError(`--baseline '${file}' is not an exposcan report (schema version 1): ${problem}`);
  return { file, ids: baselineIds(data as Report) };
}
