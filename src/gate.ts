// The gate a CI job reads: which findings count (suppressions and a baseline take some out), the
// summary lines about them, and the exit code. Shared by live scans and Terraform plans so both
// gate the same way.
import type { FAIL_ON } from './config/schema.js';
import { atOrAbove } from './engine/types.js';
import { loadBaseline, splitByBaseline, type Baseline } from './findings/baseline.js';
import type { Finding } from './findings/finding.js';
import { applySuppressions, loadSuppressions, type SuppressionEntry } from './findings/suppressions.js';
import { stripControl } from './report/escape.js';
import { isTargetGap, type Report, type ReportBaseline, type ReportSuppressions } from './report/report.js';

export type FailOn = (typeof FAIL_ON)[number];

export interface GateInputs {
  readonly suppressions?: { readonly file: string; readonly entries: readonly SuppressionEntry[] };
  readonly baseline?: Baseline;
}

/** Reads both files up front: a bad file is a usage error before any work, not after it. */
export function loadGateInputs(files: {
  suppressions?: string | undefined;
  baseline?: string | undefined;
}): GateInputs {
  return {
    ...(files.suppressions !== undefined
      ? { suppressions: { file: files.suppressions, entries: loadSuppressions(files.suppressions) } }
      : {}),
    ...(files.baseline !== undefined ? { baseline: loadBaseline(files.baseline) } : {}),
  };
}

export interface GateSplit {
  /** What the report's suppressions section says; the report builder drops the suppressed findings. */
  readonly suppressions?: ReportSuppressions;
  readonly baseline?: ReportBaseline;
  /** The findings that can fail the gate: not suppressed, and not in the baseline. */
  readonly gated: readonly Finding[];
}

export function splitForGate(findings: readonly Finding[], inputs: GateInputs, now: Date): GateSplit {
  const applied = inputs.suppressions ? applySuppressions(findings, inputs.suppressions.entries, now) : undefined;
  const kept = applied ? applied.kept : findings;
  const split = inputs.baseline ? splitByBaseline(kept, inputs.baseline.ids) : undefined;
  return {
    ...(applied && inputs.suppressions
      ? {
          suppressions: {
            file: inputs.suppressions.file,
            suppressed: applied.suppressed,
            expired: applied.expired,
            unused: applied.unused,
          },
        }
      : {}),
    ...(inputs.baseline && split
      ? { baseline: { file: inputs.baseline.file, known: split.known.length, new: split.fresh.length } }
      : {}),
    gated: split ? split.fresh : kept,
  };
}

/**
 * 0 pass, 1 a gated finding at or above failOn, 2 an incomplete check (a partial run, or with
 * strict anything that could not be checked in full). `warn` gets the line that says why.
 * Findings known only from a version number (confidence `version`) count only when
 * `countVersionMatches` (--fail-on-version-matches): a distribution build may carry the fix.
 */
export function gateExitCode(
  report: Report,
  gated: readonly Finding[],
  failOn: FailOn,
  strict: boolean,
  warn: (line: string) => void,
  countVersionMatches = false,
): number {
  if (failOn !== 'none') {
    const above = gated.filter((finding) => atOrAbove(finding.severity, failOn));
    const counted = countVersionMatches ? above : above.filter((finding) => finding.confidence !== 'version');
    const uncounted = above.length - counted.length;
    const aside =
      uncounted > 0
        ? `; ${uncounted} more known only from a version number not counted (--fail-on-version-matches counts them)`
        : '';
    if (counted.length > 0) {
      warn(
        `exposcan: exit 1: ${counted.length} finding${counted.length === 1 ? '' : 's'} at or above ${failOn} (ids ${idList(counted)})${aside}`,
      );
      return 1;
    }
    if (uncounted > 0)
      warn(
        `exposcan: ${uncounted} finding${uncounted === 1 ? '' : 's'} at or above ${failOn} known only from a version number, not counted by --fail-on (--fail-on-version-matches counts them)`,
      );
  }
  if (report.scan.partial) return 2;
  const reasons = incompleteBecause(report);
  if (strict && reasons.length > 0) {
    warn(`exposcan: --strict: the check was incomplete: ${reasons.join('; ')}`);
    return 2;
  }
  return 0;
}

/** The first ids in full (they are what a suppression or `report.json` is searched for), then how many more. */
function idList(findings: readonly Finding[]): string {
  const shown = findings.slice(0, 5).map((finding) => finding.id);
  return findings.length > shown.length
    ? `${shown.join(', ')}, and ${findings.length - shown.length} more`
    : shown.join(', ');
}

function incompleteBecause(report: Report): string[] {
  const reasons: string[] = [];
  const targets = report.coverage.filter(isTargetGap);
  const reads = report.coverage.length - targets.length;
  if (targets.length > 0)
    reasons.push(
      `${targets.length} target(s) never reached (${targets
        .slice(0, 3)
        .map((gap) => stripControl(gap.target))
        .join(', ')}${targets.length > 3 ? ', …' : ''})`,
    );
  if (reads > 0) reasons.push(`${reads} cloud read(s) could not be made`);
  if (report.history?.notUpdated !== undefined) reasons.push('the scan history was not updated');
  if ((report.notifications?.failures.length ?? 0) > 0 || report.notifications?.skipped !== undefined)
    reasons.push('notifications were not delivered');
  if ((report.suppressions?.expired.length ?? 0) > 0)
    reasons.push(`${report.suppressions!.expired.length} suppression(s) expired`);
  if ((report.suppressions?.unused.length ?? 0) > 0)
    reasons.push(`${report.suppressions!.unused.length} suppression(s) matched nothing`);
  return reasons;
}

/** Extra summary lines for --suppressions and --baseline (the renderers are left as they are). */
export function gateSummary(report: Report): string {
  const lines: string[] = [];
  const suppressions = report.suppressions;
  if (suppressions) {
    lines.push(
      `suppressions: ${suppressions.suppressed.length} suppressed, ${suppressions.expired.length} expired, ${suppressions.unused.length} unused (${stripControl(suppressions.file)})`,
    );
    for (const entry of suppressions.expired) {
      lines.push(
        `  EXPIRED: entry ${entry.entry} (${stripControl(entryLabel(entry))}) expired ${entry.expires} and no longer suppresses ${entry.findings.length} finding${entry.findings.length === 1 ? '' : 's'}`,
      );
    }
    for (const entry of suppressions.unused)
      lines.push(
        `  UNUSED: entry ${entry.entry} (${stripControl(entryLabel(entry))}) matched no finding${entry.expired ? ' (also expired)' : ''}`,
      );
  }
  const baseline = report.scan.baseline;
  if (baseline)
    lines.push(
      `baseline: ${baseline.known} known, ${baseline.new} new finding${baseline.new === 1 ? '' : 's'} (${stripControl(baseline.file)}); only new findings count against --fail-on`,
    );
  return lines.length > 0 ? `${lines.map(stripControl).join('\n')}\n` : '';
}

function entryLabel(entry: { id?: string; rule?: string; target?: string; resource?: string }): string {
  if (entry.id !== undefined) return `id ${entry.id}`;
  return `rule ${entry.rule ?? '?'} ${entry.target !== undefined ? `target ${entry.target}` : `resource ${entry.resource ?? '?'}`}`;
}
