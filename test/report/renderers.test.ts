import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { renderConsole } from '../../src/report/console.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { REPORT_SCHEMA } from '../../src/report/schema.js';
import { reportProblem } from '../../src/report/validate.js';
import { hostileFinding, reportWith } from './fixtures.js';

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 schema as Microsoft's own validator ships it.
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
const validSarif = ajv.compile(sarifSchema);

describe('report.json', () => {
  it('validates against its schema, with and without findings', () => {
    expect(reportProblem(JSON.parse(renderJson(reportWith([hostileFinding]))))).toBeUndefined();
    expect(reportProblem(JSON.parse(renderJson(reportWith([], true))))).toBeUndefined();
  });

  it('rejects what is not a report, naming the problem', () => {
    expect(reportProblem({ schemaVersion: 2 })).toMatch(/required|const/);
    const broken = JSON.parse(renderJson(reportWith([hostileFinding])));
    broken.findings[0].severity = 'severe';
    expect(reportProblem(broken)).toMatch(/^\/findings\/0\/severity/);
  });

  it('docs/report.schema.json is the schema the code uses (npm run docs:schema)', () => {
    expect(JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(REPORT_SCHEMA)),
    );
  });
});

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 even with zero findings', () => {
    const log = JSON.parse(renderSarif(reportWith([]), RULES));
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      'elasticsearch-unauthenticated',
      'redis-unauthenticated',
    ]);
  });

  it('carries severity for code scanning, the stable id and the endpoint', () => {
    const log = JSON.parse(renderSarif(reportWith([hostileFinding]), RULES));
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    const [result] = log.runs[0].results;
    expect(result.partialFingerprints).toEqual({ 'exposcanFindingId/v1': hostileFinding.id });
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('http://192.0.2.10:9200/');
    const rule = log.runs[0].tool.driver.rules[result.ruleIndex];
    expect(rule.id).toBe('elasticsearch-unauthenticated');
    expect(rule.properties['security-severity']).toBe('9.5');
    expect(rule.properties.tags).toContain('external/cwe/cwe-306');
  });

  it('marks an interrupted scan as not successful', () => {
    const log = JSON.parse(renderSarif(reportWith([], true), RULES));
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
  });
});

describe('Markdown', () => {
  it('escapes everything a server sent: no HTML, links, table breaks or headings', () => {
    const markdown = renderMarkdown(reportWith([hostileFinding]));
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('\\<script\\>');
    expect(markdown).not.toMatch(/\n# heading/);
    expect(markdown).not.toContain('[link](http://evil.example)');
    const evidenceRow = markdown.split('\n').find((line) => line.startsWith('| clusterName'))!;
    expect(evidenceRow.split(/(?<!\\)\|/).length).toBe(4);
  });

  it('says when there is nothing to report and when the scan was partial', () => {
    const markdown = renderMarkdown(reportWith([], true));
    expect(markdown).toContain('No findings.');
    expect(markdown).toContain('partial');
  });
});

describe('console summary', () => {
  it('ranks findings and strips control characters a server could send', () => {
    const text = renderConsole(reportWith([{ ...hostileFinding, version: '7.17.27\u001b[2J' }]), ['/tmp/report.json']);
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/^SCORE\s+SEVERITY\s+RULE/);
    expect(text).toContain('1 finding (1 critical');
    expect(text).toContain('wrote /tmp/report.json');
  });
});

describe('coverage gaps in every rendering', () => {
  const gap = {
    provider: 'alibaba',
    account: '1234567890123456',
    region: 'cn-shanghai',
    call: 'rds:DescribeDBInstanceIPArrayList',
    reason: 'denied',
    message: 'Forbidden.RAM',
    resource: 'rm-1',
  } as const;
  const report = { ...reportWith([]), coverage: [gap] };

  it('the console says what was not checked', () => {
    expect(renderConsole(report, [])).toContain(
      'NOT CHECKED: 1 cloud read could not be made:\n  alibaba/1234567890123456/cn-shanghai rds:DescribeDBInstanceIPArrayList: denied (rm-1)',
    );
  });

  it('Markdown has a "Not checked" section and SARIF a warning notification, still valid', () => {
    expect(renderMarkdown(report)).toContain('## Not checked');
    const log = JSON.parse(renderSarif(report, RULES));
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain(
      'rds:DescribeDBInstanceIPArrayList (denied)',
    );
  });
});
