// Findings and coverage gaps grouped by cloud account: what an organisation-wide scan shows first,
// so each account's owner finds their share (and the accounts that could not be read) at a glance.
// Pure: the renderers (Markdown, HTML, console) print the rows their own way.
import type { Provider } from '../cloud/inventory.js';
import { SEVERITIES, severityRank, type Severity } from '../engine/types.js';
import { isTargetGap, type Report } from './report.js';

export interface AccountRow {
  readonly provider: Provider;
  readonly account: string;
  readonly accountName?: string;
  readonly findings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Cloud reads in this account that could not be made. */
  readonly gaps: number;
  /** A whole-account gap (its role could not be assumed): nothing in it was read. */
  readonly unread: boolean;
}

/** One row per account any finding or gap names; the worst accounts first, then by provider and id. */
export function accountRows(report: Pick<Report, 'findings' | 'coverage'>): AccountRow[] {
  const rows = new Map<
    string,
    {
      provider: Provider;
      account: string;
      accountName?: string;
      bySeverity: Record<Severity, number>;
      gaps: number;
      unread: boolean;
    }
  >();
  const rowOf = (provider: Provider, account: string, accountName: string | undefined) => {
    const key = `${provider}\u0000${account}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        provider,
        account,
        bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>,
        gaps: 0,
        unread: false,
      };
      rows.set(key, row);
    }
    if (accountName && !row.accountName) row.accountName = accountName;
    return row;
  };
  for (const finding of report.findings) {
    if (!finding.resource) continue;
    rowOf(finding.resource.provider, finding.resource.account, finding.resource.accountName).bySeverity[
      finding.severity
    ]++;
  }
  for (const gap of report.coverage) {
    if (isTargetGap(gap)) continue;
    const row = rowOf(gap.provider, gap.account, gap.accountName);
    row.gaps++;
    if (gap.call === 'sts:AssumeRole') row.unread = true;
  }
  const worst = (row: { bySeverity: Record<Severity, number> }) =>
    SEVERITIES.find((severity) => row.bySeverity[severity] > 0);
  const rank = (row: { bySeverity: Record<Severity, number> }) => {
    const severity = worst(row);
    return severity ? severityRank(severity) : SEVERITIES.length;
  };
  return [...rows.values()]
    .map((row) => ({ ...row, findings: SEVERITIES.reduce((sum, severity) => sum + row.bySeverity[severity], 0) }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        b.findings - a.findings ||
        (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0) ||
        (a.account < b.account ? -1 : a.account > b.account ? 1 : 0),
    );
}

/** "200000000001 (team-01)". */
export function accountLabel(row: Pick<AccountRow, 'account' | 'accountName'>): string {
  return row.accountName && row.accountName !== row.account ? `${row.account} (${row.accountName})` : row.account;
}
