// Markdown for tickets and pull requests: summary first, then each finding with its evidence.
import { SEVERITIES } from '../engine/types.js';
import { cveOf } from '../findings/finding.js';
import { placeOf } from '../findings/place.js';
import { historyText } from '../history/status.js';
import { escapeMarkdown as md, markdownCode as code, markdownLink } from './escape.js';
import type { Rule } from '../engine/rule.js';
import type { CoverageGap } from '../cloud/inventory.js';
import { accountLabel, accountRows } from './accounts.js';
import { fixCommandLines, fixTerraformLines } from './fix-text.js';
import { isTargetGap, type Report } from './report.js';
import type { Fix } from '../fix/types.js';

/** `rules`: a reference becomes a link only when it is in the finding's rule's own metadata (a report.json read back is not trusted). */
export function renderMarkdown(report: Report, rules: readonly Rule[] = []): string {
  const { scan } = report;
  const lines: string[] = [];
  lines.push(`# exposcan report`, '');
  lines.push(
    `Scan ${code(scan.id)} by ${md(report.tool.name)} ${md(report.tool.version)}, ${md(scan.startedAt)} to ${md(scan.finishedAt)}` +
      (scan.partial ? ' — **partial: the scan was interrupted; endpoints not reached are not covered.**' : '.'),
    '',
  );
  lines.push(`Targets: ${scan.targets.map((target) => md(target)).join(', ') || '(none)'}  `);
  lines.push(
    `Endpoints probed: ${scan.stats.endpoints}; open: ${scan.stats.open}; identified: ${scan.stats.identified}.  `,
  );
  lines.push(`Rules: ${scan.rules.length} (${scan.rules.map(code).join(', ')})`, '');
  lines.push('| severity | findings |', '| --- | ---: |');
  for (const severity of SEVERITIES) lines.push(`| ${severity} | ${scan.stats.bySeverity[severity]} |`);
  lines.push('');
  const accounts = accountRows(report);
  if (accounts.length > 1) {
    lines.push(
      '## By account',
      '',
      `| provider | account | findings | ${SEVERITIES.join(' | ')} | not checked |`,
      `| --- | --- | ---: | ${SEVERITIES.map(() => '---:').join(' | ')} | --- |`,
    );
    for (const row of accounts) {
      const gaps = row.unread
        ? '**not read: role not assumed**'
        : row.gaps > 0
          ? `${row.gaps} read${row.gaps === 1 ? '' : 's'}`
          : '';
      lines.push(
        `| ${md(row.provider)} | ${md(accountLabel(row))} | ${row.findings} | ${SEVERITIES.map((severity) => row.bySeverity[severity]).join(' | ')} | ${gaps} |`,
      );
    }
    lines.push('');
  }
  const targets = report.coverage.filter(isTargetGap);
  const reads = report.coverage.filter((gap): gap is CoverageGap => !isTargetGap(gap));
  if (targets.length > 0 || reads.length > 0) lines.push('## Not checked', '');
  if (targets.length > 0) {
    lines.push(
      'These targets were never reached: no endpoint of theirs could be connected to. What they expose is unknown, not safe.',
      '',
    );
    lines.push('| target | endpoints | why |', '| --- | ---: | --- |');
    for (const gap of targets) lines.push(`| ${md(gap.target)} | ${gap.endpoints} | ${md(gap.message)} |`);
    lines.push('');
  }
  if (reads.length > 0) {
    lines.push('These cloud reads could not be made; what they would have shown is unknown, not safe.', '');
    lines.push('| provider | account | region | call | reason | message |', '| --- | --- | --- | --- | --- | --- |');
    for (const gap of reads)
      lines.push(
        `| ${md(gap.provider)} | ${md(accountLabel(gap))} | ${md(gap.region)} | ${md(gap.call)} | ${md(gap.reason)} | ${md(gap.message)} |`,
      );
    lines.push('');
  }
  if (report.history?.notUpdated !== undefined) {
    lines.push(
      `**History not updated:** this scan is not recorded in ${md(report.history.file)} (${md(report.history.notUpdated)}); new, fixed and still-open are not known for it.`,
      '',
    );
  }
  if (report.findings.length === 0) {
    lines.push('No findings.', '');
  } else {
    const withHistory = report.findings.some((finding) => finding.status !== undefined);
    lines.push(
      '## Findings',
      '',
      `| score | severity | rule | target | product |${withHistory ? ' status |' : ''}`,
      `| ---: | --- | --- | --- | --- |${withHistory ? ' --- |' : ''}`,
    );
    for (const finding of report.findings) {
      lines.push(
        `| ${finding.score.toFixed(1)} | ${md(finding.severity)} | ${code(finding.ruleId)}${cveOf(finding) ? ` ${cveOf(finding)}` : ''} | ${md(placeOf(finding))} | ${md(finding.product)} ${md(finding.version ?? '')} |${withHistory ? ` ${md(historyText(finding, scan.startedAt))} |` : ''}`,
      );
    }
    lines.push('');
    for (const finding of report.findings) {
      lines.push(`### ${md(finding.title)}`, '');
      if (finding.resource) lines.push(`- **Resource:** ${md(placeOf({ resource: finding.resource }))}`);
      if (finding.target)
        lines.push(
          `- **Endpoint:** ${md(finding.target.url ?? placeOf({ target: finding.target }))} (${md(finding.target.protocol)}${finding.target.tls ? ', TLS' : ''})`,
        );
      lines.push(
        `- **Rule:** ${code(finding.ruleId)} · severity ${md(finding.severity)} · score ${finding.score.toFixed(1)} (${md(finding.why)}) · confidence ${md(finding.confidence)}`,
      );
      lines.push(`- **Finding id:** ${code(finding.id)}`);
      // cveOf checked the id's shape: it is safe in a link as it is.
      const cve = cveOf(finding);
      if (cve) lines.push(`- **CVE:** [${cve}](https://nvd.nist.gov/vuln/detail/${cve})`);
      if (finding.status !== undefined && finding.firstSeen !== undefined)
        lines.push(`- **Status:** ${md(historyText(finding, scan.startedAt))} (first seen ${md(finding.firstSeen)})`);
      lines.push(`- ${md(finding.message)}`);
      lines.push('', '| evidence | value |', '| --- | --- |');
      for (const [key, value] of Object.entries(finding.evidence)) {
        lines.push(`| ${md(key)} | ${md(Array.isArray(value) ? value.join(', ') : String(value))} |`);
      }
      lines.push('', `**Remediation:** ${md(finding.remediation)}`, '');
      if (finding.fix) lines.push(...fixMarkdown(finding.fix));
      if (finding.references.length > 0) {
        // The rule's own references, and the NVD page of the finding's CVE (its id's shape is checked by cveOf).
        const trusted = new Set<string>([
          ...(rules.find((rule) => rule.meta.id === finding.ruleId)?.meta.references ?? []),
          ...(cve ? [`https://nvd.nist.gov/vuln/detail/${cve}`] : []),
        ]);
        lines.push(
          `References: ${finding.references.map((reference) => (trusted.has(reference) ? markdownLink(reference) : md(reference))).join(' ')}`,
          '',
        );
      }
    }
  }
  if (report.history && report.history.fixed.length > 0) {
    lines.push(
      '## Fixed since the previous scan',
      '',
      '| rule | place | severity | first seen | last seen | finding id |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const fixed of report.history.fixed)
      lines.push(
        `| ${code(fixed.ruleId)} | ${md(fixed.place)} | ${md(fixed.severity)} | ${md(fixed.firstSeen)} | ${md(fixed.lastSeen)} | ${code(fixed.id)} |`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The exact fix as fenced code: shell lines as generated (quoted for sh), Terraform changes as
 * text. The fence is longer than any run of backticks inside, so no id can close it.
 */
function fixMarkdown(fix: Fix): string[] {
  const block = (info: string, lines: readonly string[]): string[] => {
    // fix-text.ts has withheld any line with a control or bidirectional character.
    const text = lines.join('\n');
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return [`${fence}${info}`, text, fence, ''];
  };
  const commands = fixCommandLines(fix);
  const terraform = fixTerraformLines(fix);
  return [
    `**Fix** (generated from the resource, never run by exposcan; review before running): ${md(fix.summary)}`,
    '',
    ...(commands.length > 0 ? block('sh', commands) : []),
    ...(terraform.length > 0 ? ['Terraform:', '', ...block('', terraform)] : []),
  ];
}
