// Load balancers and EKS clusters in a Terraform plan, judged by the same rules (and ids) as a live
// account: an internet-facing ALB whose security group admits 443 from everyone and whose HTTPS
// listener forwards to a Kibana target group; the same behind an office-only group, made internal,
// or with groups the plan cannot name; an NLB without groups; EKS public by default, limited to
// one CIDR, or with CIDRs known only after apply; Redshift public, private, by default or unknown. Synthetic plan JSON (builder.ts); nothing is started.
import { describe, expect, it } from 'vitest';
import { findingsOf, inventoryOf, planOf, ref, verdicts, type PlanResourceSpec } from './builder.js';

const LB = 'aws_lb.kibana';
const sg = (cidr: string): PlanResourceSpec => ({
  type: 'aws_security_group',
  name: 'lb',
  after: {
    name: 'lb',
    vpc_id: 'vpc-1',
    ingress: [
      {
        from_port: 443,
        to_port: 443,
        protocol: 'tcp',
        cidr_blocks: [cidr],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
        description: '',
      },
    ],
  },
  unknown: { id: true, arn: true },
});
const lb = (
  after: Record<string, unknown> = {},
  expressions: Record<string, unknown> = { security_groups: ref('aws_security_group.lb') },
  unknown: Record<string, unknown> = {},
): PlanResourceSpec => ({
  type: 'aws_lb',
  name: 'kibana',
  after: { name: 'kibana', internal: false, load_balancer_type: 'application', ...after },
  unknown: { id: true, arn: true, dns_name: true, security_groups: true, ...unknown },
  expressions,
});
const targetGroup: PlanResourceSpec = {
  type: 'aws_lb_target_group',
  name: 'kibana',
  after: { name: 'kibana-tg', port: 5601, protocol: 'HTTP' },
  unknown: { id: true, arn: true },
};
const listener = (
  port = 443,
  protocol = 'HTTPS',
  action: Record<string, unknown> = { type: 'forward' },
): PlanResourceSpec => ({
  type: 'aws_lb_listener',
  name: 'https',
  after: { port, protocol, default_action: [{ ...action, target_group_arn: null }] },
  unknown: { id: true, arn: true, load_balancer_arn: true, default_action: [{ target_group_arn: true }] },
  expressions: {
    load_balancer_arn: ref(LB, 'arn'),
    default_action: [
      { type: { constant_value: action['type'] }, target_group_arn: ref('aws_lb_target_group.kibana', 'arn') },
    ],
  },
});

describe('aws_lb with aws_lb_listener and aws_lb_target_group', () => {
  it('internet-facing, 443 open to everyone, forwarding to Kibana: the live rule id, firm', () => {
    const plan = planOf([sg('0.0.0.0/0'), lb(), targetGroup, listener()]);
    expect(verdicts(plan)).toEqual([`aws-load-balancer-public-service-port ${LB} firm high`]);
    expect(findingsOf(plan)[0]!.message).toContain('kibana-tg port 5601');
  });
  it('the group admits only an office range: nothing (near miss)', () => {
    expect(verdicts(planOf([sg('198.51.100.0/24'), lb(), targetGroup, listener()]))).toEqual([]);
  });
  it('internal = true: nothing', () => {
    expect(verdicts(planOf([sg('0.0.0.0/0'), lb({ internal: true }), targetGroup, listener()]))).toEqual([]);
  });
  it('internal unknown until apply: judged as internet-facing, and says so', () => {
    const plan = planOf([
      sg('0.0.0.0/0'),
      lb({ internal: null }, { security_groups: ref('aws_security_group.lb') }, { internal: true }),
      targetGroup,
      listener(),
    ]);
    expect(verdicts(plan)).toEqual([`aws-load-balancer-public-service-port ${LB} firm high`]);
    expect(
      inventoryOf(plan).resources.find((resource) => resource.kind === 'load-balancer')?.ref.terraform
        ?.unknownUntilApply,
    ).toEqual(['internetFacing']);
  });
  it('security groups the plan cannot name: unknown, never passed', () => {
    expect(verdicts(planOf([lb({ security_groups: ['sg-0123456789'] }, {}), targetGroup, listener()]))).toEqual([
      `aws-load-balancer-public-service-port ${LB} unknown high`,
    ]);
  });
  it('a network load balancer without groups forwarding TCP 5601: every address admitted', () => {
    expect(verdicts(planOf([lb({ load_balancer_type: 'network' }, {}), targetGroup, listener(5601, 'TCP')]))).toEqual([
      `aws-load-balancer-public-service-port ${LB} firm high`,
    ]);
  });
  it('an OIDC login in front: low', () => {
    expect(
      verdicts(planOf([sg('0.0.0.0/0'), lb(), targetGroup, listener(443, 'HTTPS', { type: 'authenticate-oidc' })])),
    ).toEqual([`aws-load-balancer-public-service-port ${LB} firm low`]);
  });
});

describe('aws_eks_cluster', () => {
  const cluster = (
    vpc: Record<string, unknown>,
    unknown: Record<string, unknown> = {},
    expressions?: Record<string, unknown>,
  ): PlanResourceSpec => ({
    type: 'aws_eks_cluster',
    name: 'prod',
    after: { name: 'prod', version: '1.29', vpc_config: [{ subnet_ids: ['subnet-1'], ...vpc }] },
    unknown: {
      id: true,
      arn: true,
      endpoint: true,
      vpc_config: [{ cluster_security_group_id: true, vpc_id: true, ...unknown }],
    },
    ...(expressions ? { expressions } : {}),
  });
  it('public access by default, CIDRs not written: every address', () => {
    expect(
      verdicts(
        planOf([
          cluster(
            { endpoint_public_access: true, endpoint_private_access: false, public_access_cidrs: null },
            { public_access_cidrs: true },
            { vpc_config: [{ subnet_ids: { constant_value: ['subnet-1'] } }] },
          ),
        ]),
      ),
    ).toEqual(['aws-eks-endpoint-public aws_eks_cluster.prod firm high']);
  });
  it('limited to one CIDR: nothing (near miss)', () => {
    expect(
      verdicts(planOf([cluster({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] })])),
    ).toEqual([]);
  });
  it('private only: nothing', () => {
    expect(verdicts(planOf([cluster({ endpoint_public_access: false, public_access_cidrs: ['0.0.0.0/0'] })]))).toEqual(
      [],
    );
  });
  it('CIDRs written but known only after apply: unknown', () => {
    expect(
      verdicts(
        planOf([
          cluster(
            { endpoint_public_access: true, public_access_cidrs: null },
            { public_access_cidrs: true },
            { vpc_config: [{ public_access_cidrs: { references: ['var.admin_cidrs'] } }] },
          ),
        ]),
      ),
    ).toEqual(['aws-eks-endpoint-public aws_eks_cluster.prod unknown high']);
  });
});

describe('aws_redshift_cluster', () => {
  const cluster = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'aws_redshift_cluster',
    name: 'analytics',
    after: { cluster_identifier: 'analytics', node_type: 'ra3.xlplus', cluster_version: '1.0', ...after },
    unknown: { id: true, endpoint: true, dns_name: true, ...unknown },
  });
  it('publicly_accessible = true: the live rule id (medium until the groups are known)', () => {
    expect(verdicts(planOf([cluster({ publicly_accessible: true })]))).toEqual([
      'aws-redshift-publicly-accessible aws_redshift_cluster.analytics firm medium',
    ]);
  });
  it('publicly_accessible = false: nothing (the private-Redshift trap)', () => {
    expect(verdicts(planOf([cluster({ publicly_accessible: false })]))).toEqual([]);
  });
  it('not written: the provider default, false: nothing', () => {
    expect(verdicts(planOf([cluster({})]))).toEqual([]);
  });
  it('known only after apply: unknown', () => {
    expect(verdicts(planOf([cluster({ publicly_accessible: null }, { publicly_accessible: true })]))).toEqual([
      'aws-redshift-publicly-accessible aws_redshift_cluster.analytics unknown medium',
    ]);
  });
});

describe('aws_mq_broker', () => {
  const broker = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'aws_mq_broker',
    name: 'events',
    after: {
      broker_name: 'events',
      engine_type: 'RabbitMQ',
      engine_version: '3.13',
      host_instance_type: 'mq.m5.large',
      ...after,
    },
    unknown: { id: true, arn: true, instances: true, ...unknown },
  });
  it('publicly_accessible = true: the live rule id', () => {
    expect(verdicts(planOf([broker({ publicly_accessible: true })]))).toEqual([
      'aws-mq-broker-public aws_mq_broker.events firm medium',
    ]);
  });
  it('not written: the provider default, false: nothing', () => {
    expect(verdicts(planOf([broker({})]))).toEqual([]);
  });
  it('known only after apply: unknown', () => {
    expect(verdicts(planOf([broker({ publicly_accessible: null }, { publicly_accessible: true })]))).toEqual([
      'aws-mq-broker-public aws_mq_broker.events unknown medium',
    ]);
  });
});

describe('aws_msk_cluster', () => {
  const nodes = (connectivity: unknown[]) => [
    {
      instance_type: 'kafka.m5.large',
      client_subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
      security_groups: ['sg-kafka'],
      connectivity_info: connectivity,
    },
  ];
  const cluster = (
    connectivity: unknown[],
    unknown: Record<string, unknown> = {},
    expressions: Record<string, unknown> = {},
  ): PlanResourceSpec => ({
    type: 'aws_msk_cluster',
    name: 'events',
    after: {
      cluster_name: 'events',
      kafka_version: '3.6.0',
      number_of_broker_nodes: 3,
      broker_node_group_info: nodes(connectivity),
    },
    unknown: { id: true, arn: true, bootstrap_brokers_public_sasl_iam: true, ...unknown },
    expressions,
  });
  const publicAccess = (type: string) => [{ public_access: [{ type }], vpc_connectivity: [] }];

  it('public_access.type = SERVICE_PROVIDED_EIPS: the live rule id', () => {
    expect(verdicts(planOf([cluster(publicAccess('SERVICE_PROVIDED_EIPS'))]))).toEqual([
      'aws-msk-cluster-public aws_msk_cluster.events firm medium',
    ]);
  });
  it('public_access.type = DISABLED: nothing (the private-cluster trap)', () => {
    expect(verdicts(planOf([cluster(publicAccess('DISABLED'))]))).toEqual([]);
  });
  it('connectivity_info not written, planned as computed: the service default, DISABLED: nothing', () => {
    expect(verdicts(planOf([cluster([], { broker_node_group_info: [{ connectivity_info: true }] })]))).toEqual([]);
  });
  it('public_access.type written as an expression known only after apply: unknown', () => {
    const written = {
      broker_node_group_info: [
        {
          instance_type: { constant_value: 'kafka.m5.large' },
          connectivity_info: [{ public_access: [{ type: { references: ['var.msk_public_access'] } }] }],
        },
      ],
    };
    expect(
      verdicts(
        planOf([
          cluster(
            [{ public_access: [{ type: null }] }],
            { broker_node_group_info: [{ connectivity_info: [{ public_access: [{ type: true }] }] }] },
            written,
          ),
        ]),
      ),
    ).toEqual(['aws-msk-cluster-public aws_msk_cluster.events unknown medium']);
  });
});
