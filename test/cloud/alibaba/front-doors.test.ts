// CLB and ALB load balancers, Alibaba Cloud DNS domains and ACK API servers read end to end from
// the Alibaba emulator (test/emulators/alibaba.ts with alibaba-front-doors.ts: RPC and ROA
// signatures verified on every request as the service does, pages capped at two items so every
// listing is followed), linked (src/cloud/link.ts) and judged by the resource rules. Each
// resource type in three states: open, closed (an ACL whitelist, an intranet instance, an
// intranet API server), and a read that was denied (a coverage gap, never a pass). The emulator
// serves the API references' response shapes, not recorded traffic. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AlibabaAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory, LoadBalancer } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAlibabaEmulator, type AlibabaEmulator, type Fault } from '../../emulators/alibaba.js';
import {
  ACK_API,
  FRONT_DOOR_ACCOUNT_ID,
  FRONT_DOOR_KEY,
  frontDoorAlibabaAccount,
  HANGZHOU,
  KIBANA_ALB_DNS,
  KIBANA_CLB,
  MONGO_CLB,
  SEARCH_CLB,
} from '../../fixtures/cloud/alibaba/front-doors.js';

const options: CollectOptions = {
  timeoutMs: 5000,
  concurrency: 2,
  credentials: { accessKeyId: FRONT_DOOR_KEY.accessKeyId, secretAccessKey: FRONT_DOOR_KEY.secretAccessKey },
};
const NOW = { now: new Date('2026-11-25T00:00:00Z') };
const IDS = new Set(['alibaba-load-balancer-public-service-port', 'alibaba-ack-api-server-public']);

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

async function collect(
  denied: readonly Fault[] = [],
  probeNames = false,
): Promise<{ inventory: Inventory; emulator: AlibabaEmulator }> {
  const emulator = await startAlibabaEmulator({
    account: frontDoorAlibabaAccount(),
    keys: { [FRONT_DOOR_KEY.accessKeyId]: FRONT_DOOR_KEY.secretAccessKey },
    pageCap: 2,
  });
  try {
    for (const fault of denied) emulator.deny(fault);
    const account: AlibabaAccount = {
      name: 'frontdoor',
      regions: [HANGZHOU],
      endpoints: { ...emulator.endpoints },
      probeNames,
    };
    return { inventory: await collectInventory({ alibaba: [account], aws: [] }, options), emulator };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), NOW)
    .filter(({ rule }) => IDS.has(rule.meta.id))
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

describe('Alibaba front doors, everything readable', () => {
  let inventory: Inventory;
  let emulator: AlibabaEmulator;
  beforeAll(async () => {
    ({ inventory, emulator } = await collect([], true));
  });

  it('reads every call it needs with no gap, following every page, signed as the services check', () => {
    expect(inventory.gaps).toEqual([]);
    expect(emulator.requests.filter((request) => request.status !== 200)).toEqual([]);
    const actions = new Set(emulator.requests.map((request) => `${request.product}:${request.action}`));
    for (const action of [
      'slb:DescribeLoadBalancers',
      'slb:DescribeLoadBalancerListeners',
      'slb:DescribeVServerGroupAttribute',
      'slb:DescribeAccessControlListAttribute',
      'alb:ListLoadBalancers',
      'alb:ListListeners',
      'alb:GetListenerAttribute',
      'alb:ListAclEntries',
      'alb:ListServerGroupServers',
      'alidns:DescribeDomains',
      'alidns:DescribeDomainRecords',
      'cs:DescribeClustersV1',
    ]) {
      expect(actions, action).toContain(action);
    }
    // Five CLBs two a page: three pages; eight records two a page: four.
    expect(emulator.requests.filter((request) => request.action === 'DescribeLoadBalancers')).toHaveLength(3);
    expect(emulator.requests.filter((request) => request.action === 'DescribeDomainRecords')).toHaveLength(4);
    // Intranet instances cost no listener read.
    expect(
      emulator.requests.filter(
        (request) =>
          request.subject['LoadBalancerId.1'] === 'lb-bp1intranet' ||
          request.subject['LoadBalancerIds.1'] === 'alb-private',
      ),
    ).toEqual([]);
    // ACK answers on its regional host, as the real service does.
    expect(
      new Set(emulator.requests.filter((request) => request.product === 'cs').map((request) => request.host)),
    ).toEqual(new Set([`cs.${HANGZHOU}.aliyuncs.com`]));
  });

  it('normalises the CLB with its listeners, ACLs and the DNS names leading to its address', () => {
    expect(balancer(inventory, 'lb-bp1kibana')).toEqual({
      kind: 'load-balancer',
      ref: {
        provider: 'alibaba',
        account: FRONT_DOOR_ACCOUNT_ID,
        region: HANGZHOU,
        type: 'slb:load-balancer',
        id: 'lb-bp1kibana',
        name: 'kibana',
      },
      flavour: 'classic',
      internetFacing: true,
      dnsName: KIBANA_CLB,
      securityGroups: [],
      firewall: 'none',
      listeners: [
        { port: 80, protocol: 'http', targets: [{ name: 'backend port 80', port: 80 }] },
        { port: 443, protocol: 'https', targets: [{ name: 'backend port 5601', port: 5601 }] },
      ],
      publicNames: [{ name: 'clb.example.com', zone: 'example.com', probe: true }],
    });
    expect(balancer(inventory, 'lb-bp1mongo')?.listeners).toEqual([
      {
        port: 27017,
        protocol: 'tcp',
        acl: { ids: ['acl-bp1block'], type: 'black', entries: ['192.0.2.0/24'] },
        targets: [{ name: 'vServer group rsp-bp1mongo', port: 27017 }],
      },
    ]);
    expect(balancer(inventory, 'lb-bp1intranet')).toMatchObject({ internetFacing: false, listeners: [] });
  });

  it('normalises the ALB with its server groups and the names leading to its DNS name, through CNAME chains', () => {
    expect(balancer(inventory, 'alb-kibana')).toMatchObject({
      flavour: 'application',
      dnsName: KIBANA_ALB_DNS,
      listeners: [{ port: 443, protocol: 'https', targets: [{ name: 'sgp-kibana', port: 5601, registered: 1 }] }],
      publicNames: [
        { name: 'dashboards.example.com', zone: 'example.com', probe: true },
        { name: 'kibana.example.com', zone: 'example.com', probe: true },
      ],
    });
    expect(balancer(inventory, 'alb-office')?.listeners[0]?.acl).toEqual({
      ids: ['acl-alboffice'],
      type: 'white',
      entries: ['198.51.100.0/24'],
    });
  });

  it('reads the domain\u2019s address records: no wildcard, no disabled record, no MX', () => {
    const zones = inventory.resources.filter((resource) => resource.kind === 'dns-zone');
    expect(zones.map((zone) => [zone.ref.type, zone.ref.name, zone.public, zone.probeNames])).toEqual([
      ['alidns:domain', 'example.com', true, true],
    ]);
    expect(zones[0]!.records.map((record) => `${record.name} ${record.type} ${record.values.join(',')}`)).toEqual([
      `kibana.example.com CNAME ${KIBANA_ALB_DNS}`,
      'dashboards.example.com CNAME kibana.example.com',
      `clb.example.com A ${KIBANA_CLB}`,
      `mongo.example.com A ${MONGO_CLB}`,
      'www.example.com A 192.0.2.80',
    ]);
  });

  it('finds the open doors, naming the DNS names and backends, and probes the names', () => {
    const findings = judge(inventory);
    expect(
      findings
        .map(({ rule, resource, severity, confidence }) => `${rule} ${resource} ${severity} ${confidence}`)
        .sort(),
    ).toEqual([
      'alibaba-ack-api-server-public c0ffee0123456789abcdef0123456789 high tentative',
      'alibaba-load-balancer-public-service-port alb-kibana high firm',
      'alibaba-load-balancer-public-service-port lb-bp1kibana high firm',
      'alibaba-load-balancer-public-service-port lb-bp1mongo high firm',
      'alibaba-load-balancer-public-service-port lb-bp1search high firm',
    ]);
    const alb = findings.find((finding) => finding.resource === 'alb-kibana')!.draft;
    expect(alb.message).toContain('kibana.example.com');
    expect(alb.message).toContain('sgp-kibana');
    expect(alb.impliedEndpoints).toEqual([
      { host: 'dashboards.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
      { host: 'kibana.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
    ]);
    expect(findings.find((finding) => finding.resource === 'lb-bp1search')!.draft.evidence['source']).toBe(
      '0.0.0.0/0 (whitelist acl-bp1search)',
    );
    expect(
      findings.find((finding) => finding.rule === 'alibaba-ack-api-server-public')!.draft.impliedEndpoints,
    ).toEqual([{ host: ACK_API, port: 6443, products: ['kubernetes'], tls: true }]);
  });

  it('the traps produce nothing: office-only whitelists, intranet CLB and ALB, a record outside the inventory, a disabled record, an intranet API server', () => {
    const findings = judge(inventory);
    for (const id of [
      'lb-bp1office',
      'alb-office',
      'lb-bp1intranet',
      'alb-private',
      'c1ffee0123456789abcdef0123456789',
    ])
      expect(
        findings.filter((finding) => finding.resource === id),
        id,
      ).toEqual([]);
    const linked = JSON.stringify(inventory.resources.filter((resource) => resource.kind !== 'dns-zone'));
    expect(linked).not.toContain('www.example.com');
    expect(linked).not.toContain('old.example.com');
  });
});

describe('Alibaba front doors, names not probed unless asked', () => {
  it('without probeNames the finding names kibana.example.com but the probe goes to the ALB\u2019s own name', async () => {
    const { inventory } = await collect();
    const alb = judge(inventory).find((finding) => finding.resource === 'alb-kibana')!.draft;
    expect(alb.evidence['publicNames']).toEqual(['dashboards.example.com', 'kibana.example.com']);
    expect(alb.impliedEndpoints).toEqual([
      { host: KIBANA_ALB_DNS, port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
    ]);
  });
});

describe('Alibaba front doors, reads denied', () => {
  it('a denied read is a gap naming the call, never a pass; an unreadable ACL is unknown', async () => {
    const { inventory } = await collect([
      { product: 'slb', action: 'DescribeLoadBalancerListeners', when: { 'LoadBalancerId.1': 'lb-bp1mongo' } },
      { product: 'slb', action: 'DescribeAccessControlListAttribute', when: { AclId: 'acl-bp1search' } },
      { product: 'alb', action: 'ListListeners' },
      { product: 'alidns', action: 'DescribeDomainRecords' },
      { product: 'cs', action: 'DescribeClustersV1' },
    ]);
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`.trim()).sort()).toEqual([
      'alb:ListListeners denied alb-kibana',
      'alb:ListListeners denied alb-office',
      'alidns:DescribeDomainRecords denied example.com',
      'cs:DescribeClustersV1 denied',
      'slb:DescribeAccessControlListAttribute denied acl-bp1search',
      'slb:DescribeLoadBalancerListeners denied lb-bp1mongo',
    ]);
    const findings = judge(inventory);
    expect(findings.map(({ resource, confidence }) => `${resource} ${confidence}`).sort()).toEqual([
      'lb-bp1kibana firm',
      'lb-bp1search unknown',
    ]);
    expect(findings.find((finding) => finding.resource === 'lb-bp1search')!.draft.impliedEndpoints).toEqual([
      { host: SEARCH_CLB, port: 9200, products: ['elasticsearch', 'opensearch'] },
    ]);
    // No records: no names tied to anything.
    expect(balancer(inventory, 'lb-bp1kibana')?.publicNames).toBeUndefined();
  });
});
