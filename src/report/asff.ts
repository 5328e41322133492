// AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08): a JSON array of findings ready for
// Security Hub's BatchImportFindings (`aws securityhub batch-import-findings --findings file://…`,
// at most 100 per call). exposcan never makes the call. Each finding is imported into an AWS
// account taken from the report: the account and region of its AWS resource, or, for a live or
// Alibaba finding, the one AWS account the report read (the first of its resources' regions).
// A report that read no AWS account, or several, cannot place those findings: they are left out
// (asffUnplaced says how many). A finding the history lists as fixed is written ARCHIVED/RESOLVED
// so Security Hub closes what it opened.
// Field limits from the ASFF syntax page: Title 256, Description 1024, Recommendation.Text 512,
// ProductFields at most 50 pairs (key 128, value 2048).
import type { Confidence, Severity } from '../engine/types.js';
import { cveOf, type Finding } from '../findings/finding.js';
import { placeOf, placeUri } from '../findings/place.js';
import type { FixedFinding } from '../history/status.js';
import { machineJson } from './escape.js';
import { fixText } from './fix-text.js';
import type { Report } from './report.js';

const LABEL: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};
// unknown: a plan or account could not decide the verdict (cannot tell yet), so no confidence in it either way.
const CONFIDENCE: Readonly<Record<Confidence, number>> = {
  confirmed: 100,
  firm: 80,
  version: 60,
  tentative: 30,
  unknown: 0,
};
/** ASFF resource types for the AWS resources exposcan reads; the rest are `Other`. */
const RESOURCE_TYPE: Readonly<Record<string, string>> = {
  'ec2:security-group': 'AwsEc2SecurityGroup',
  's3:bucket': 'AwsS3Bucket',
  'opensearch:domain': 'AwsOpenSearchServiceDomain',
  'rds:db-instance': 'AwsRdsDbInstance',
  'elbv2:load-balancer': 'AwsElbv2LoadBalancer',
  'elb:load-balancer': 'AwsElbLoadBalancer',
  'eks:cluster': 'AwsEksCluster',
};

interface Home {
  readonly account: string;
  readonly region: string;
}

export function renderAsff(report: Report): string {
  const fallback = reportAccount(report);
  const findings = [
    ...report.findings.flatMap((finding) => {
      const home = homeOf(finding) ?? fallback;
      return home ? [active(report, finding, home)] : [];
    }),
    ...(report.history?.fixed ?? []).flatMap((fixed) => {
      const home = homeOfPlace(fixed.place) ?? fallback;
      return home ? [archived(report, fixed, home)] : [];
    }),
  ];
  return `${machineJson(findings, 2)}\n`;
}

/** Findings renderAsff leaves out because the report names no single AWS account to import them into. */
export function asffUnplaced(report: Report): number {
  if (reportAccount(report)) return 0;
  return (
    report.findings.filter((finding) => !homeOf(finding)).length +
    (report.history?.fixed ?? []).filter((fixed) => !homeOfPlace(fixed.place)).length
  );
}

const isAccountId = (account: string) => /^\d{12}$/.test(account);

function homeOf(finding: Finding): Home | undefined {
  const ref = finding.resource;
  return ref?.provider === 'aws' && isAccountId(ref.account) ? { account: ref.account, region: ref.region } : undefined;
}

/** A fixed finding keeps only its place in words: `aws/123456789012/eu-west-1 s3:bucket logs`. */
function homeOfPlace(place: string): Home | undefined {
  const match = /^aws\/(\d{12})\/([a-z0-9-]+) /.exec(place);
  return match ? { account: match[1]!, region: match[2]! } : undefined;
}

function reportAccount(report: Report): Home | undefined {
  const homes = [
    ...report.findings.flatMap((finding) => homeOf(finding) ?? []),
    ...report.coverage.flatMap((gap) =>
      'provider' in gap &&
      gap.provider === 'aws' &&
      isAccountId(gap.account) &&
      /^[a-z]{2}(-[a-z]+)+-\d$/.test(gap.region)
        ? [{ account: gap.account, region: gap.region }]
        : [],
    ),
  ];
  const accounts = new Set(homes.map((home) => home.account));
  return accounts.size === 1 ? homes[0] : undefined;
}

function partition(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function envelope(report: Report, home: Home, id: string): Record<string, unknown> {
  const part = partition(home.region);
  return {
    SchemaVersion: '2018-10-08',
    Id: `${report.tool.name}/${id}`,
    // The default product ARN of an account's own findings: import into Security Hub without a partner integration.
    ProductArn: `arn:${part}:securityhub:${home.region}:${home.account}:product/${home.account}/default`,
    ProductName: report.tool.name,
    CompanyName: report.tool.name,
    AwsAccountId: home.account,
    Region: home.region,
    UpdatedAt: report.scan.finishedAt,
  };
}

function active(report: Report, finding: Finding, home: Home): Record<string, unknown> {
  const cve = cveOf(finding);
  return {
    ...envelope(report, home, finding.id),
    GeneratorId: finding.ruleId,
    Types: [cve ? 'Software and Configuration Checks/Vulnerabilities/CVE' : 'Effects/Data Exposure'],
    FirstObservedAt: finding.firstSeen ?? report.scan.startedAt,
    LastObservedAt: report.scan.startedAt,
    CreatedAt: finding.firstSeen ?? report.scan.startedAt,
    Severity: { Label: LABEL[finding.severity], Original: finding.severity },
    Confidence: CONFIDENCE[finding.confidence],
    Title: cut(finding.title, 256),
    Description: cut(finding.message, 1024),
    Remediation: {
      Recommendation: {
        // The exact fix first when there is one (its summary and commands), the rule's advice otherwise.
        Text: cut(finding.fix ? fixText(finding.fix) : finding.remediation, 512),
        ...(finding.references[0] ? { Url: finding.references[0] } : {}),
      },
    },
    ...(finding.references[0] ? { SourceUrl: finding.references[0] } : {}),
    ProductFields: productFields({
      'exposcan/ruleId': finding.ruleId,
      'exposcan/findingId': finding.id,
      'exposcan/score': String(finding.score),
      'exposcan/why': finding.why,
      'exposcan/confidence': finding.confidence,
      'exposcan/product': finding.product,
      'exposcan/version': finding.version,
      'exposcan/place': placeOf(finding),
      'exposcan/status': finding.status,
      'exposcan/cwe': finding.cwe.join(',') || undefined,
      'exposcan/fix': finding.fix ? cut(fixText(finding.fix), 2048) : undefined,
      'exposcan/scan': report.scan.id,
    }),
    Resources: [resource(finding)],
    ...(cve ? { Vulnerabilities: [{ Id: cve }] } : {}),
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

function archived(report: Report, fixed: FixedFinding, home: Home): Record<string, unknown> {
  const severity = (fixed.severity in LABEL ? fixed.severity : 'medium') as Severity;
  return {
    ...envelope(report, home, fixed.id),
    GeneratorId: fixed.ruleId,
    Types: ['Effects/Data Exposure'],
    FirstObservedAt: fixed.firstSeen,
    LastObservedAt: fixed.lastSeen,
    CreatedAt: fixed.firstSeen,
    Severity: { Label: LABEL[severity], Original: fixed.severity },
    Title: cut(`Fixed: ${fixed.ruleId}`, 256),
    Description: cut(`No longer seen at ${fixed.place} by scan ${report.scan.id}.`, 1024),
    ProductFields: productFields({
      'exposcan/ruleId': fixed.ruleId,
      'exposcan/findingId': fixed.id,
      'exposcan/place': fixed.place,
      'exposcan/status': 'fixed',
      'exposcan/scan': report.scan.id,
    }),
    Resources: [{ Type: 'Other', Id: cut(fixed.place, 512) }],
    Workflow: { Status: 'RESOLVED' },
    RecordState: 'ARCHIVED',
  };
}

function resource(finding: Finding): Record<string, unknown> {
  const ref = finding.resource;
  if (ref?.provider === 'aws') {
    const part = partition(ref.region);
    const type = RESOURCE_TYPE[ref.type] ?? 'Other';
    return {
      Type: type,
      Id: cut(awsArn(part, ref.type, ref.region, ref.account, ref.id) ?? placeUri(finding), 512),
      Partition: part,
      Region: ref.region,
      ...(ref.name ? { Tags: { Name: cut(ref.name, 256) } } : {}),
    };
  }
  // An Alibaba resource or a live endpoint: no AWS type; its URI names it.
  return { Type: 'Other', Id: cut(placeUri(finding), 512) };
}

/** The resource's ARN where its form is fixed by the id exposcan holds; otherwise the place URI is used. */
function awsArn(part: string, type: string, region: string, account: string, id: string): string | undefined {
  if (id.startsWith('arn:')) return id;
  switch (type) {
    case 'ec2:security-group':
      return `arn:${part}:ec2:${region}:${account}:security-group/${id}`;
    case 's3:bucket':
      return `arn:${part}:s3:::${id}`;
    case 'opensearch:domain':
      return `arn:${part}:es:${region}:${account}:domain/${id}`;
    case 'rds:db-instance':
      return `arn:${part}:rds:${region}:${account}:db:${id}`;
    case 'eks:cluster':
      return `arn:${part}:eks:${region}:${account}:cluster/${id}`;
    case 'elb:load-balancer':
      return `arn:${part}:elasticloadbalancing:${region}:${account}:loadbalancer/${id}`;
    default:
      return undefined;
  }
}

function productFields(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) => (value === undefined ? [] : [[key, cut(value, 2048)]])),
  );
}

/** Cut to `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end)}…`;
}
