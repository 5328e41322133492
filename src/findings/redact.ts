// Secrets seen in responses never reach a report. Evidence is metadata already; this is the last
// line of defence for strings a server controls (banners, names, messages).
import type { Evidence, EvidenceValue } from '../engine/types.js';

const SECRET_PATTERNS: readonly RegExp[] = [
  // key=value and key: value pairs whose key names a secret
  /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credential)s?["']?\s*[:=]\s*["']?)([^\s"',;&]{3,})/gi,
  // credentials inside URLs: scheme://user:password@host
  /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{1,})(@)/gi,
  // bearer tokens, basic credentials and well-known key shapes
  /(bearer\s+|basic\s+)([a-z0-9._~+/-]{8,}=*)/gi,
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)([\s\S]*?)(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /()(AKIA[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,20}|gh[pousr]_[0-9A-Za-z]{30,}|xox[abpr]-[0-9A-Za-z-]{10,}|eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,})/g,
];

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  let result = text;
  for (const pattern of SECRET_PATTERNS) {
    result = result.replace(pattern, (_match, before: string, _secret: string, after: string | number | undefined) =>
      `${before}${REDACTED}${typeof after === 'string' ? after : ''}`,
    );
  }
  return result;
}

function redactValue(value: EvidenceValue): EvidenceValue {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item: string | number) => (typeof item === 'string' ? redactText(item) : item)) as EvidenceValue;
  return value;
}

export function redactEvidence(evidence: Evidence): Evidence {
  return Object.fromEntries(Object.entries(evidence).map(([key, value]) => [key, redactValue(value)]));
}
