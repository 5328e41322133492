// Secrets seen in responses never reach a report. Evidence is metadata already; this is the last
// line of defence for strings a server controls (banners, names, messages).
import type { Evidence, EvidenceValue } from '../engine/types.js';

import { secretSpans } from './secret-spans.js';

const REDACTED = '[redacted]';

/**
 * The most of one string redaction reads; the rest is cut off (marked with CUT_MARK) before any
 * matching. Server text reaches here already capped far below this (src/probes/caps.ts); this
 * bounds whatever else a caller hands over. Matching is linear anyway (secret-spans.ts).
 */
const MAX_REDACTED_CHARS = 64 * 1024;
const CUT_MARK = '…[cut]';

/** `text` with every secret shape SECURITY.md lists replaced by `[redacted]`. Idempotent. */
export function redactText(text: string): string {
  // A secret cut short at the cut point is redacted by its prefix alone (the end-of-text shapes).
  const kept = text.length > MAX_REDACTED_CHARS ? text.slice(0, MAX_REDACTED_CHARS) : text;
  const spans = secretSpans(kept);
  const cut = kept === text ? '' : CUT_MARK;
  if (spans.length === 0) return kept + cut;
  let result = '';
  let from = 0;
  for (const [start, end] of spans) {
    result += kept.slice(from, start) + REDACTED;
    from = end;
  }
  return result + kept.slice(from) + cut;
}

function redactValue(value: EvidenceValue): EvidenceValue {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value))
    return value.map((item: string | number) => (typeof item === 'string' ? redactText(item) : item)) as EvidenceValue;
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
export function redactDraft<
  T extends { readonly message: string; readonly version?: string; readonly evidence: Evidence },
>(draft: T): T {
  return {
    ...draft,
    message: redactText(draft.message),
    ...(draft.version !== undefined ? { version: redactText(draft.version) } : {}),
    evidence: redactEvidence(draft.evidence),
  };
}
