// The canonical report (schema version 1). Every other format is a rendering of this object,
// and `exposcan report` re-renders from it, so it carries everything the renderings show.
import type { CoverageGap } from '../cloud/inventory.js';
import type { Finding } from '../findings/finding.js';
import type { ScanOutcome, ScanStats, ServiceRecord } from '../engine/run.js';
import { SEVERITIES, type Severity } from '../engine/types.js';

export const SCHEMA_VERSION = 1;

export interface ReportSettings {
  readonly concurrency: number;
  readonly perHost: number;
  readonly rate: number;
  readonly timeoutMs: number;
  readonly credentialChecks: boolean;
  readonly ports: readonly number[];
}

export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly scan: {
    readonly id: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly partial: boolean;
    readonly targets: readonly string[];
    readonly rules: readonly string[];
    readonly settings: ReportSettings;
    readonly stats: ScanStats & { readonly bySeverity: Readonly<Record<Severity, number>> };
  };
  readonly services: readonly ServiceRecord[];
  readonly findings: readonly Finding[];
  /** Cloud API reads that could not be made, and why: checks that did not run, never passes. */
  readonly coverage: readonly CoverageGap[];
}

export function buildReport(input: {
  id: string;
  tool: { name: string; version: string };
  targets: readonly string[];
  rules: readonly string[];
  settings: ReportSettings;
  outcome: ScanOutcome;
}): Report {
  const { outcome } = input;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: input.tool,
    scan: {
      id: input.id,
      startedAt: outcome.startedAt.toISOString(),
      finishedAt: outcome.finishedAt.toISOString(),
      durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime(),
      partial: outcome.partial,
      targets: input.targets,
      rules: input.rules,
      settings: input.settings,
      stats: { ...outcome.stats, bySeverity: countBySeverity(outcome.findings) },
    },
    services: outcome.services,
    findings: outcome.findings,
    coverage: outcome.coverage,
  };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
