// Secrets seen in responses never reach a report. Evidence is metadata already; this is the last
// line of defence for strings a server controls (banners, names, messages).
import type { Evidence, EvidenceValue } from '../engine/types.js';

// A key that names a secret (plurals too), then its closing quote, perhaps escaped (`\"`: JSON
// inside a string), and `:` or `=`.
const SECRET_KEY = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credential)s?\\?["']?\s*[:=]\s*`;

const SECRET_PATTERNS: readonly RegExp[] = [
  // a quoted value after a secret key: everything up to the closing quote (a passphrase has spaces)
  new RegExp(String.raw`(${SECRET_KEY}\\?(["']))([^"'\n\\]+)(\\?\2)`, 'gi'),
  // an unquoted value after a secret key; a credential scheme in front of it is not the secret
  new RegExp(String.raw`(${SECRET_KEY}(?:\\?["'])?(?:(?:bearer|basic|token)\s+)?)([^\s"',;&\\]{3,})`, 'gi'),
  // credentials inside URLs: scheme://user:password@host, the user possibly empty (redis://:pw@host)
  /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]{1,})(@)/gi,
  // bearer tokens, basic credentials and well-known key shapes
  /(bearer\s+|basic\s+)([a-z0-9._~+/-]{8,}=*)/gi,
  // PEM and PGP private key blocks; a block cut short (a banner's length cap) loses all it has
  /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)([\s\S]*?)(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  // AWS access key ids (long-term AKIA, temporary ASIA), Alibaba Cloud AccessKey ids, GitHub,
  // GitLab and Slack tokens, JSON Web Tokens
  /()((?:AKIA|ASIA)[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,20}|gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{22,}|glpat-[0-9A-Za-z_-]{20,}|xox[abpr]-[0-9A-Za-z-]{10,}|eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,})/g,
  // Kept text is cut to a length cap before it gets here (a banner's 160 characters): a token or
  // credential cut short at the very end no longer has its full shape, but its start is still secret.
  /()((?:AKIA|ASIA|LTAI|gh[pousr]_|github_pat_|glpat-|xox[abpr]-|eyJ)[0-9A-Za-z_.-]*)$/,
  /(bearer\s+|basic\s+)([a-z0-9._~+/-]+=*)$/i,
];

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  let result = text;
  for (const pattern of SECRET_PATTERNS) {
    // Groups: what stays before, the secret, and (when the pattern has one) what stays after. The
    // quoted-value pattern captures its quote twice: the last group is the one that closes.
    result = result.replace(pattern, (...match: unknown[]) => {
      const groups = match.slice(1, -2) as (string | undefined)[];
      const before = groups[0] ?? '';
      const after = groups.length >= 3 ? (groups[groups.length - 1] ?? '') : '';
      return `${before}${REDACTED}${after}`;
    });
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

/**
 * A rule's draft with the text a server supplied redacted (message, version, evidence), for drafts
 * that are written somewhere before they become findings, such as the scan journal's spool.
 * Redacting again when the finding is built changes nothing: redaction is idempotent.
 */
export function redactDraft<T extends { readonly message: string; readonly version?: string; readonly evidence: Evidence }>(draft: T): T {
  return { ...draft, message: redactText(draft.message), ...(draft.version !== undefined ? { version: redactText(draft.version) } : {}), evidence: redactEvidence(draft.evidence) };
}
