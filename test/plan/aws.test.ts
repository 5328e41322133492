// AWS resources in a Terraform plan, judged by the same rules as a live account: security groups
// (inline ingress, aws_security_group_rule, aws_vpc_security_group_ingress_rule), S3 buckets with
// their ACL, policy and public access block, OpenSearch domains, RDS instances; open and closed
// variants, provider and service defaults, values unknown until apply. Synthetic plan JSON in the
// `terraform show -json` format (builder.ts); nothing is started.
import { describe, expect, it } from 'vitest';
import { findingsOf, inventoryOf, planOf, ref, verdicts, type PlanResourceSpec } from './builder.js';

const GROUP = 'aws_security_group.web';
const group = (ingress: unknown[] | null, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
  type: 'aws_security_group',
  name: 'web',
  after: { name: 'web', vpc_id: 'vpc-1', ingress },
  unknown: { id: true, arn: true, ...unknown },
  ...(ingress === null ? { expressions: {} } : {}),
});
const block = (fields: Record<string, unknown>) => ({
  from_port: 9200,
  to_port: 9200,
  protocol: 'tcp',
  cidr_blocks: ['0.0.0.0/0'],
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  security_groups: [],
  self: false,
  description: '',
  ...fields,
});

describe('aws_security_group with inline ingress', () => {
  it('9200 from 0.0.0.0/0: open', () => {
    expect(verdicts(planOf([group([block({})])], {}))).toEqual([
      `aws-security-group-open-service-port ${GROUP} firm medium`,
    ]);
  });
  it('9200 from 10.0.0.0/8: closed (near miss)', () => {
    expect(verdicts(planOf([group([block({ cidr_blocks: ['10.0.0.0/8'] })])]))).toEqual([]);
  });
  it('protocol -1 from ::/0 opens every service port', () => {
    const findings = findingsOf(
      planOf([
        group([block({ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: [], ipv6_cidr_blocks: ['::/0'] })]),
      ]),
    );
    expect(findings.map((finding) => finding.evidence.port)).toEqual(expect.arrayContaining([5601, 9200, 6379, 27017]));
  });
  it('a source security group is inside AWS: closed', () => {
    expect(verdicts(planOf([group([block({ cidr_blocks: [], security_groups: ['sg-peer'] })])]))).toEqual([]);
  });
  it('cidr_blocks unknown until apply: unknown', () => {
    expect(verdicts(planOf([group([block({ cidr_blocks: null })], { ingress: [{ cidr_blocks: true }] })]))).toEqual([
      `aws-security-group-open-service-port ${GROUP} unknown medium`,
    ]);
  });
});

describe('aws_security_group_rule and aws_vpc_security_group_ingress_rule', () => {
  const rule = (
    type: string,
    after: Record<string, unknown>,
    unknown: Record<string, unknown> = {},
  ): PlanResourceSpec => ({
    type,
    name: 'es',
    after,
    unknown: { id: true, security_group_id: true, ...unknown },
    expressions: { security_group_id: ref(GROUP) },
  });
  it('aws_security_group_rule ingress 9200 from 0.0.0.0/0 joins the group (its ingress computed, not written)', () => {
    const plan = planOf([
      group(null, { ingress: true }),
      rule('aws_security_group_rule', {
        type: 'ingress',
        from_port: 9200,
        to_port: 9200,
        protocol: 'tcp',
        cidr_blocks: ['0.0.0.0/0'],
      }),
    ]);
    expect(verdicts(plan)).toEqual([`aws-security-group-open-service-port ${GROUP} firm medium`]);
    expect(inventoryOf(plan).resources).toHaveLength(1);
  });
  it('aws_security_group_rule egress: not ingress', () => {
    expect(
      verdicts(
        planOf([
          group([]),
          rule('aws_security_group_rule', {
            type: 'egress',
            from_port: 0,
            to_port: 0,
            protocol: '-1',
            cidr_blocks: ['0.0.0.0/0'],
          }),
        ]),
      ),
    ).toEqual([]);
  });
  it('aws_vpc_security_group_ingress_rule 5601 from 0.0.0.0/0: open; from a prefix list: unknown', () => {
    expect(
      verdicts(
        planOf([
          group([]),
          rule('aws_vpc_security_group_ingress_rule', {
            ip_protocol: 'tcp',
            from_port: 5601,
            to_port: 5601,
            cidr_ipv4: '0.0.0.0/0',
          }),
        ]),
      ),
    ).toEqual([`aws-security-group-open-service-port ${GROUP} firm medium`]);
    expect(
      verdicts(
        planOf([
          group([]),
          rule('aws_vpc_security_group_ingress_rule', {
            ip_protocol: 'tcp',
            from_port: 5601,
            to_port: 5601,
            prefix_list_id: 'pl-123',
          }),
        ]),
      ),
    ).toEqual([`aws-security-group-open-service-port ${GROUP} unknown medium`]);
  });
  it('aws_vpc_security_group_ingress_rule from 192.0.2.0/24: closed', () => {
    expect(
      verdicts(
        planOf([
          group([]),
          rule('aws_vpc_security_group_ingress_rule', {
            ip_protocol: 'tcp',
            from_port: 5601,
            to_port: 5601,
            cidr_ipv4: '192.0.2.0/24',
          }),
        ]),
      ),
    ).toEqual([]);
  });
});

describe('aws_s3_bucket with aws_s3_bucket_acl, _policy, _public_access_block', () => {
  const B = 'aws_s3_bucket.site';
  const bucket = (actions: string[] = ['create']): PlanResourceSpec => ({
    type: 'aws_s3_bucket',
    name: 'site',
    after: { bucket: 'acme-site', force_destroy: false },
    unknown: { id: true, arn: true, acl: true, policy: true },
    expressions: { bucket: { constant_value: 'acme-site' } },
    actions,
  });
  const child = (
    type: string,
    after: Record<string, unknown>,
    unknown: Record<string, unknown> = {},
  ): PlanResourceSpec => ({
    type,
    name: 'site',
    after,
    unknown: { id: true, bucket: true, ...unknown },
    expressions: { bucket: ref(B) },
  });
  const pab = (open: boolean) =>
    child('aws_s3_bucket_public_access_block', {
      block_public_acls: !open,
      block_public_policy: !open,
      ignore_public_acls: !open,
      restrict_public_buckets: !open,
    });
  const publicPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*' },
    ],
  });

  it('public-read ACL with the public access block turned off: public', () => {
    expect(verdicts(planOf([bucket(), child('aws_s3_bucket_acl', { acl: 'public-read' }), pab(true)]))).toEqual([
      `aws-s3-bucket-public ${B} firm high`,
    ]);
  });
  it('public-read-write ACL: critical', () => {
    expect(verdicts(planOf([bucket(), child('aws_s3_bucket_acl', { acl: 'public-read-write' }), pab(true)]))).toEqual([
      `aws-s3-bucket-public ${B} firm critical`,
    ]);
  });
  it('a bucket created without a public access block resource gets S3\u2019s default (blocked): no finding', () => {
    expect(verdicts(planOf([bucket(), child('aws_s3_bucket_acl', { acl: 'public-read' })]))).toEqual([]);
  });
  it('an open policy statement with the block off: public, the statement named', () => {
    const [finding] = findingsOf(
      planOf([bucket(), child('aws_s3_bucket_policy', { policy: publicPolicy }), pab(true)]),
    );
    expect(finding).toMatchObject({ ruleId: 'aws-s3-bucket-public', confidence: 'firm' });
    expect(finding!.evidence.openPolicyStatements).toEqual(['Public']);
  });
  it('the policy unknown until apply (it names the bucket ARN made at apply) with the block off: unknown', () => {
    expect(
      verdicts(planOf([bucket(), child('aws_s3_bucket_policy', { policy: null }, { policy: true }), pab(true)])),
    ).toEqual([`aws-s3-bucket-public ${B} unknown high`]);
    expect(
      findingsOf(planOf([bucket(), child('aws_s3_bucket_policy', { policy: null }, { policy: true }), pab(true)]))[0]!
        .message,
    ).toBe('S3 bucket aws_s3_bucket.site may be public: its bucket policy is unknown until apply.');
  });
  it('private ACL, no policy, block on: closed (near miss)', () => {
    expect(verdicts(planOf([bucket(), child('aws_s3_bucket_acl', { acl: 'private' }), pab(false)]))).toEqual([]);
  });
});

describe('aws_opensearch_domain', () => {
  const D = 'aws_opensearch_domain.logs';
  const openPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }],
  });
  const domain = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'aws_opensearch_domain',
    name: 'logs',
    after: {
      domain_name: 'logs',
      engine_version: 'OpenSearch_2.11',
      vpc_options: [],
      advanced_security_options: [],
      ...after,
    },
    unknown: { arn: true, endpoint: true, id: true, ...unknown },
  });
  it('outside a VPC with a policy open to anyone: public (firm)', () => {
    expect(verdicts(planOf([domain({ access_policies: openPolicy })]))).toEqual([
      `aws-opensearch-domain-public ${D} firm high`,
    ]);
  });
  it('with fine-grained access control: medium', () => {
    expect(
      verdicts(
        planOf([
          domain({
            access_policies: openPolicy,
            advanced_security_options: [
              { enabled: true, anonymous_auth_enabled: false, internal_user_database_enabled: true },
            ],
          }),
        ]),
      ),
    ).toEqual([`aws-opensearch-domain-public ${D} firm medium`]);
  });
  it('in a VPC: closed whatever the policy', () => {
    expect(
      verdicts(
        planOf([
          domain({ access_policies: openPolicy, vpc_options: [{ subnet_ids: ['subnet-1'], security_group_ids: [] }] }),
        ]),
      ),
    ).toEqual([]);
  });
  it('in a VPC whose subnets are made at apply: still a VPC', () => {
    expect(
      verdicts(
        planOf([
          domain(
            { access_policies: openPolicy, vpc_options: [{ subnet_ids: null }] },
            { vpc_options: [{ subnet_ids: true }] },
          ),
        ]),
      ),
    ).toEqual([]);
  });
  it('the access policy written from something made at apply: unknown', () => {
    const spec = {
      ...domain({ access_policies: null }, { access_policies: true }),
      expressions: { access_policies: ref('data.aws_iam_policy_document.logs', 'json') },
    };
    expect(verdicts(planOf([spec]))).toEqual([`aws-opensearch-domain-public ${D} unknown high`]);
  });
  it('no access policy written anywhere: only signed IAM callers, no finding', () => {
    expect(
      verdicts(
        planOf([
          {
            ...domain({ access_policies: null }, { access_policies: true }),
            expressions: { domain_name: { constant_value: 'logs' } },
          },
        ]),
      ),
    ).toEqual([]);
  });
  it('the policy in aws_opensearch_domain_policy counts', () => {
    const policy: PlanResourceSpec = {
      type: 'aws_opensearch_domain_policy',
      name: 'logs',
      after: { domain_name: 'logs', access_policies: openPolicy },
      unknown: { id: true },
      expressions: { domain_name: ref(D, 'domain_name') },
    };
    expect(
      verdicts(planOf([{ ...domain({ access_policies: null }, { access_policies: true }), expressions: {} }, policy])),
    ).toEqual([`aws-opensearch-domain-public ${D} firm high`]);
  });
});

describe('aws_db_instance', () => {
  const db = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'aws_db_instance',
    name: 'orders',
    after: { identifier: 'orders', engine: 'postgres', engine_version: '16.4', ...after },
    unknown: { address: true, endpoint: true, ...unknown },
  });
  it('publicly_accessible true: finding', () => {
    expect(verdicts(planOf([db({ publicly_accessible: true })]))).toEqual([
      'aws-rds-publicly-accessible aws_db_instance.orders firm medium',
    ]);
  });
  it('publicly_accessible left to the provider: false, no finding', () => {
    expect(verdicts(planOf([db({ publicly_accessible: null })]))).toEqual([]);
  });
  it('publicly_accessible unknown until apply: unknown', () => {
    expect(verdicts(planOf([db({ publicly_accessible: null }, { publicly_accessible: true })]))).toEqual([
      'aws-rds-publicly-accessible aws_db_instance.orders unknown medium',
    ]);
  });
  it('the region comes from the aws provider\u2019s literal region', () => {
    expect(inventoryOf(planOf([db({ publicly_accessible: true })])).resources[0]!.ref).toMatchObject({
      provider: 'aws',
      region: 'eu-west-1',
      type: 'rds:db-instance',
    });
  });
});
