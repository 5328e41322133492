// What a notification says: metadata only. Rule, title, severity, score, status, place and dates
// of each finding announced; never its evidence, message or the scan's targets (a target URL may
// hold a password), so a chat channel or a webhook receiver learns no more than the finding list.
// Every string goes through dropControl; Slack text is escaped for mrkdwn (&, <, > as entities:
// no link, mention or markup from a server's text).
import type { Severity } from '../engine/types.js';
import type { Finding } from '../findings/finding.js';
import { placeOf } from '../findings/place.js';
import { countBySeverity, type Report } from '../report/report.js';
import { dropControl, stripControl } from '../report/escape.js';

interface NotifiedFinding {
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly score: number;
  readonly confidence: string;
  readonly status?: string;
  readonly place: string;
  readonly firstSeen?: string;
}

export interface Payload {
  readonly kind: 'changes' | 'digest';
  readonly tool: { readonly name: string; readonly version: string };
  readonly scan: {
    readonly id: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly partial: boolean;
  };
  /** changes: the findings that opened; digest: every open finding at or above the threshold. */
  readonly findings: readonly NotifiedFinding[];
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly threshold: Severity;
}

export function buildPayload(
  kind: Payload['kind'],
  report: Report,
  findings: readonly Finding[],
  threshold: Severity,
): Payload {
  return {
    kind,
    tool: report.tool,
    scan: {
      id: report.scan.id,
      startedAt: report.scan.startedAt,
      finishedAt: report.scan.finishedAt,
      partial: report.scan.partial,
    },
    findings: findings.map((finding) => ({
      id: finding.id,
      ruleId: finding.ruleId,
      title: dropControl(finding.title),
      severity: finding.severity,
      score: finding.score,
      confidence: finding.confidence,
      ...(finding.status ? { status: finding.status } : {}),
      place: dropControl(placeOf(finding)),
      ...(finding.firstSeen ? { firstSeen: finding.firstSeen } : {}),
    })),
    bySeverity: countBySeverity(findings),
    threshold,
  };
}

/** Slack mrkdwn: &, < and > are the only characters Slack asks to escape; controls become spaces. */
function slackEscape(text: string): string {
  return stripControl(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const MAX_LINES = 20;

/** The incoming-webhook body: plain `text`, one line per finding (at most 20, then a count). */
export function slackBody(payload: Payload): { text: string } {
  const head =
    payload.kind === 'changes'
      ? `exposcan: ${payload.findings.length} finding${payload.findings.length === 1 ? '' : 's'} opened (${payload.threshold} and above), scan ${payload.scan.id}`
      : `exposcan daily digest: ${payload.findings.length} open finding${payload.findings.length === 1 ? '' : 's'} (${payload.threshold} and above), scan ${payload.scan.id}`;
  const lines = payload.findings
    .slice(0, MAX_LINES)
    .map(
      (finding) =>
        `• ${finding.severity.toUpperCase()} ${finding.ruleId}${finding.status ? ` (${finding.status})` : ''}: ${finding.title} at ${finding.place}`,
    );
  if (payload.findings.length > MAX_LINES) lines.push(`… and ${payload.findings.length - MAX_LINES} more`);
  return { text: [head, ...lines].map(slackEscape).join('\n') };
}
