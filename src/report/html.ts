// One standalone HTML page for auditors: works offline, loads nothing, runs nothing.
// No JavaScript, no external assets, inline CSS only, and a Content-Security-Policy that forbids
// everything else as defence in depth. Every string from the report passes through escapeHtml:
// a scanned server's answers (evidence, banners, messages) and the user's own targets alike.
// Links (href) are made only for https:// references in a rule's own metadata, never from evidence.
import type { Rule } from '../engine/rule.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import { cveOf, type Finding } from '../findings/finding.js';
import { endpointText, placeOf } from '../findings/place.js';
import { historyText } from '../history/status.js';
import type { CoverageGap } from '../cloud/inventory.js';
import { accountLabel, accountRows } from './accounts.js';
import { dropControl } from './escape.js';
import { fixCommandLines, fixTerraformLines } from './fix-text.js';
import { isTargetGap, type Report } from './report.js';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** HTML text and attribute values: control and bidi characters dropped, & < > " ' become entities. The one escape this file uses. */
export function escapeHtml(text: unknown): string {
  return dropControl(String(text ?? '')).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const COLOURS: Readonly<Record<Severity, string>> = {
  critical: '#8b0000',
  high: '#d9480f',
  medium: '#e8a200',
  low: '#2f6fb5',
  info: '#6c757d',
};

/** The page style, shared with the trend page (trend-html.ts): one look for what exposcan writes. */
export const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1b1b1b;background:#fff}
h1{font-size:24px;margin:8px 0}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}h3{font-size:16px;margin:0 0 6px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}th,td{border:1px solid #d0d0d0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num,th.num{text-align:right}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
td,dd{overflow-wrap:anywhere;white-space:pre-wrap}pre.fix{background:#f6f6f6;padding:8px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.banner{border:2px solid #b00020;background:#fdecee;color:#5c0010;padding:10px 14px;margin:12px 0;font-weight:600}
.note{color:#555}.sev{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600}
section.finding{border:1px solid #d0d0d0;border-left-width:6px;padding:10px 14px;margin:14px 0;page-break-inside:avoid}
${SEVERITIES.map((severity) => `.sev-${severity}{background:${COLOURS[severity]}}section.finding.sev-${severity}{background:#fff;border-left-color:${COLOURS[severity]}}`).join('\n')}
@media print{body{max-width:none}}
`;

/** A page's start up to its body: standalone, no scripts (the CSP forbids them), no referrer sent. */
export function pageHead(title: string, style: string): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(HTML_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
  ];
}

export function renderHtml(report: Report, rules: readonly Rule[] = []): string {
  const { scan } = report;
  const ranked = [...report.findings].sort((a, b) => b.score - a.score);
  const out: string[] = [];
  out.push(
    ...pageHead(`${report.tool.name} report ${scan.id}`, STYLE),
    `<h1>${escapeHtml(report.tool.name)} report</h1>`,
  );
  if (scan.partial) {
    out.push(
      '<div class="banner" role="alert">Partial scan: the scan was interrupted. Endpoints not reached are not covered; their absence here means nothing.</div>',
    );
  }
  const unreachedTargets = report.coverage.filter(isTargetGap);
  const failedReads = report.coverage.filter((gap): gap is CoverageGap => !isTargetGap(gap));
  if (unreachedTargets.length > 0) {
    out.push(
      `<div class="banner" role="alert">${escapeHtml(plural(unreachedTargets.length, 'target'))} never reached: see “Not checked”. What they expose is unknown, not safe.</div>`,
    );
  }
  if (failedReads.length > 0) {
    out.push(
      `<div class="banner" role="alert">${escapeHtml(plural(failedReads.length, 'cloud read'))} could not be made: see “Not checked”. What they would have shown is unknown, not safe.</div>`,
    );
  }

  // What was scanned.
  const settings = scan.settings;
  out.push('<h2>Scan</h2>', '<dl class="meta">');
  out.push(meta('Scan id', `<code>${escapeHtml(scan.id)}</code>`));
  out.push(meta('Tool', escapeHtml(`${report.tool.name} ${report.tool.version}`)));
  out.push(meta('Started', escapeHtml(scan.startedAt)));
  out.push(meta('Finished', escapeHtml(scan.finishedAt)));
  out.push(meta('Duration', escapeHtml(duration(scan.durationMs))));
  out.push(
    meta(
      'Complete',
      scan.partial
        ? 'no: partial (interrupted)'
        : unreachedTargets.length > 0
          ? escapeHtml(`no: ${plural(unreachedTargets.length, 'target')} never reached`)
          : 'yes',
    ),
  );
  out.push(
    meta(
      `Targets (${scan.targets.length})`,
      scan.targets.length > 0
        ? scan.targets.map((target) => `<code>${escapeHtml(target)}</code>`).join(', ')
        : '(none)',
    ),
  );
  // Folded: dozens of rule ids and ports would otherwise fill the top of the page before any finding.
  out.push(
    meta(
      `Rules run (${scan.rules.length})`,
      scan.rules.length > 0
        ? folded(`${scan.rules.length} rules`, scan.rules.map((rule) => `<code>${escapeHtml(rule)}</code>`).join(', '))
        : '(none)',
    ),
  );
  out.push(
    meta(
      'Settings',
      escapeHtml(
        `concurrency ${settings.concurrency}; per host ${settings.perHost}; rate ${settings.rate === 0 ? 'unlimited' : `${settings.rate}/s`}; ` +
          `timeout ${settings.timeoutMs} ms; credential checks ${settings.credentialChecks ? 'on' : 'off'}`,
      ),
    ),
  );
  out.push(
    meta(
      `Ports (${settings.ports.length})`,
      settings.ports.length > 0
        ? folded(`${settings.ports.length} ports`, escapeHtml(settings.ports.join(', ')))
        : '(none)',
    ),
  );
  const failures = Object.entries(scan.stats.failures ?? {}).map(([reason, count]) => `${reason} ${count}`);
  out.push(
    meta(
      'Endpoints',
      escapeHtml(
        `${scan.stats.endpoints} probed; ${scan.stats.open} open; ${scan.stats.identified} identified${failures.length > 0 ? `; failures: ${failures.join(', ')}` : ''}`,
      ),
    ),
  );
  out.push('</dl>');

  // Counts by severity.
  out.push(`<h2>Findings by severity</h2>`, severityChart(scan.stats.bySeverity));
  out.push('<table class="counts"><thead><tr><th>severity</th><th class="num">findings</th></tr></thead><tbody>');
  for (const severity of SEVERITIES)
    out.push(
      `<tr><td>${badge(severity)}</td><td class="num" data-severity="${severity}">${scan.stats.bySeverity[severity]}</td></tr>`,
    );
  out.push(`<tr><th>total</th><th class="num">${report.findings.length}</th></tr>`, '</tbody></table>');

  // Summary ranked by score.
  out.push('<h2>Summary</h2>');
  if (ranked.length === 0) {
    out.push('<p>No findings.</p>');
  } else {
    const withHistory = ranked.some((finding) => finding.status !== undefined);
    out.push(
      `<table class="summary"><thead><tr><th>#</th><th class="num">score</th><th>severity</th><th>rule</th><th>place</th><th>product</th>${withHistory ? '<th>status</th>' : ''}</tr></thead><tbody>`,
    );
    ranked.forEach((finding, index) => {
      out.push(
        `<tr><td class="num">${index + 1}</td><td class="num">${finding.score.toFixed(1)}</td><td>${badge(finding.severity)}</td>` +
          `<td><code>${escapeHtml(finding.ruleId)}</code>${cveOf(finding) ? ` ${escapeHtml(cveOf(finding))}` : ''}</td><td class="mono">${escapeHtml(placeOf(finding))}</td>` +
          `<td>${escapeHtml(`${finding.product}${finding.version ? ` ${finding.version}` : ''}`)}</td>${withHistory ? `<td>${escapeHtml(historyText(finding, scan.startedAt))}</td>` : ''}</tr>`,
      );
    });
    out.push('</tbody></table>');
  }

  // By account (an organisation-wide scan).
  const accounts = accountRows(report);
  if (accounts.length > 1) {
    out.push('<h2>By account</h2>');
    out.push(
      `<table class="accounts"><thead><tr><th>provider</th><th>account</th><th>findings</th>${SEVERITIES.map((severity) => `<th>${severity}</th>`).join('')}<th>not checked</th></tr></thead><tbody>`,
    );
    for (const row of accounts) {
      const gaps = row.unread
        ? '<strong>not read: role not assumed</strong>'
        : row.gaps > 0
          ? `${row.gaps} read${row.gaps === 1 ? '' : 's'}`
          : '';
      out.push(
        `<tr><td>${escapeHtml(row.provider)}</td><td class="mono">${escapeHtml(accountLabel(row))}</td><td>${row.findings}</td>` +
          `${SEVERITIES.map((severity) => `<td>${row.bySeverity[severity]}</td>`).join('')}<td>${gaps}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  // Each finding.
  if (ranked.length > 0) {
    out.push('<h2>Findings</h2>');
    ranked.forEach((finding, index) => out.push(findingSection(finding, index + 1, rules, scan.startedAt)));
  }

  if (report.history?.notUpdated !== undefined) {
    out.push(
      `<p class="partial"><strong>History not updated:</strong> this scan is not recorded in <code>${escapeHtml(report.history.file)}</code> (${escapeHtml(report.history.notUpdated)}); new, fixed and still-open are not known for it.</p>`,
    );
  }

  // Fixed since the previous scan (scan history).
  if (report.history && report.history.fixed.length > 0) {
    out.push('<h2>Fixed since the previous scan</h2>');
    out.push(
      '<table class="fixed"><thead><tr><th>rule</th><th>place</th><th>severity</th><th>first seen</th><th>last seen</th><th>finding id</th></tr></thead><tbody>',
    );
    for (const fixed of report.history.fixed) {
      out.push(
        `<tr><td><code>${escapeHtml(fixed.ruleId)}</code></td><td class="mono">${escapeHtml(fixed.place)}</td><td>${escapeHtml(fixed.severity)}</td>` +
          `<td>${escapeHtml(fixed.firstSeen)}</td><td>${escapeHtml(fixed.lastSeen)}</td><td><code>${escapeHtml(fixed.id)}</code></td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  // Services.
  out.push('<h2>Services</h2>');
  if (report.services.length === 0) {
    out.push('<p>No open endpoints.</p>');
  } else {
    out.push(
      '<table class="services"><thead><tr><th>endpoint</th><th>protocol</th><th>TLS</th><th>product</th><th>version</th><th>access</th><th>banner</th></tr></thead><tbody>',
    );
    for (const service of report.services) {
      out.push(
        `<tr><td class="mono">${escapeHtml(endpointText(service.host, service.port))}</td><td>${escapeHtml(service.protocol)}</td><td>${service.tls ? 'yes' : 'no'}</td>` +
          `<td>${escapeHtml(service.product ?? '')}</td><td>${escapeHtml(service.version ?? '')}</td><td>${escapeHtml(service.access ?? '')}</td>` +
          `<td class="mono">${escapeHtml(service.banner ?? '')}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  // Not checked.
  out.push('<h2>Not checked</h2>');
  if (unreachedTargets.length > 0) {
    out.push(
      '<p class="note">These targets were never reached: no endpoint of theirs could be connected to. What they expose is unknown, not safe.</p>',
    );
    out.push('<table class="coverage"><thead><tr><th>target</th><th>endpoints</th><th>why</th></tr></thead><tbody>');
    for (const gap of unreachedTargets)
      out.push(
        `<tr><td class="mono">${escapeHtml(gap.target)}</td><td>${escapeHtml(gap.endpoints)}</td><td>${escapeHtml(gap.message)}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  if (failedReads.length === 0) {
    out.push('<p>Every cloud read that was attempted was made (none, for a network-only scan).</p>');
  } else {
    out.push(
      '<p class="note">These cloud reads could not be made; what they would have shown is unknown, not safe.</p>',
    );
    out.push(
      '<table class="coverage"><thead><tr><th>provider</th><th>account</th><th>region</th><th>call</th><th>reason</th><th>resource</th><th>message</th></tr></thead><tbody>',
    );
    for (const gap of failedReads) {
      out.push(
        `<tr><td>${escapeHtml(gap.provider)}</td><td class="mono">${escapeHtml(accountLabel(gap))}</td><td>${escapeHtml(gap.region)}</td><td><code>${escapeHtml(gap.call)}</code></td>` +
          `<td>${escapeHtml(gap.reason)}</td><td class="mono">${escapeHtml(gap.resource ?? '')}</td><td>${escapeHtml(gap.message)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  out.push(
    `<p class="note">Generated by ${escapeHtml(`${report.tool.name} ${report.tool.version}`)} from report.json schema version ${escapeHtml(report.schemaVersion)}. This page contains no scripts and loads nothing.</p>`,
  );
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function findingSection(finding: Finding, rank: number, rules: readonly Rule[], asOf: string): string {
  const parts: string[] = [];
  parts.push(`<section class="finding sev-${escapeHtml(finding.severity)}" id="finding-${escapeHtml(finding.id)}">`);
  parts.push(`<h3>${rank}. ${escapeHtml(finding.title)}</h3>`);
  parts.push(`<p>${escapeHtml(finding.message)}</p>`);
  parts.push('<dl class="meta">');
  if (finding.resource)
    parts.push(meta('Resource', `<span class="mono">${escapeHtml(placeOf({ resource: finding.resource }))}</span>`));
  if (finding.target) {
    const target = finding.target;
    const where = target.url ?? endpointText(target.host, target.port);
    parts.push(
      meta(
        'Endpoint',
        `<span class="mono">${escapeHtml(where)}</span> (${escapeHtml(target.protocol)}${target.tls ? ', TLS' : ''}${target.address ? `, connected to ${escapeHtml(target.address)}` : ''})`,
      ),
    );
  }
  parts.push(meta('Severity', badge(finding.severity)));
  parts.push(meta('Score', `${escapeHtml(finding.score.toFixed(1))} — ${escapeHtml(finding.why)}`));
  parts.push(meta('Confidence', escapeHtml(finding.confidence)));
  parts.push(meta('Product', escapeHtml(`${finding.product}${finding.version ? ` ${finding.version}` : ''}`)));
  parts.push(meta('Rule', `<code>${escapeHtml(finding.ruleId)}</code>`));
  const cve = cveOf(finding);
  if (cve)
    parts.push(
      meta(
        'CVE',
        link(`https://nvd.nist.gov/vuln/detail/${cve}`, new Set([`https://nvd.nist.gov/vuln/detail/${cve}`])),
      ),
    );
  if (finding.cwe.length > 0) parts.push(meta('CWE', escapeHtml(finding.cwe.join(', '))));
  parts.push(meta('Finding id', `<code>${escapeHtml(finding.id)}</code>`));
  if (finding.status !== undefined && finding.firstSeen !== undefined)
    parts.push(
      meta('Status', `${escapeHtml(historyText(finding, asOf))} (first seen ${escapeHtml(finding.firstSeen)})`),
    );
  parts.push('</dl>');
  const evidence = Object.entries(finding.evidence);
  parts.push('<table class="evidence"><thead><tr><th>evidence</th><th>value</th></tr></thead><tbody>');
  if (evidence.length === 0) parts.push('<tr><td colspan="2">(none)</td></tr>');
  for (const [key, value] of evidence) {
    const text = value === null ? 'null' : Array.isArray(value) ? value.join(', ') : String(value);
    parts.push(`<tr><td><code>${escapeHtml(key)}</code></td><td class="mono">${escapeHtml(text)}</td></tr>`);
  }
  parts.push('</tbody></table>');
  parts.push(`<p><strong>Remediation:</strong> ${inlineCode(finding.remediation)}</p>`);
  if (finding.fix) {
    const commands = fixCommandLines(finding.fix);
    const terraform = fixTerraformLines(finding.fix);
    parts.push(
      `<p><strong>Fix</strong> (generated from the resource, never run by exposcan; review before running): ${escapeHtml(finding.fix.summary)}</p>`,
    );
    if (commands.length > 0) parts.push(`<pre class="fix"><code>${escapeHtml(commands.join('\n'))}</code></pre>`);
    if (terraform.length > 0)
      parts.push(`<p>Terraform:</p><pre class="fix"><code>${escapeHtml(terraform.join('\n'))}</code></pre>`);
  }
  if (finding.references.length > 0) {
    // The rule's own references, and the NVD page of the finding's CVE (its id is checked by cveOf).
    const trusted = new Set<string>([
      ...(rules.find((rule) => rule.meta.id === finding.ruleId)?.meta.references ?? []),
      ...(cve ? [`https://nvd.nist.gov/vuln/detail/${cve}`] : []),
    ]);
    const items = finding.references.map((reference) => `<li>${link(reference, trusted)}</li>`);
    parts.push(`<p><strong>References:</strong></p><ul class="references">${items.join('')}</ul>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** A link only for an https:// URL that the rule's own metadata lists; anything else is text. */
function link(url: string, trusted: ReadonlySet<string>): string {
  if (trusted.has(url) && /^https:\/\/[^\s"'<>`\\]+$/.test(url)) {
    return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
  }
  return `<span class="mono">${escapeHtml(url)}</span>`;
}

function severityChart(counts: Readonly<Record<Severity, number>>): string {
  const max = Math.max(1, ...SEVERITIES.map((severity) => counts[severity]));
  const rowHeight = 28;
  const labelWidth = 80;
  const barSpace = 520;
  const height = SEVERITIES.length * rowHeight + 8;
  const rows = SEVERITIES.map((severity, index) => {
    const count = counts[severity];
    const width = Math.round((count / max) * barSpace);
    const y = 4 + index * rowHeight;
    return (
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" font-size="13" fill="#1b1b1b">${severity}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 8}" fill="${COLOURS[severity]}"></rect>` +
      `<text x="${labelWidth + width + 6}" y="${y + 17}" font-size="13" fill="#1b1b1b">${count}</text>`
    );
  });
  const summary = SEVERITIES.map((severity) => `${severity} ${counts[severity]}`).join(', ');
  return (
    `<svg class="chart" role="img" width="${labelWidth + barSpace + 60}" height="${height}" viewBox="0 0 ${labelWidth + barSpace + 60} ${height}">` +
    `<title>Findings by severity: ${escapeHtml(summary)}</title>${rows.join('')}</svg>`
  );
}

function badge(severity: Severity): string {
  return `<span class="sev sev-${escapeHtml(severity)}">${escapeHtml(severity)}</span>`;
}

/** A long list behind a one-line summary (no script: <details> opens by itself). */
function folded(summary: string, html: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>${html}</details>`;
}

/**
 * Remediation text is the rule's own, written with Markdown `code` spans: shown without the raw
 * backticks. Plain text, not <code>: a page's tags never depend on the strings in the report.
 */
function inlineCode(text: string): string {
  return escapeHtml(text.replace(/`([^`\n]+)`/g, '$1'));
}

function meta(term: string, html: string): string {
  return `<dt>${escapeHtml(term)}</dt><dd>${html}</dd>`;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
