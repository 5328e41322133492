// The vocabulary every stage shares: endpoints, evidence, findings. Lowercase string unions,
// never magic numbers, so a report reads the same in code and in JSON.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How a verdict was reached: `confirmed` = proven by a live read, `firm` = strong signals,
 * `tentative` = inferred, `version` = known only from a version number in a published affected
 * range (a distribution build may carry a back-ported fix the number does not show), `unknown` =
 * cannot tell yet: a field that decides the verdict is not known (a Terraform plan leaves it to
 * apply time, or the resource it hangs on could not be read); the finding lists those fields in
 * `unknownFields` where there are any. An unknown is never a pass: `--fail-on` counts it like any
 * other finding, and a CI job tells it from an open door by this value. `--fail-on` counts
 * `version` findings only with --fail-on-version-matches.
 */
export type Confidence = 'confirmed' | 'firm' | 'tentative' | 'version' | 'unknown';

/** Lower index = worse. Used for ranking and for `--fail-on`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** One place to knock on: a host (name or literal address) and a TCP port. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** Set when the target was a URL: the scheme decides TLS, the path is the base for HTTP rules. */
  readonly url?: { readonly scheme: 'http' | 'https'; readonly basePath: string };
  /** Position of the target it came from (absent for endpoints a cloud resource implied): failures are told per target. */
  readonly target?: number;
  /** The target's only endpoint (a URL or host:port): once it is done nothing about its target is left to learn. */
  readonly lone?: boolean;
}

/** Why a conversation with an endpoint did not produce an answer. Never a pass. */
export const PROBE_FAILURES = [
  'refused',
  'timeout',
  'reset',
  'closed',
  'unreachable',
  'dns',
  'tls',
  'too-large',
  'protocol',
  'aborted',
  // Reading what the endpoint sent took more than its CPU budget (src/engine/slices.ts): given up.
  'overran',
] as const;
export type ProbeFailure = (typeof PROBE_FAILURES)[number];

/** Values allowed in evidence: metadata only, so no nested records can slip through. */
export type EvidenceValue = string | number | boolean | null | readonly string[] | readonly number[];
export type Evidence = Readonly<Record<string, EvidenceValue>>;

/** Context a rule can hand to scoring: how much data is exposed, and what attackers left behind. */
export interface ExposureContext {
  readonly documents?: number;
  readonly bytes?: number;
  readonly keys?: number;
  readonly ransomNote?: boolean;
}
