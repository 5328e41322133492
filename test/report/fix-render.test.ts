// The exact fix as each format shows it (issue 19 item 4): Markdown and HTML show the shell lines
// as generated, SARIF keeps them in the result's property bag (valid SARIF: `fixes` holds file edits
// only), ASFF in Remediation and ProductFields, OCSF in remediation. A line holding a bidirectional
// control is withheld rather than shown misleading or altered.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { CloudResource } from '../../src/cloud/inventory.js';
import type { Finding } from '../../src/findings/finding.js';
import { renderAsff } from '../../src/report/asff.js';
import { WITHHELD } from '../../src/report/fix-text.js';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderOcsf } from '../../src/report/ocsf.js';
import { renderSarif } from '../../src/report/sarif.js';
import { reportProblem } from '../../src/report/validate.js';
import { FIX_CASES } from '../fix/cases.js';
import { fixesOf, ruleById } from '../fix/run-fixes.js';
import { cloudFinding, reportWith } from './fixtures.js';

function withFix(id: string): Finding {
  const one = FIX_CASES.find((found) => found.ruleId === 'aws-rds-publicly-accessible')!;
  const resource = { ...one.resource, ref: { ...one.resource.ref, id } } as CloudResource;
  const [fix] = fixesOf(ruleById(one.ruleId), resource);
  return { ...cloudFinding, ruleId: 'aws-rds-publicly-accessible', resource: resource.ref, fix: fix! };
}

describe('the fix in every report format', () => {
  const hostile = "orders'$(touch /tmp/x)`db` ```";
  const finding = withFix(hostile);
  const report = reportWith([finding]);
  const shell = finding.fix!.commands[0]!.shell;

  it('is valid report.json, with argv and the quoted shell line', () => {
    expect(reportProblem(report)).toBeUndefined();
    expect(finding.fix!.commands[0]!.argv).toContain(hostile);
    expect(shell).toContain(`'orders'\\''$(touch /tmp/x)\`db\` \`\`\`'`);
  });

  it('Markdown: a fenced sh block longer than any backtick run inside, holding the line as generated', () => {
    const md = renderMarkdown(report, RULES);
    expect(md).toContain(`\`\`\`\`sh\n${shell}\n\`\`\`\``);
  });

  it('HTML: the line escaped in a pre block', () => {
    const html = renderHtml(report, RULES);
    expect(html).toContain('<pre class="fix"><code>aws rds modify-db-instance');
    expect(html).toContain(escapeHtml(shell));
  });

  it('SARIF: in the result properties; ASFF: Remediation and ProductFields; OCSF: remediation', () => {
    const sarif = JSON.parse(renderSarif(report, RULES)) as {
      runs: { results: { properties: { fix: { commands: string[] } } }[] }[];
    };
    expect(sarif.runs[0]!.results[0]!.properties.fix.commands).toEqual([shell]);
    const asff = JSON.parse(renderAsff(report)) as {
      Remediation: { Recommendation: { Text: string } };
      ProductFields: Record<string, string>;
    }[];
    expect(asff[0]!.Remediation.Recommendation.Text).toContain(shell);
    expect(asff[0]!.ProductFields['exposcan/fix']).toContain(shell);
    const ocsf = JSON.parse(renderOcsf(report).split('\n')[0]!) as {
      remediation: { desc: string };
      unmapped: { fix: unknown };
    };
    expect(ocsf.remediation.desc).toContain(shell);
    expect(ocsf.unmapped.fix).toEqual(finding.fix);
  });

  it('a bidirectional control in an id: the line is withheld in Markdown and HTML, argv stays exact in JSON', () => {
    const bidi = withFix('orders\u202edb');
    const md = renderMarkdown(reportWith([bidi]), RULES);
    expect(md).toContain(WITHHELD);
    expect(md).not.toContain('\u202e');
    expect(renderHtml(reportWith([bidi]), RULES)).not.toContain('\u202e');
    expect(bidi.fix!.commands[0]!.argv).toContain('orders\u202edb');
  });
});
