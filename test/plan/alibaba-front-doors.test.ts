// Alibaba load balancers, DNS records and ACK clusters in a Terraform plan, judged by the same
// rules (and ids) as a live account: an internet CLB whose HTTPS listener forwards to Kibana
// without access control, behind an office whitelist, with an ACL the plan cannot read, made
// intranet; an ALB forwarding to a Kibana server group; a DNS record naming the load balancer by
// reference; ACK with the provider's default internet API server, or without. Synthetic plan JSON
// (builder.ts); nothing is started.
import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '../../src/cloud/inventory.js';
import { findingsOf, inventoryOf, planOf, ref, verdicts, type PlanResourceSpec } from './builder.js';

const SLB = 'alicloud_slb_load_balancer.kibana';
const slb = (
  after: Record<string, unknown> = { address_type: 'internet' },
  unknown: Record<string, unknown> = {},
): PlanResourceSpec => ({
  type: 'alicloud_slb_load_balancer',
  name: 'kibana',
  after: { load_balancer_name: 'kibana', load_balancer_spec: 'slb.s1.small', ...after },
  unknown: { id: true, address: true, ...unknown },
});
const listener = (
  after: Record<string, unknown> = {},
  expressions: Record<string, unknown> = {},
): PlanResourceSpec => ({
  type: 'alicloud_slb_listener',
  name: 'https',
  after: { frontend_port: 443, backend_port: 5601, protocol: 'https', acl_status: 'off', ...after },
  unknown: { id: true, load_balancer_id: true },
  expressions: { load_balancer_id: ref(SLB), ...expressions },
});
const acl = (entries: string[]): PlanResourceSpec => ({
  type: 'alicloud_slb_acl',
  name: 'office',
  after: { name: 'office', ip_version: 'ipv4', entry_list: entries.map((entry) => ({ entry, comment: '' })) },
  unknown: { id: true },
});
const withAcl = (type = 'white') =>
  listener({ acl_status: 'on', acl_type: type, acl_id: null }, { acl_id: ref('alicloud_slb_acl.office') });

describe('alicloud_slb_load_balancer with alicloud_slb_listener and alicloud_slb_acl', () => {
  it('internet, HTTPS 443 to Kibana 5601, access control off: the live rule id, firm', () => {
    const plan = planOf([slb(), listener()]);
    expect(verdicts(plan)).toEqual([`alibaba-load-balancer-public-service-port ${SLB} firm high`]);
    expect(findingsOf(plan)[0]!.message).toContain('backend port 5601');
  });
  it('a whitelist of the office range only: nothing (near miss)', () => {
    expect(verdicts(planOf([slb(), acl(['198.51.100.0/24']), withAcl()]))).toEqual([]);
  });
  it('a whitelist that also admits 0.0.0.0/0: firm', () => {
    expect(verdicts(planOf([slb(), acl(['198.51.100.0/24', '0.0.0.0/0']), withAcl()]))).toEqual([
      `alibaba-load-balancer-public-service-port ${SLB} firm high`,
    ]);
  });
  it('an ACL the plan cannot name: unknown, never passed', () => {
    expect(
      verdicts(planOf([slb(), listener({ acl_status: 'on', acl_type: 'white', acl_id: 'acl-bp1existing' })])),
    ).toEqual([`alibaba-load-balancer-public-service-port ${SLB} unknown high`]);
  });
  it('intranet: nothing', () => {
    expect(verdicts(planOf([slb({ address_type: 'intranet' }), listener()]))).toEqual([]);
  });
  it('address_type left to the service: judged as internet, and says so', () => {
    const plan = planOf([slb({ address_type: null }, { address_type: true }), listener()]);
    expect(verdicts(plan)).toEqual([`alibaba-load-balancer-public-service-port ${SLB} firm high`]);
    expect(
      inventoryOf(plan).resources.find((resource) => resource.kind === 'load-balancer')?.ref.terraform
        ?.unknownUntilApply,
    ).toEqual(['internetFacing']);
  });
  it('a DNS record whose value is the load balancer\u2019s address names it (not probed: nothing is, in a plan)', () => {
    const record: PlanResourceSpec = {
      type: 'alicloud_alidns_record',
      name: 'kibana',
      after: { domain_name: 'example.com', rr: 'kibana', type: 'A', value: null, status: 'ENABLE' },
      unknown: { id: true, value: true },
      expressions: { value: ref(SLB, 'address') },
    };
    const plan = planOf([slb(), listener(), record]);
    const balancer = inventoryOf(plan).resources.find(
      (resource): resource is LoadBalancer => resource.kind === 'load-balancer',
    )!;
    expect(balancer.publicNames).toEqual([{ name: 'kibana.example.com', zone: 'example.com', probe: false }]);
    expect(findingsOf(plan)[0]!.message).toContain('kibana.example.com');
  });
});

describe('alicloud_alb_load_balancer with alicloud_alb_listener and alicloud_alb_server_group', () => {
  const ALB = 'alicloud_alb_load_balancer.kibana';
  const alb = (addressType: string): PlanResourceSpec => ({
    type: 'alicloud_alb_load_balancer',
    name: 'kibana',
    after: { load_balancer_name: 'kibana', address_type: addressType, load_balancer_edition: 'Standard' },
    unknown: { id: true, dns_name: true },
  });
  const group: PlanResourceSpec = {
    type: 'alicloud_alb_server_group',
    name: 'kibana',
    after: {
      server_group_name: 'kibana',
      protocol: 'HTTP',
      servers: [{ server_id: 'i-1', server_type: 'Ecs', port: 5601, weight: 100 }],
    },
    unknown: { id: true },
  };
  const albListener = (aclConfig: unknown[] = [], expressions: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'alicloud_alb_listener',
    name: 'https',
    after: {
      listener_port: 443,
      listener_protocol: 'HTTPS',
      default_actions: [
        { type: 'ForwardGroup', forward_group_config: [{ server_group_tuples: [{ server_group_id: null }] }] },
      ],
      acl_config: aclConfig,
    },
    unknown: {
      id: true,
      load_balancer_id: true,
      default_actions: [{ forward_group_config: [{ server_group_tuples: [{ server_group_id: true }] }] }],
    },
    expressions: {
      load_balancer_id: ref(ALB),
      default_actions: [
        {
          type: { constant_value: 'ForwardGroup' },
          forward_group_config: [
            { server_group_tuples: [{ server_group_id: ref('alicloud_alb_server_group.kibana') }] },
          ],
        },
      ],
      ...expressions,
    },
  });
  it('Internet, HTTPS 443 forwarding to the Kibana server group: firm', () => {
    expect(verdicts(planOf([alb('Internet'), group, albListener()]))).toEqual([
      `alibaba-load-balancer-public-service-port ${ALB} firm high`,
    ]);
  });
  it('an office whitelist: nothing (near miss)', () => {
    const aclResource: PlanResourceSpec = {
      type: 'alicloud_alb_acl',
      name: 'office',
      after: { acl_name: 'office', acl_entries: [{ entry: '198.51.100.0/24', description: '' }] },
      unknown: { id: true },
    };
    const plan = planOf([
      alb('Internet'),
      group,
      aclResource,
      albListener([{ acl_type: 'White', acl_relations: [{ acl_id: null }] }], {
        acl_config: [
          { acl_type: { constant_value: 'White' }, acl_relations: [{ acl_id: ref('alicloud_alb_acl.office') }] },
        ],
      }),
    ]);
    expect(verdicts(plan)).toEqual([]);
  });
  it('Intranet: nothing', () => {
    expect(verdicts(planOf([alb('Intranet'), group, albListener()]))).toEqual([]);
  });
});

describe('alicloud_cs_managed_kubernetes', () => {
  const cluster = (after: Record<string, unknown>, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'alicloud_cs_managed_kubernetes',
    name: 'prod',
    after: { name: 'prod', version: '1.30.1-aliyun.1', ...after },
    unknown: { id: true, ...unknown },
  });
  it('slb_internet_enabled not written: the provider default, an internet API server', () => {
    expect(verdicts(planOf([cluster({})]))).toEqual([
      'alibaba-ack-api-server-public alicloud_cs_managed_kubernetes.prod tentative high',
    ]);
  });
  it('slb_internet_enabled = false: nothing (near miss)', () => {
    expect(verdicts(planOf([cluster({ slb_internet_enabled: false })]))).toEqual([]);
  });
  it('known only after apply: unknown', () => {
    expect(verdicts(planOf([cluster({ slb_internet_enabled: null }, { slb_internet_enabled: true })]))).toEqual([
      'alibaba-ack-api-server-public alicloud_cs_managed_kubernetes.prod unknown high',
    ]);
  });
});
