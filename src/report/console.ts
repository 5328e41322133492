// The terminal summary: findings ranked by score, one line each, and the totals. Plain text,
// no colour codes, nothing a server sent reaches the terminal unfiltered.
import { SEVERITIES } from '../engine/types.js';
import { placeOf } from '../findings/place.js';
import { historyText } from '../history/status.js';
import { stripControl } from './escape.js';
import type { Report } from './report.js';

/** `judged`: what was judged when nothing was probed (a Terraform plan), said instead of the probe counts. */
export function renderConsole(report: Report, writtenFiles: readonly string[], judged?: string): string {
  const withHistory = report.findings.some((finding) => finding.status !== undefined);
  const rows = report.findings.map((finding) => [
    finding.score.toFixed(1),
    finding.severity,
    finding.ruleId,
    stripControl(placeOf(finding)),
    stripControl(`${finding.product}${finding.version ? ` ${finding.version}` : ''}`),
    ...(withHistory ? [historyText(finding, report.scan.startedAt)] : []),
  ]);
  const lines: string[] = [];
  if (rows.length > 0) {
    const header = ['SCORE', 'SEVERITY', 'RULE', 'TARGET', 'PRODUCT', ...(withHistory ? ['STATUS'] : [])];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const format = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
    lines.push(format(header), ...rows.map(format), '');
  }
  const { stats } = report.scan;
  const counts = SEVERITIES.map((severity) => `${stats.bySeverity[severity]} ${severity}`).join(', ');
  lines.push(
    `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${counts}) ${
      judged !== undefined
        ? `in ${judged}.`
        : `on ${stats.endpoints} endpoint${stats.endpoints === 1 ? '' : 's'} probed, ${stats.open} open, ${stats.identified} identified, in ${(report.scan.durationMs / 1000).toFixed(1)}s.`
    }`,
  );
  if (report.history?.notUpdated !== undefined) {
    lines.push(stripControl(`HISTORY NOT UPDATED: this scan is not recorded in ${report.history.file}: ${report.history.notUpdated}; new/fixed/open are not known for it`));
  } else if (report.history) {
    const counts = (status: string) => report.findings.filter((finding) => finding.status === status).length;
    lines.push(`history: ${counts('new')} new, ${counts('reopened')} reopened, ${counts('open')} still open, ${report.history.fixed.length} fixed (${stripControl(report.history.file)})`);
    for (const fixed of report.history.fixed) lines.push(stripControl(`  FIXED: ${fixed.ruleId} ${fixed.place} (${fixed.id}), first seen ${fixed.firstSeen}, last seen ${fixed.lastSeen}`));
  }
  if (report.scan.partial) lines.push('PARTIAL: the scan was interrupted; endpoints not reached are not covered.');
  if (report.coverage.length > 0) {
    // Checks that could not run are not passes: say so where the user looks.
    lines.push(`NOT CHECKED: ${report.coverage.length} cloud read${report.coverage.length === 1 ? '' : 's'} could not be made:`);
    for (const gap of report.coverage.slice(0, 10)) lines.push(stripControl(`  ${gap.provider}/${gap.account}/${gap.region} ${gap.call}: ${gap.reason}${gap.resource ? ` (${gap.resource})` : ''}`));
    if (report.coverage.length > 10) lines.push(`  … and ${report.coverage.length - 10} more (coverage in report.json)`);
  }
  for (const file of writtenFiles) lines.push(`wrote ${file}`);
  // Each line is one line whatever a value held: a line break a server sent cannot start a line of its own.
  return `${lines.map(stripControl).join('\n')}\n`;
}
