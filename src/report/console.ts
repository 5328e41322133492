// The terminal summary: findings ranked by score, one line each, and the totals; then what a
// triage needs next: open ports nothing identified, why endpoints failed, what was not checked.
// Colour only when asked (the CLI asks on a TTY without NO_COLOR); nothing a server sent reaches
// the terminal unfiltered.
import { SEVERITIES, type Severity } from '../engine/types.js';
import { ruleLabel } from '../findings/finding.js';
import { placeOf } from '../findings/place.js';
import { historyText } from '../history/status.js';
import { accountLabel, accountRows } from './accounts.js';
import { stripControl } from './escape.js';
import type { CoverageGap } from '../cloud/inventory.js';
import { isTargetGap, type Report } from './report.js';

/** ANSI SGR codes per severity: red for what to fix first, fading down to grey. */
const SEVERITY_COLOUR: Readonly<Record<Severity, string>> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  info: '2',
};

export interface ConsoleOptions {
  /** What was judged when nothing was probed (a Terraform plan), said instead of the probe counts. */
  readonly judged?: string;
  /** Colour the severities and the warnings (a TTY, NO_COLOR unset). */
  readonly colour?: boolean;
}

/** Whether a stream gets colour: a terminal, and no NO_COLOR (https://no-color.org/) or TERM=dumb. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

/** How many unidentified endpoints the console lists before pointing at report.json. */
const UNIDENTIFIED_SHOWN = 10;

export function renderConsole(
  report: Report,
  writtenFiles: readonly string[],
  options: ConsoleOptions | string = {},
): string {
  const { judged, colour = false } = typeof options === 'string' ? { judged: options } : options;
  let table: { readonly rows: number; readonly severityAt: number; readonly severityWidth: number } | undefined;
  const withHistory = report.findings.some((finding) => finding.status !== undefined);
  const rows = report.findings.map((finding) => [
    finding.score.toFixed(1),
    finding.severity,
    ruleLabel(finding),
    stripControl(placeOf(finding)),
    stripControl(`${finding.product}${finding.version ? ` ${finding.version}` : ''}`),
    ...(withHistory ? [historyText(finding, report.scan.startedAt)] : []),
  ]);
  const lines: string[] = [];
  if (rows.length > 0) {
    const header = ['SCORE', 'SEVERITY', 'RULE', 'TARGET', 'PRODUCT', ...(withHistory ? ['STATUS'] : [])];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const format = (row: readonly string[]) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd();
    lines.push(format(header), ...rows.map(format), '');
    table = { rows: rows.length, severityAt: widths[0]! + 2, severityWidth: widths[1]! };
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
  const failures = Object.entries(stats.failures ?? {}).filter(([, count]) => (count ?? 0) > 0);
  if (judged === undefined && failures.length > 0)
    lines.push(
      `failures: ${failures.map(([kind, count]) => `${kind} ${count}`).join(', ')} (refused: nothing listens; timeout: no answer; dns: the name does not resolve)`,
    );
  const unidentified = report.services.filter((service) => service.protocol === 'unknown');
  if (unidentified.length > 0) {
    lines.push(
      `OPEN, NOT IDENTIFIED: ${unidentified.length} endpoint${unidentified.length === 1 ? '' : 's'} answered but matched no fingerprint:`,
    );
    for (const service of unidentified.slice(0, UNIDENTIFIED_SHOWN)) {
      const place = service.host.includes(':')
        ? `[${service.host}]:${service.port}`
        : `${service.host}:${service.port}`;
      lines.push(
        stripControl(
          `  ${place}${service.tls ? ' (TLS)' : ''}${service.banner ? `  first bytes: ${service.banner.slice(0, 60)}` : ''}`,
        ),
      );
    }
    if (unidentified.length > UNIDENTIFIED_SHOWN)
      lines.push(`  … and ${unidentified.length - UNIDENTIFIED_SHOWN} more (services in report.json)`);
  }
  if (report.history?.notUpdated !== undefined) {
    lines.push(
      stripControl(
        `HISTORY NOT UPDATED: this scan is not recorded in ${report.history.file}: ${report.history.notUpdated}; new/fixed/open are not known for it`,
      ),
    );
  } else if (report.history) {
    const counts = (status: string) => report.findings.filter((finding) => finding.status === status).length;
    lines.push(
      `history: ${counts('new')} new, ${counts('reopened')} reopened, ${counts('open')} still open, ${report.history.fixed.length} fixed (${stripControl(report.history.file)})`,
    );
    for (const fixed of report.history.fixed)
      lines.push(
        stripControl(
          `  FIXED: ${fixed.ruleId} ${fixed.place} (${fixed.id}), first seen ${fixed.firstSeen}, last seen ${fixed.lastSeen}`,
        ),
      );
  }
  const accounts = accountRows(report);
  if (accounts.length > 1) {
    // An organisation-wide scan: each account's share, worst first, and the accounts not read.
    lines.push(`accounts: ${accounts.length}, worst first:`);
    for (const row of accounts.slice(0, 10)) {
      const counts = SEVERITIES.filter((severity) => row.bySeverity[severity] > 0).map(
        (severity) => `${row.bySeverity[severity]} ${severity}`,
      );
      lines.push(
        stripControl(
          `  ${row.provider}/${accountLabel(row)}: ${row.findings} finding${row.findings === 1 ? '' : 's'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}${row.unread ? '; NOT READ: role not assumed' : row.gaps > 0 ? `; ${row.gaps} read${row.gaps === 1 ? '' : 's'} not made` : ''}`,
        ),
      );
    }
    if (accounts.length > 10)
      lines.push(`  … and ${accounts.length - 10} more (by account in report.md / report.html)`);
  }
  if (report.scan.partial)
    lines.push(
      'PARTIAL: the scan was interrupted; endpoints not reached are not covered. Run the same command with --resume to continue where it stopped.',
    );
  // Checks that could not run are not passes: say so where the user looks.
  const targets = report.coverage.filter(isTargetGap);
  if (targets.length > 0) {
    lines.push(
      `NOT REACHED: ${targets.length} target${targets.length === 1 ? '' : 's'}, none of whose endpoints could be connected to:`,
    );
    for (const gap of targets.slice(0, 10)) lines.push(stripControl(`  ${gap.target}: ${gap.message}`));
    if (targets.length > 10) lines.push(`  … and ${targets.length - 10} more (coverage in report.json)`);
  }
  const reads = report.coverage.filter((gap): gap is CoverageGap => !isTargetGap(gap));
  if (reads.length > 0) {
    lines.push(`NOT CHECKED: ${reads.length} cloud read${reads.length === 1 ? '' : 's'} could not be made:`);
    for (const gap of reads.slice(0, 10))
      lines.push(
        stripControl(
          `  ${gap.provider}/${accountLabel(gap)}/${gap.region} ${gap.call}: ${gap.reason}${gap.resource ? ` (${gap.resource})` : ''}`,
        ),
      );
    if (reads.length > 10) lines.push(`  … and ${reads.length - 10} more (coverage in report.json)`);
  }
  for (const file of writtenFiles) lines.push(`wrote ${file}`);
  // Each line is one line whatever a value held: a line break a server sent cannot start a line of its own.
  const shown = lines.map(stripControl);
  return `${(colour ? painted(shown, table) : shown).join('\n')}\n`;
}

const sgr = (code: string, text: string): string => `\u001b[${code}m${text}\u001b[0m`;
const WARNING = /^(NOT REACHED|NOT CHECKED|PARTIAL|OPEN, NOT IDENTIFIED|HISTORY NOT UPDATED):/;

/**
 * Colour added to lines already cleaned of control characters (so the escape codes are ours
 * alone): the table's header bold, each severity in its colour, the warnings bold yellow. The
 * columns are padded before, so the codes never shift them.
 */
function painted(
  lines: readonly string[],
  table: { rows: number; severityAt: number; severityWidth: number } | undefined,
): string[] {
  return lines.map((line, index) => {
    if (table && index === 0) return sgr('1', line);
    if (table && index <= table.rows) {
      const cell = line.slice(table.severityAt, table.severityAt + table.severityWidth);
      const code = SEVERITY_COLOUR[cell.trim() as Severity];
      return code
        ? `${line.slice(0, table.severityAt)}${sgr(code, cell)}${line.slice(table.severityAt + table.severityWidth)}`
        : line;
    }
    return WARNING.test(line) ? sgr('1;33', line) : line;
  });
}
