// Load balancers, Route 53 zones and EKS control planes read end to end from the AWS emulator
// (test/emulators/aws-front-doors.ts: the services' own wire protocols, SigV4 verified on every
// request, pages of two), linked (src/cloud/link.ts) and judged by the resource rules. Each
// resource type in three states: open, closed by a firewall (or a CIDR limit), and a read that
// was denied (a coverage gap, never a pass). Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AwsAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory, LoadBalancer } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws.js';
import {
  EKS_OPEN_HOST,
  frontDoorAccount,
  FRONT_DOORS_KEY,
  KIBANA_LB_DNS,
  MONGO_LB_DNS,
} from '../../fixtures/cloud/aws/front-doors.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const options: CollectOptions = { timeoutMs: 5000, concurrency: 2, credentials: FRONT_DOORS_KEY };
const NOW = { now: new Date('2026-11-25T00:00:00Z') };

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

async function collect(
  emulatorOptions: Omit<AwsEmulatorOptions, 'accounts'>,
  probeNames = false,
): Promise<{ inventory: Inventory; emulator: AwsEmulator }> {
  const emulator = await startAwsEmulator({ accounts: [frontDoorAccount()], ...emulatorOptions });
  try {
    const account: AwsAccount = {
      name: 'frontdoor',
      regions: ['eu-west-1'],
      endpoints: emulator.endpoints,
      probeNames,
    };
    return { inventory: await collectInventory({ alibaba: [], aws: [account] }, options), emulator };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), NOW)
    .filter(
      ({ rule }) =>
        rule.meta.id === 'aws-load-balancer-public-service-port' || rule.meta.id === 'aws-eks-endpoint-public',
    )
    .map(({ rule, resource, draft }) => ({
      rule: rule.meta.id,
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      confidence: draft.confidence,
      draft,
    }));

const balancer = (inventory: Inventory, id: string) =>
  inventory.resources.find(
    (resource): resource is LoadBalancer => resource.kind === 'load-balancer' && resource.ref.id === id,
  );

describe('front doors, everything readable', () => {
  let inventory: Inventory;
  let emulator: AwsEmulator;
  beforeAll(async () => {
    ({ inventory, emulator } = await collect({}, true));
  });

  it('reads every call it needs with no gap, following every page', () => {
    expect(inventory.gaps).toEqual([]);
    const actions = new Set(emulator.requests.map((request) => request.action));
    for (const action of [
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeInstanceHealth',
      'eks:ListClusters',
      'eks:DescribeCluster',
      'route53:ListHostedZones',
      'route53:ListResourceRecordSets',
    ]) {
      expect(actions, action).toContain(action);
    }
    // Five load balancers, two a page: three pages; every request verified.
    expect(
      emulator.requests.filter(
        (request) => request.service === 'elbv2' && request.action === 'elasticloadbalancing:DescribeLoadBalancers',
      ),
    ).toHaveLength(3);
    expect(
      emulator.requests
        .filter((request) => request.status !== 200)
        .map((request) => `${request.action} ${request.code}`),
    ).toEqual(['s3:GetAccountPublicAccessBlock NoSuchPublicAccessBlockConfiguration']);
    // Internal load balancers cost no listener or health read.
    expect(
      emulator.requests.filter(
        (request) => request.resource === 'redis-private' || request.resource === 'legacy-internal',
      ),
    ).toEqual([]);
  });

  it('normalises the internet-facing ALB with its firewall, target health and the public names leading to it', () => {
    expect(balancer(inventory, 'kibana-public')).toEqual({
      kind: 'load-balancer',
      ref: {
        provider: 'aws',
        account: '777788889999',
        region: 'eu-west-1',
        type: 'elbv2:load-balancer',
        id: 'kibana-public',
      },
      flavour: 'application',
      internetFacing: true,
      dnsName: KIBANA_LB_DNS,
      securityGroups: ['sg-0lbopen'],
      firewall: {
        groups: ['sg-0lbopen'],
        rules: [
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            sources: ['0.0.0.0/0', '::/0'],
            policy: 'accept',
            priority: 1,
          },
        ],
      },
      listeners: [
        // The listener ARNs a fix names (delete-listener).
        {
          id: 'arn:aws:elasticloadbalancing:eu-west-1:777788889999:listener/app/kibana-public/0ed328f0214c8cde/435e69f5e38147a8',
          port: 80,
          protocol: 'http',
          targets: [],
        },
        {
          id: 'arn:aws:elasticloadbalancing:eu-west-1:777788889999:listener/app/kibana-public/0ed328f0214c8cde/e41fe4178191bc11',
          port: 443,
          protocol: 'https',
          targets: [{ name: 'kibana-tg', port: 5601, healthy: 1, registered: 1 }],
        },
      ],
      // Through the alias and through a CNAME to the alias; the private zone's name is not public.
      publicNames: [
        { name: 'dashboards.example.com', zone: 'example.com', probe: true },
        { name: 'kibana.example.com', zone: 'example.com', probe: true },
      ],
    });
    expect(balancer(inventory, 'mongo-public')).toMatchObject({
      flavour: 'network',
      firewall: 'none',
      publicNames: [{ name: 'mongo.example.com' }],
    });
    expect(balancer(inventory, 'legacy-search')).toMatchObject({
      flavour: 'classic',
      listeners: [
        {
          port: 443,
          protocol: 'ssl',
          targets: [{ name: 'instance port 9200', port: 9200, healthy: 1, registered: 1 }],
        },
      ],
    });
  });

  it('reads the public zone\u2019s address records, without the wildcard, and the private zone without records', () => {
    const zones = inventory.resources.filter((resource) => resource.kind === 'dns-zone');
    expect(zones.map((zone) => [zone.ref.id, zone.ref.name, zone.public])).toEqual([
      ['Z0CORPINTERNAL01', 'corp.internal', false],
      ['Z0EXAMPLECOM0001', 'example.com', true],
    ]);
    const example = zones.find((zone) => zone.public)!;
    expect(example.records.map((record) => `${record.name} ${record.type} ${record.values.join(',')}`)).toEqual([
      'dashboards.example.com CNAME kibana.example.com',
      `kibana.example.com ALIAS ${KIBANA_LB_DNS}`,
      `mongo.example.com CNAME ${MONGO_LB_DNS}`,
      'office.example.com CNAME kibana-office-2345678901.eu-west-1.elb.amazonaws.com',
      'www.example.com A 192.0.2.80',
    ]);
  });

  it('finds the open doors, naming the DNS names, load balancers and target groups, and probes the names', () => {
    const findings = judge(inventory);
    expect(
      findings
        .map(({ rule, resource, severity, confidence }) => `${rule} ${resource} ${severity} ${confidence}`)
        .sort(),
    ).toEqual([
      'aws-eks-endpoint-public prod-open high firm',
      'aws-load-balancer-public-service-port grafana-sso low firm',
      'aws-load-balancer-public-service-port kibana-public high firm',
      'aws-load-balancer-public-service-port legacy-search high firm',
      'aws-load-balancer-public-service-port mongo-public high firm',
    ]);
    const kibana = findings.find((finding) => finding.resource === 'kibana-public')!.draft;
    expect(kibana.message).toContain('kibana.example.com');
    expect(kibana.message).toContain('kibana-tg');
    expect(kibana.impliedEndpoints).toEqual([
      { host: 'dashboards.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
      { host: 'kibana.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
    ]);
    expect(findings.find((finding) => finding.resource === 'prod-open')!.draft.impliedEndpoints).toEqual([
      { host: EKS_OPEN_HOST, port: 443, products: ['kubernetes'], tls: true },
    ]);
  });

  it('the traps produce nothing above low: office-only ACL, private NLB and Classic, a record outside the inventory, an EKS endpoint limited to one CIDR', () => {
    const findings = judge(inventory);
    for (const id of ['kibana-office', 'redis-private', 'legacy-internal', 'prod-office', 'private-only'])
      expect(
        findings.filter((finding) => finding.resource === id),
        id,
      ).toEqual([]);
    // www.example.com points at 192.0.2.80, which nothing in the inventory has: it names nothing.
    expect(JSON.stringify(inventory.resources.filter((resource) => resource.kind !== 'dns-zone'))).not.toContain(
      'www.example.com',
    );
  });
});

describe('front doors, names not probed unless asked', () => {
  it('without probeNames the finding names kibana.example.com but the probe goes to the load balancer\u2019s own name', async () => {
    const { inventory } = await collect({});
    const kibana = judge(inventory).find((finding) => finding.resource === 'kibana-public')!.draft;
    expect(kibana.evidence['publicNames']).toEqual(['dashboards.example.com', 'kibana.example.com']);
    expect(kibana.impliedEndpoints).toEqual([
      { host: KIBANA_LB_DNS, port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
    ]);
  });
});

describe('front doors, reads denied', () => {
  it('a denied read is a gap naming the permission, never a pass; what stays unknown is unknown', async () => {
    const { inventory } = await collect({
      deny: [
        { action: 'elasticloadbalancing:DescribeListeners', resource: 'mongo-public' },
        { action: 'eks:DescribeCluster', resource: 'prod-open' },
        { action: 'route53:ListResourceRecordSets' },
        { action: 'ec2:DescribeSecurityGroups' },
      ],
    });
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`.trim()).sort()).toEqual([
      'ec2:DescribeSecurityGroups denied',
      'eks:DescribeCluster denied prod-open',
      'elasticloadbalancing:DescribeListeners denied mongo-public',
      'route53:ListResourceRecordSets denied example.com',
    ]);
    const findings = judge(inventory);
    // Security groups unreadable: the ALB and Classic listeners are tentative, not passed; nothing else is invented.
    expect(findings.map(({ resource, confidence }) => `${resource} ${confidence}`).sort()).toEqual([
      'grafana-sso unknown',
      'kibana-office unknown',
      'kibana-public unknown',
      'legacy-search unknown',
    ]);
    // No zone records: no names tied to anything.
    expect(balancer(inventory, 'kibana-public')?.publicNames).toBeUndefined();
  });
});
