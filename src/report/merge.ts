// Joining the reports of a sharded scan (`exposcan scan --shard i/n`) into the report one
// unsharded scan would have written: same findings (by id), services and endpoint totals.
// Pure: the command (src/commands/merge.ts) reads the files, gates and writes.
//
// Parts must be shards of one scan: the same exposcan version, targets, rules and the settings
// that change what is found (ports, timeout, credential checks). Concurrency, per-host limit and
// rate only change speed, so machines of different sizes may run different shards.
import type { ScanOutcome } from '../engine/outcome.js';
import type { ProbeFailure } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import type { ExpiredSuppression, SuppressedFinding, UnusedSuppression } from '../findings/suppressions.js';
import { rank } from '../findings/rank.js';
import { UsageError } from '../errors.js';
import type { CoverageGap } from '../cloud/inventory.js';
import type { UnreachedTarget } from '../scan/reach.js';
import { isTargetGap, type Report, type ReportMerged, type ReportSuppressions } from './report.js';

export interface ReportPart {
  /** As the user named it, for error messages. */
  readonly file: string;
  readonly report: Report;
}

export interface MergedScan {
  readonly tool: Report['tool'];
  readonly targets: readonly string[];
  readonly rules: readonly string[];
  /** The shards ran the same rules with the same accounts, so they skipped the same ones. */
  readonly skippedRules?: Report['scan']['skippedRules'];
  readonly settings: Report['scan']['settings'];
  readonly outcome: ScanOutcome;
  readonly merged: ReportMerged;
  /** The parts' --suppressions sections joined, when they were run with one. */
  readonly suppressions?: ReportSuppressions;
  /** The --baseline file the parts were compared with, if any: merge must be given it again. */
  readonly baselineFile?: string;
  /** Unreached targets not in `targets` (a long targets file names only the file there). */
  readonly targetNames: ReadonlyMap<number, string>;
}

const sameSet = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

export function mergeReports(parts: readonly ReportPart[]): MergedScan {
  if (parts.length === 0) throw new UsageError('merge: give the shard reports to join');
  for (const { file, report } of parts) {
    if (!report.scan.shard)
      throw new UsageError(`merge: '${file}' is not a shard report (it was not written by exposcan scan --shard i/n)`);
    // The schema bounds each number; only here can the pair be checked (a hand-edited report).
    if (report.scan.shard.index > report.scan.shard.count)
      throw new UsageError(
        `merge: '${file}' claims to be shard ${report.scan.shard.index} of ${report.scan.shard.count}: not a report exposcan wrote`,
      );
  }
  const first = parts[0]!;
  const count = first.report.scan.shard!.count;
  const byIndex = new Map<number, ReportPart>();
  for (const part of parts) {
    const { scan, tool } = part.report;
    const mismatch = (what: string) =>
      new UsageError(`merge: '${part.file}' ${what} than '${first.file}': not shards of one scan`);
    if (scan.shard!.count !== count)
      throw new UsageError(
        `merge: '${part.file}' is shard ${scan.shard!.index}/${scan.shard!.count} but '${first.file}' is one of ${count} shards`,
      );
    if (tool.version !== first.report.tool.version)
      throw mismatch(`was written by another exposcan version (${tool.version})`);
    if (!sameSet(scan.targets, first.report.scan.targets)) throw mismatch('scanned other targets');
    if (!sameSet(scan.rules, first.report.scan.rules)) throw mismatch('ran other rules');
    const a = scan.settings;
    const b = first.report.scan.settings;
    if (
      !sameSet(a.ports, b.ports) ||
      a.timeoutMs !== b.timeoutMs ||
      (a.credentialChecks ?? false) !== (b.credentialChecks ?? false)
    ) {
      throw mismatch('used other settings (ports, timeout or credential checks)');
    }
    if ((scan.baseline?.file ?? null) !== (first.report.scan.baseline?.file ?? null))
      throw mismatch('was compared with another --baseline');
    if ((part.report.suppressions?.file ?? null) !== (first.report.suppressions?.file ?? null))
      throw mismatch('was filtered by another --suppressions file');
    const twin = byIndex.get(scan.shard!.index);
    if (twin)
      throw new UsageError(`merge: '${part.file}' and '${twin.file}' are both shard ${scan.shard!.index}/${count}`);
    byIndex.set(scan.shard!.index, part);
  }
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  const reports = ordered.map((part) => part.report);

  const startedAt = Math.min(...reports.map((report) => Date.parse(report.scan.startedAt)));
  const finishedAt = Math.max(...reports.map((report) => Date.parse(report.scan.finishedAt)));
  const findings = rank(joinFindings(reports.flatMap((report) => report.findings)));
  const services = reports
    .flatMap((report) => report.services)
    .sort(
      (a, b) => a.host.localeCompare(b.host) || a.port - b.port || (a.product ?? '').localeCompare(b.product ?? ''),
    );
  const failures: Partial<Record<ProbeFailure, number>> = {};
  for (const report of reports) {
    for (const [name, value] of Object.entries(report.scan.stats.failures))
      failures[name as ProbeFailure] = (failures[name as ProbeFailure] ?? 0) + (value ?? 0);
  }
  const sum = (key: 'endpoints' | 'open' | 'identified') =>
    reports.reduce((total, report) => total + report.scan.stats[key], 0);
  // Every shard read the same cloud accounts: each gap once.
  const coverage = [
    ...new Map(
      reports
        .flatMap((report) => (report.coverage ?? []).filter((gap) => !isTargetGap(gap)))
        .map((gap) => [JSON.stringify(gap), gap]),
    ).values(),
  ] as CoverageGap[];
  const { unreached, names } = joinUnreached(reports, first.report.scan.targets);
  const suppressions = joinSuppressions(reports);
  const baselineFile = first.report.scan.baseline?.file;
  return {
    tool: first.report.tool,
    targets: first.report.scan.targets,
    rules: first.report.scan.rules,
    ...(first.report.scan.skippedRules ? { skippedRules: first.report.scan.skippedRules } : {}),
    settings: first.report.scan.settings,
    outcome: {
      startedAt: new Date(startedAt),
      finishedAt: new Date(finishedAt),
      // A missing shard is endpoints nobody probed: never a complete check.
      partial: missing.length > 0 || reports.some((report) => report.scan.partial),
      stats: {
        endpoints: sum('endpoints'),
        open: sum('open'),
        identified: sum('identified'),
        failures,
        findings: findings.length,
      },
      services,
      findings,
      coverage,
      unreached,
    },
    merged: {
      count,
      shards: ordered.map((part) => ({ index: part.report.scan.shard!.index, scan: part.report.scan.id })),
      missing,
    },
    ...(suppressions ? { suppressions } : {}),
    ...(baselineFile !== undefined ? { baselineFile } : {}),
    targetNames: names,
  };
}

/**
 * One finding per id. Live findings of different shards never share an id (different
 * endpoints), but every shard judges the same cloud resources: a cloud finding is `confirmed`
 * only in the shard that probed its endpoint, and that version is the one an unsharded scan shows.
 */
function joinFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    const seen = byId.get(finding.id);
    if (!seen || (seen.confidence !== 'confirmed' && finding.confidence === 'confirmed')) byId.set(finding.id, finding);
  }
  return [...byId.values()];
}

/** Suppressed in any shard is suppressed; an entry is unused only if no shard used it. */
function joinSuppressions(reports: readonly Report[]): ReportSuppressions | undefined {
  const sections = reports.map((report) => report.suppressions);
  if (sections.some((section) => section === undefined)) return undefined;
  const suppressed = new Map<string, SuppressedFinding>();
  const expired = new Map<number, ExpiredSuppression>();
  for (const section of sections) {
    for (const entry of section!.suppressed) suppressed.set(entry.id, entry);
    for (const entry of section!.expired) {
      const seen = expired.get(entry.entry);
      expired.set(
        entry.entry,
        seen ? { ...seen, findings: [...new Set([...seen.findings, ...entry.findings])].sort() } : entry,
      );
    }
  }
  const unusedEverywhere = (entry: UnusedSuppression) =>
    sections.every((section) => section!.unused.some((other) => other.entry === entry.entry)) &&
    !expired.has(entry.entry);
  return {
    file: sections[0]!.file,
    suppressed: [...suppressed.values()].sort((a, b) => a.entry - b.entry || a.id.localeCompare(b.id)),
    expired: [...expired.values()].sort((a, b) => a.entry - b.entry),
    unused: sections[0]!.unused.filter(unusedEverywhere),
  };
}

/**
 * A target no shard reached, its shards' tallies summed. A target's endpoints are spread over the
 * shards: one shard may find all of its share silent while another reaches one of its own, and the
 * target was then reached. Each shard report names the targets it reached (`reachedTargets`); a
 * shard that had none of a target's endpoints says nothing of it either way. (Shard reports from
 * before that field cannot tell, and their gaps are summed as before.)
 */
function joinUnreached(
  reports: readonly Report[],
  targets: readonly string[],
): { unreached: UnreachedTarget[]; names: Map<number, string> } {
  const reachedSomewhere = new Set(reports.flatMap((report) => report.scan.shard?.reachedTargets ?? []));
  const byTarget = new Map<number, { endpoints: number; failures: Partial<Record<ProbeFailure, number>> }>();
  const positions = new Map(targets.map((target, index) => [target, index]));
  const names = new Map<number, string>();
  for (const gap of reports.flatMap((report) => (report.coverage ?? []).filter(isTargetGap))) {
    // A target of a long targets file is not listed by name (src/targets/source.ts): it is
    // numbered after the listed ones and named through `names`. Such targets are host:port or
    // URL targets in practice, each wholly in one shard, so no other shard can have reached them.
    let index = positions.get(gap.target);
    if (index === undefined) {
      index = targets.length + names.size;
      positions.set(gap.target, index);
      names.set(index, gap.target);
    } else if (reachedSomewhere.has(index)) continue;
    const tally = byTarget.get(index) ?? { endpoints: 0, failures: {} };
    tally.endpoints += gap.endpoints;
    for (const [name, value] of Object.entries(gap.failures))
      tally.failures[name as ProbeFailure] = (tally.failures[name as ProbeFailure] ?? 0) + (value ?? 0);
    byTarget.set(index, tally);
  }
  return {
    unreached: [...byTarget].sort((a, b) => a[0] - b[0]).map(([target, tally]) => ({ target, ...tally })),
    names,
  };
}
