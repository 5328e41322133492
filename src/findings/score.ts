// Score = the rule's severity moved by context, for ranking. Severity stays the rule's verdict;
// the score says which of two criticals to fix first: the public one, the one holding millions
// of records, the one on software nobody patches any more, the one attackers already visited.
import ipaddr from 'ipaddr.js';
import type { Confidence, ExposureContext, Severity } from '../engine/types.js';

/** Where a finding's score starts, by the rule's severity (rule pages show it). */
export const BASE_SCORE: Readonly<Record<Severity, number>> = { critical: 9, high: 7.5, medium: 5, low: 3, info: 1 };

export interface ScoreInput {
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** The connected address, or the host when it is a literal. */
  readonly address?: string;
  readonly exposure?: ExposureContext;
  /** Another finding on the same endpoint says its software is past end of life. */
  readonly endOfLifeOnEndpoint: boolean;
  /** A cloud finding a live probe proved: the configuration is open and the service answered. */
  readonly confirmedByProbe?: boolean;
}

export type AddressScope = 'public' | 'private' | 'unknown';

export function addressScope(address: string | undefined): AddressScope {
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast' ? 'public' : 'private';
}

export function score(input: ScoreInput): { score: number; why: string } {
  let value = BASE_SCORE[input.severity];
  const reasons = [`${input.severity} base ${BASE_SCORE[input.severity]}`];
  const adjust = (delta: number, reason: string) => {
    value += delta;
    reasons.push(`${delta > 0 ? '+' : ''}${delta} ${reason}`);
  };
  const scope = addressScope(input.address);
  if (scope === 'public') adjust(0.5, 'public address');
  else if (scope === 'private') adjust(-0.5, 'non-public address');
  const exposure = input.exposure;
  const records = Math.max(exposure?.documents ?? 0, exposure?.keys ?? 0);
  if (records >= 1_000_000) adjust(1, `${formatCount(records)} records exposed`);
  else if (records >= 1_000) adjust(0.5, `${formatCount(records)} records exposed`);
  if ((exposure?.bytes ?? 0) >= 1024 ** 3) adjust(0.5, 'over 1 GiB of data');
  if (exposure?.ransomNote) adjust(1, 'ransom note left by an attacker');
  if (input.endOfLifeOnEndpoint) adjust(0.5, 'software past end of life');
  if (input.confirmedByProbe) adjust(1, 'confirmed by a live probe');
  if (input.confidence === 'tentative') adjust(-1, 'tentative');
  if (input.confidence === 'unknown') adjust(-1, 'cannot tell yet');
  // A version inside an affected range says the fix may be missing, not that it is: ranked below
  // what a probe proved, of the same severity.
  if (input.confidence === 'version') adjust(-1.5, 'known from the version number only');
  const clamped = Math.round(Math.min(10, Math.max(0, value)) * 10) / 10;
  if (value > 10) reasons.push('capped at 10');
  return { score: clamped, why: reasons.join('; ') };
}

function formatCount(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${(count / 1_000).toFixed(1)}k`;
  return String(count);
}
