// --format asff: the array handed to Security Hub BatchImportFindings. There is no published JSON
// Schema for ASFF; the checks below are the required attributes and limits of the ASFF syntax page
// (docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html).
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { asffUnplaced, renderAsff } from '../../src/report/asff.js';
import type { Report } from '../../src/report/report.js';
import { cloudFinding, hostileFinding, reportWith } from './fixtures.js';

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
];
const TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function checkAsff(finding: Record<string, any>): void {
  for (const key of REQUIRED) expect(finding, key).toHaveProperty(key);
  expect(finding['SchemaVersion']).toBe('2018-10-08');
  expect(finding['AwsAccountId']).toMatch(/^\d{12}$/);
  expect(finding['ProductArn']).toBe(
    `arn:aws:securityhub:${finding['Region']}:${finding['AwsAccountId']}:product/${finding['AwsAccountId']}/default`,
  );
  for (const key of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'])
    if (key in finding) expect(finding[key]).toMatch(ISO);
  expect(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(finding['Severity'].Label);
  for (const type of finding['Types']) expect(TYPE_NAMESPACES).toContain(type.split('/')[0]);
  expect(finding['Title'].length).toBeLessThanOrEqual(256);
  expect(finding['Description'].length).toBeLessThanOrEqual(1024);
  expect(finding['Id'].length).toBeLessThanOrEqual(512);
  expect(Object.keys(finding['ProductFields'] ?? {}).length).toBeLessThanOrEqual(50);
  for (const [key, value] of Object.entries(finding['ProductFields'] ?? {})) {
    expect(key.length).toBeLessThanOrEqual(128);
    expect(typeof value).toBe('string');
  }
  expect(finding['Resources'].length).toBeGreaterThan(0);
  for (const resource of finding['Resources']) {
    expect(typeof resource.Type).toBe('string');
    expect(typeof resource.Id).toBe('string');
  }
  if (finding['Remediation']) expect(finding['Remediation'].Recommendation.Text.length).toBeLessThanOrEqual(512);
}

describe('renderAsff', () => {
  it('imports an AWS finding into its own account and region, the resource named by its ARN', () => {
    const findings = JSON.parse(renderAsff(reportWith([cloudFinding]))) as Record<string, any>[];
    expect(findings).toHaveLength(1);
    checkAsff(findings[0]!);
    expect(findings[0]).toMatchObject({
      AwsAccountId: '123456789012',
      Region: 'eu-west-1',
      GeneratorId: 'aws-security-group-public-service-port',
      Severity: { Label: 'HIGH' },
      Resources: [
        {
          Type: 'AwsEc2SecurityGroup',
          Id: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0',
          Region: 'eu-west-1',
          Partition: 'aws',
        },
      ],
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      FirstObservedAt: '2026-11-20T10:00:00Z',
    });
  });

  it("a live finding goes to the report's one AWS account; with none, it is left out and counted", () => {
    const both = JSON.parse(renderAsff(reportWith([hostileFinding, cloudFinding]))) as Record<string, any>[];
    expect(both).toHaveLength(2);
    for (const finding of both) checkAsff(finding);
    expect(both[0]).toMatchObject({
      AwsAccountId: '123456789012',
      Resources: [{ Type: 'Other', Id: 'http://192.0.2.10:9200/' }],
    });
    const alone = reportWith([hostileFinding]);
    expect(JSON.parse(renderAsff(alone))).toEqual([]);
    expect(asffUnplaced(alone)).toBe(1);
    expect(asffUnplaced(reportWith([hostileFinding, cloudFinding]))).toBe(0);
  });

  it('two AWS accounts in one report: each resource finding in its own, the live finding left out (no guess)', () => {
    const other: Finding = {
      ...cloudFinding,
      id: '111111111111111111111111',
      resource: { ...cloudFinding.resource!, account: '210987654321', region: 'cn-north-1' },
    };
    const report = reportWith([hostileFinding, cloudFinding, other]);
    const findings = JSON.parse(renderAsff(report)) as Record<string, any>[];
    expect(findings.map((finding) => finding['AwsAccountId'])).toEqual(['123456789012', '210987654321']);
    expect(findings[1]!['ProductArn']).toBe(
      'arn:aws-cn:securityhub:cn-north-1:210987654321:product/210987654321/default',
    );
    expect(asffUnplaced(report)).toBe(1);
  });

  it('a fixed AWS finding is written ARCHIVED and RESOLVED', () => {
    const base = reportWith([cloudFinding]);
    const report: Report = {
      ...base,
      history: {
        file: 'h.db',
        fixed: [
          {
            id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
            ruleId: 'aws-s3-bucket-public',
            place: 'aws/123456789012/eu-west-1 s3:bucket logs',
            severity: 'critical',
            firstSeen: '2026-11-01T00:00:00Z',
            lastSeen: '2026-11-24T00:00:00Z',
          },
        ],
      },
    };
    const findings = JSON.parse(renderAsff(report)) as Record<string, any>[];
    expect(findings).toHaveLength(2);
    checkAsff(findings[1]!);
    expect(findings[1]).toMatchObject({
      RecordState: 'ARCHIVED',
      Workflow: { Status: 'RESOLVED' },
      Severity: { Label: 'CRITICAL' },
    });
  });

  it('cuts long text to the ASFF limits and writes C1, bidi and line separators as escapes', () => {
    const long: Finding = {
      ...cloudFinding,
      title: 'T'.repeat(300),
      message: `${'\u202e'}${'m'.repeat(2000)}\u2028`,
      remediation: 'r'.repeat(600),
    };
    const text = renderAsff(reportWith([long]));
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const [finding] = JSON.parse(text) as Record<string, any>[];
    checkAsff(finding!);
    expect(finding!['Title']).toHaveLength(256);
  });
});

describe('exposcan scan --format asff', () => {
  it('says on stderr how many findings report.asff.json leaves out', async () => {
    const { startElasticEmulator } = await import('../emulators/elastic.js');
    const { runCli } = await import('../helpers/cli.js');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const emulator = await startElasticEmulator('elasticsearch-7-open');
    try {
      const out = mkdtempSync(join(tmpdir(), 'exposcan-asff-'));
      const result = await runCli([
        'scan',
        '--target',
        `127.0.0.1:${emulator.port}`,
        '--timeout',
        '5s',
        '--no-history',
        '--out',
        out,
        '--format',
        'asff',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/report\.asff\.json leaves out \d+ findings? with no AWS account/);
      expect(JSON.parse(readFileSync(join(out, 'report.asff.json'), 'utf8'))).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
