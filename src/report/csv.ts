// CSV for spreadsheets: a header row, then one row per finding, in report order (ranked), then one
// row per thing that could not be checked (a target never reached, a cloud read that could not be
// made, an interrupted scan), `kind` telling them apart: a gap is never a silent pass here either.
// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled.
// Server-controlled text lands in cells, so a cell a spreadsheet would read as a formula
// (starting with = + - @, tab or CR) gets a leading apostrophe. No BOM: written as plain UTF-8.
import type { Finding } from '../findings/finding.js';
import { placeOf } from '../findings/place.js';
import { dropControl } from './escape.js';
import { isTargetGap, type Gap, type Report } from './report.js';

export const CSV_COLUMNS = [
  'id',
  'ruleId',
  'severity',
  'score',
  'confidence',
  'product',
  'version',
  'place',
  'host',
  'port',
  'provider',
  'account',
  'region',
  'resourceType',
  'resourceId',
  'title',
  'message',
  'remediation',
  'firstReference',
  /** `finding`, or `not-checked` for a coverage gap. */
  'kind',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

export function renderCsv(report: Report): string {
  const cells = [
    ...report.findings.map(cellOf),
    ...report.coverage.map(gapCells),
    ...(report.scan.partial ? [interrupted()] : []),
  ];
  const rows = [CSV_COLUMNS.map(csvCell), ...cells.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])))];
  return rows.map((row) => `${row.join(',')}\r\n`).join('');
}

function cellOf(finding: Finding): Record<Column, string> {
  return {
    id: finding.id,
    ruleId: finding.ruleId,
    severity: finding.severity,
    score: finding.score.toFixed(1),
    confidence: finding.confidence,
    product: finding.product,
    version: finding.version ?? '',
    place: placeOf(finding),
    host: finding.target?.host ?? '',
    port: finding.target ? String(finding.target.port) : '',
    provider: finding.resource?.provider ?? '',
    account: finding.resource?.account ?? '',
    region: finding.resource?.region ?? '',
    resourceType: finding.resource?.type ?? '',
    resourceId: finding.resource?.id ?? '',
    title: finding.title,
    message: finding.message,
    remediation: finding.remediation,
    firstReference: finding.references[0] ?? '',
    kind: 'finding',
  };
}

const EMPTY = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ''])) as Record<Column, string>;

function gapCells(gap: Gap): Record<Column, string> {
  if (isTargetGap(gap)) {
    return {
      ...EMPTY,
      place: gap.target,
      title: 'Target not reached: what it exposes is unknown, not safe',
      message: gap.message,
      kind: 'not-checked',
    };
  }
  return {
    ...EMPTY,
    place: `${gap.provider}/${gap.account}/${gap.region} ${gap.call}`,
    provider: gap.provider,
    account: gap.account,
    region: gap.region,
    resourceId: gap.resource ?? '',
    title: `Cloud read not made (${gap.reason}): what it would show is unknown, not safe`,
    message: gap.message,
    kind: 'not-checked',
  };
}

function interrupted(): Record<Column, string> {
  return {
    ...EMPTY,
    title: 'Scan interrupted: the report is partial',
    message: 'Endpoints and resources not reached are not covered.',
    kind: 'not-checked',
  };
}

/** Drops NUL and other control characters, neutralises formula injection, then quotes per RFC 4180 when needed. */
export function csvCell(value: string): string {
  const clean = dropControl(value);
  const safe = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
