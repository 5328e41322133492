// Deterministic order: score, then severity, then rule, then endpoint. Same input, same report.
import { severityRank } from '../engine/types.js';
import type { Finding } from './finding.js';
import { placeOf } from './place.js';

export function rank(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.score - a.score ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      placeOf(a).localeCompare(placeOf(b)) ||
      a.id.localeCompare(b.id),
  );
}
