// The canonical report (schema version 1). Every other format is a rendering of this object,
// and `exposcan report` re-renders from it, so it carries everything the renderings show.
import type { CoverageGap } from '../cloud/inventory.js';
import type { Finding } from '../findings/finding.js';
import type { ExpiredSuppression, SuppressedFinding, UnusedSuppression } from '../findings/suppressions.js';
import type { ScanOutcome, ScanStats, ServiceRecord } from '../engine/outcome.js';
import { SEVERITIES, type ProbeFailure, type Severity } from '../engine/types.js';
import { describeUnreached } from '../scan/reach.js';
import type { FixedFinding } from '../history/status.js';

const SCHEMA_VERSION = 1;

export interface ReportSettings {
  readonly concurrency: number;
  /** Connection attempts in flight during discovery; absent in reports written before discovery existed. */
  readonly connectConcurrency?: number;
  /** SYNs retried at most per endpoint; absent in reports written before discovery existed. */
  readonly connectRetries?: number;
  readonly perHost: number;
  readonly rate: number;
  readonly timeoutMs: number;
  /** Absent in reports written before credential checks existed: read as false. */
  readonly credentialChecks?: boolean;
  readonly ports: readonly number[];
}

/** What a --suppressions file did: present only when one was given. */
export interface ReportSuppressions {
  readonly file: string;
  readonly suppressed: readonly SuppressedFinding[];
  readonly expired: readonly ExpiredSuppression[];
  readonly unused: readonly UnusedSuppression[];
}

/** The scan history: present unless --no-history. */
interface ReportHistory {
  readonly file: string;
  /** The earlier complete scan of the same targets this one was compared with. */
  readonly previousScan?: string;
  /** Findings open before this scan that it no longer shows (never listed by a partial scan). */
  readonly fixed: readonly FixedFinding[];
  /** Set when the scan could not be recorded (history locked, disk full): why. Findings then carry no status. */
  readonly notUpdated?: string;
}

/** The --baseline comparison: present only when one was given. */
export interface ReportBaseline {
  readonly file: string;
  /** Findings of this report whose id the baseline lists: they do not count against --fail-on. */
  readonly known: number;
  /** Findings of this report the baseline does not list. */
  readonly new: number;
}

export interface ReportShard {
  readonly index: number;
  readonly count: number;
  /**
   * Positions (in `targets`) of the targets this shard reached at least one endpoint of; absent in
   * shard reports written before it existed. `exposcan merge` lists a target as unreached only if
   * no shard reached it.
   */
  readonly reachedTargets?: readonly number[];
}

export interface ReportMerged {
  readonly count: number;
  /** The shard reports joined: their index and scan id. */
  readonly shards: readonly { readonly index: number; readonly scan: string }[];
  /** Shard indices with no report: the merged report is then partial. */
  readonly missing: readonly number[];
}

export interface SkippedRule {
  readonly rule: string;
  readonly reason: string;
}

/** Why a cloud-resource rule did not run in a scan of endpoints only. */
export const NO_CLOUD_READ = 'no cloud account was read: nothing for this rule to judge';

/** A target none of whose endpoints could be connected to (name not resolved, no route, no answer): unknown, not safe. */
export interface TargetGap {
  readonly kind: 'target';
  /** The target as given. */
  readonly target: string;
  /** Its endpoints probed, all of which failed before a connection was made. */
  readonly endpoints: number;
  readonly failures: Readonly<Partial<Record<ProbeFailure, number>>>;
  readonly message: string;
}

/** What could not be checked: a cloud read that could not be made, or a target that was never reached. */
export type Gap = CoverageGap | TargetGap;

export function isTargetGap(gap: Gap): gap is TargetGap {
  return 'kind' in gap && gap.kind === 'target';
}

/** What --notify did after the scan was recorded (src/notify/run.ts). */
export interface ReportNotifications {
  /** Findings announced in this run (their announcement reached every sink). */
  readonly announced: number;
  /** Findings whose announcement was not confirmed by every sink (it failed, or the report was written before delivery): owed, tried again by the next scan. */
  readonly owed: number;
  /** Present when a daily digest was due: whether every sink got it. */
  readonly digest?: 'sent' | 'failed';
  /** Each delivery that failed after its retries. */
  readonly failures: readonly {
    readonly sink: string;
    readonly kind: 'changes' | 'digest';
    readonly attempts: number;
    readonly error: string;
  }[];
  /** Set when notifications could not run at all (history not recorded or not readable): why. */
  readonly skipped?: string;
}

export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly scan: {
    readonly id: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    /** finishedAt − startedAt: the whole run, cloud reads included (a resumed scan: since its first run began). */
    readonly durationMs: number;
    /** Where this run's time went, in ms; absent in merged reports and reports written before it existed. */
    readonly phases?: ReportPhases;
    readonly partial: boolean;
    readonly targets: readonly string[];
    readonly rules: readonly string[];
    /**
     * Selected rules that had nothing to judge in this scan, and why (the cloud-resource rules when
     * no cloud account was read): not run, so never a pass. Absent when every rule could run.
     */
    readonly skippedRules?: readonly SkippedRule[];
    readonly settings: ReportSettings;
    readonly stats: ScanStats & { readonly bySeverity: Readonly<Record<Severity, number>> };
    readonly baseline?: ReportBaseline;
    /** A --shard run: which part of the target space this report covers (index from 1). */
    readonly shard?: ReportShard;
    /** Present (true) when the scan was continued with --resume after an interruption. */
    readonly resumed?: boolean;
    /** An `exposcan merge` of shard reports: which shards it joined and which were missing. */
    readonly merged?: ReportMerged;
  };
  readonly services: readonly ServiceRecord[];
  readonly findings: readonly Finding[];
  /** Cloud API reads that could not be made and targets never reached, and why: checks that did not run, never passes. */
  readonly coverage: readonly Gap[];
  /** Findings left out by --suppressions, and the entries that expired or matched nothing. */
  readonly suppressions?: ReportSuppressions;
  readonly history?: ReportHistory;
  /** --notify: what was announced, and each delivery that failed (see src/notify/run.ts). */
  readonly notifications?: ReportNotifications;
}

export interface ReportPhases {
  /** Reading the cloud accounts (only when accounts are configured). */
  readonly cloudMs?: number;
  /** Discovery, identification and judging of every endpoint. */
  readonly probesMs: number;
}

export function buildReport(input: {
  id: string;
  tool: { name: string; version: string };
  targets: readonly string[];
  rules: readonly string[];
  skippedRules?: readonly SkippedRule[];
  settings: ReportSettings;
  outcome: ScanOutcome;
  /** Suppressed findings are removed from `findings` (and from the stats) and listed here. */
  suppressions?: ReportSuppressions;
  baseline?: ReportBaseline;
  shard?: ReportShard;
  resumed?: boolean;
  /** When the run began, before any cloud read; the outcome's start when absent (merge, tests). */
  began?: Date;
  phases?: ReportPhases;
  /** Texts of unreached targets when `targets` does not list every target (a long targets file, see src/targets/source.ts). */
  targetNames?: ReadonlyMap<number, string>;
}): Report {
  const { outcome } = input;
  // A resumed scan started when its first run did (outcome.startedAt); a fresh one when its cloud reads began.
  const startedAt = input.began && input.began < outcome.startedAt ? input.began : outcome.startedAt;
  const suppressedIds = new Set(input.suppressions?.suppressed.map((entry) => entry.id) ?? []);
  const findings =
    suppressedIds.size > 0 ? outcome.findings.filter((finding) => !suppressedIds.has(finding.id)) : outcome.findings;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: input.tool,
    scan: {
      id: input.id,
      startedAt: startedAt.toISOString(),
      finishedAt: outcome.finishedAt.toISOString(),
      durationMs: outcome.finishedAt.getTime() - startedAt.getTime(),
      ...(input.phases ? { phases: input.phases } : {}),
      partial: outcome.partial,
      targets: input.targets,
      rules: input.rules,
      ...(input.skippedRules && input.skippedRules.length > 0 ? { skippedRules: input.skippedRules } : {}),
      settings: input.settings,
      stats: { ...outcome.stats, findings: findings.length, bySeverity: countBySeverity(findings) },
      ...(input.baseline ? { baseline: input.baseline } : {}),
      ...(input.shard
        ? { shard: { index: input.shard.index, count: input.shard.count, reachedTargets: outcome.reached ?? [] } }
        : {}),
      ...(input.resumed ? { resumed: true } : {}),
    },
    services: outcome.services,
    findings,
    coverage: [
      ...outcome.coverage,
      ...outcome.unreached.map((tally): TargetGap => ({
        kind: 'target',
        target: input.targetNames?.get(tally.target) ?? input.targets[tally.target] ?? `#${tally.target + 1}`,
        endpoints: tally.endpoints,
        failures: tally.failures,
        message: describeUnreached(tally),
      })),
    ],
    ...(input.suppressions ? { suppressions: input.suppressions } : {}),
  };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
