// `exposcan diff OLD NEW`: two reports compared by finding id (ids are stable across scans).
import { placeOf } from '../findings/place.js';
import { stripControl } from '../report/escape.js';
import type { Report } from '../report/report.js';
import { checkedBy } from './scope.js';

interface DiffEntry {
  readonly id: string;
  readonly ruleId: string;
  readonly place: string;
  readonly severity: string;
}

export interface ReportDiff {
  readonly old: { readonly scan: string; readonly startedAt: string; readonly partial: boolean };
  readonly new: { readonly scan: string; readonly startedAt: string; readonly partial: boolean };
  /** In NEW only. */
  readonly added: readonly DiffEntry[];
  /** In OLD only, and NEW looked for it (when NEW is partial, possibly just not reached). */
  readonly fixed: readonly DiffEntry[];
  /**
   * In OLD only, where NEW did not look: its rule did not run in NEW, or its endpoint is outside
   * NEW's targets, ports or shard. Unknown, not fixed.
   */
  readonly notChecked: readonly DiffEntry[];
  /** In both. */
  readonly open: readonly DiffEntry[];
}

export function diffReports(before: Report, after: Report): ReportDiff {
  const entry = (finding: Report['findings'][number]): DiffEntry => ({
    id: finding.id,
    ruleId: finding.ruleId,
    place: placeOf(finding),
    severity: finding.severity,
  });
  const oldIds = new Set(before.findings.map((finding) => finding.id));
  const newIds = new Set(after.findings.map((finding) => finding.id));
  const order = (a: DiffEntry, b: DiffEntry) =>
    a.ruleId.localeCompare(b.ruleId) || a.place.localeCompare(b.place) || a.id.localeCompare(b.id);
  const gone = before.findings.filter((finding) => !newIds.has(finding.id));
  const checked = checkedBy(after);
  const scan = (report: Report) => ({
    scan: report.scan.id,
    startedAt: report.scan.startedAt,
    partial: report.scan.partial,
  });
  return {
    old: scan(before),
    new: scan(after),
    added: after.findings
      .filter((finding) => !oldIds.has(finding.id))
      .map(entry)
      .sort(order),
    fixed: gone.filter(checked).map(entry).sort(order),
    notChecked: gone
      .filter((finding) => !checked(finding))
      .map(entry)
      .sort(order),
    open: after.findings
      .filter((finding) => oldIds.has(finding.id))
      .map(entry)
      .sort(order),
  };
}

export function renderDiff(diff: ReportDiff): string {
  const notChecked = diff.notChecked.length > 0 ? `, ${diff.notChecked.length} not checked (outside NEW's scope)` : '';
  const lines = [
    `${diff.added.length} new, ${diff.fixed.length} fixed, ${diff.open.length} still open${notChecked} (scan ${diff.old.scan} → ${diff.new.scan})`,
  ];
  if (diff.new.partial) lines.push('NEW is a partial scan: "fixed" findings may only not have been reached.');
  const section = (label: string, entries: readonly DiffEntry[]) => {
    for (const item of entries)
      lines.push(stripControl(`${label}  ${item.id}  ${item.severity.padEnd(8)}  ${item.ruleId}  ${item.place}`));
  };
  section('NEW  ', diff.added);
  section('FIXED', diff.fixed);
  section('OPEN ', diff.open);
  section('NOT CHECKED', diff.notChecked);
  // The scan ids come from the report files: hostile input, one line each like the rest.
  return `${lines.map(stripControl).join('\n')}\n`;
}
