// ApsaraDB for ClickHouse clusters read end to end from the Alibaba emulator (test/emulators/alibaba.ts
// with alibaba-warehouses.ts: RPC signatures verified on every request as the service does, pages
// capped at two so the listing is followed) and judged by alibaba-clickhouse-whitelist-open. Three
// states: open (a whitelist whose halves admit every address, since the service refuses
// 0.0.0.0/0, and a public endpoint: high, probed on its HTTP and TCP ports as ClickHouse), closed
// (an office-only whitelist behind a public endpoint: nothing), and a read that was denied (a
// coverage gap naming the cluster, never a pass). An open whitelist without a public endpoint is
// medium. The emulator serves the API reference's response shapes, not recorded traffic. Nothing
// leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AlibabaAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { clickhousePublicEndpoints, clickhouseWhitelist } from '../../../src/cloud/alibaba/clickhouse.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAlibabaEmulator, type EmulatorRequest, type Fault } from '../../emulators/alibaba.js';
import {
  CLICKHOUSE_OPEN_HOST,
  FRONT_DOOR_ACCOUNT_ID,
  FRONT_DOOR_KEY,
  frontDoorAlibabaAccount,
  HANGZHOU,
} from '../../fixtures/cloud/alibaba/front-doors.js';

const options: CollectOptions = {
  timeoutMs: 5000,
  concurrency: 2,
  credentials: { accessKeyId: FRONT_DOOR_KEY.accessKeyId, secretAccessKey: FRONT_DOOR_KEY.secretAccessKey },
};

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

async function collect(denied: readonly Fault[] = []): Promise<{ inventory: Inventory; requests: EmulatorRequest[] }> {
  const emulator = await startAlibabaEmulator({
    account: frontDoorAlibabaAccount(),
    keys: { [FRONT_DOOR_KEY.accessKeyId]: FRONT_DOOR_KEY.secretAccessKey },
    pageCap: 2,
  });
  try {
    for (const fault of denied) emulator.deny(fault);
    const account: AlibabaAccount = { name: 'frontdoor', regions: [HANGZHOU], endpoints: { ...emulator.endpoints } };
    const inventory = await collectInventory({ alibaba: [account], aws: [] }, options);
    return { inventory, requests: emulator.requests.filter((request) => request.product === 'clickhouse') };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ resource }) => resource.ref.type === 'clickhouse:cluster')
    .map(({ rule, resource, draft }) => ({
      rule: rule.meta.id,
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      draft,
    }));

describe('ApsaraDB for ClickHouse clusters', () => {
  it('lists every page, reads each whitelist and network information, and judges them', async () => {
    const { inventory, requests } = await collect();
    expect(requests.every((request) => request.status === 200)).toBe(true);
    // Three clusters, two a page: two pages; then one whitelist and one network read per cluster.
    expect(requests.filter((request) => request.action === 'DescribeDBClusters')).toHaveLength(2);
    expect(requests.filter((request) => request.action === 'DescribeDBClusterAccessWhiteList')).toHaveLength(3);
    expect(requests.filter((request) => request.action === 'DescribeDBClusterNetInfoItems')).toHaveLength(3);
    expect(inventory.gaps.filter((gap) => gap.call.startsWith('clickhouse:'))).toEqual([]);
    expect(inventory.resources.find((resource) => resource.ref.id === 'cc-bp1open')).toEqual({
      kind: 'database',
      ref: {
        provider: 'alibaba',
        account: FRONT_DOOR_ACCOUNT_ID,
        region: HANGZHOU,
        type: 'clickhouse:cluster',
        id: 'cc-bp1open',
        name: 'open',
      },
      engine: 'clickhouse',
      // The hidden group is Alibaba's own and left out. No version: the managed build is not
      // judged by upstream end-of-life dates.
      whitelist: ['127.0.0.1', '0.0.0.0/1', '128.0.0.0/1'],
      // By group too: the fix edits the group that holds the open halves.
      whitelistGroups: [
        { name: 'default', entries: ['127.0.0.1'] },
        { name: 'everyone', entries: ['0.0.0.0/1', '128.0.0.0/1'] },
      ],
      publicEndpoints: [
        { host: CLICKHOUSE_OPEN_HOST, port: 8123 },
        { host: CLICKHOUSE_OPEN_HOST, port: 3306 },
      ],
    });
    const findings = judge(inventory);
    // Only the ClickHouse rule judges the clusters, and never the end-of-life rule.
    expect(findings.map(({ rule, resource, severity }) => `${rule} ${resource} ${severity}`).sort()).toEqual([
      'alibaba-clickhouse-whitelist-open cc-bp1internal medium',
      'alibaba-clickhouse-whitelist-open cc-bp1open high',
    ]);
    const open = findings.find((finding) => finding.resource === 'cc-bp1open')!;
    // Both interfaces are probed, so clickhouse-unauthenticated on either confirms the finding.
    expect(open.draft.impliedEndpoints).toEqual([
      { host: CLICKHOUSE_OPEN_HOST, port: 8123, products: ['clickhouse'] },
      { host: CLICKHOUSE_OPEN_HOST, port: 3306, products: ['clickhouse'] },
    ]);
    expect(open.draft.evidence).toMatchObject({
      openEntries: ['0.0.0.0/1', '128.0.0.0/1'],
      reachableFromInternet: true,
    });
    expect(findings.find((finding) => finding.resource === 'cc-bp1internal')!.draft.evidence).toMatchObject({
      reachableFromInternet: false,
      publicConnections: [],
    });
    // The office-only whitelist behind a public endpoint (trap) gives nothing.
    expect(findings.filter((finding) => finding.resource === 'cc-bp1office')).toEqual([]);
  });

  it('a denied network read is a gap naming the cluster, which is left out: never a pass', async () => {
    const { inventory } = await collect([
      { product: 'clickhouse', action: 'DescribeDBClusterNetInfoItems', when: { DBClusterId: 'cc-bp1open' } },
    ]);
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`)).toEqual([
      'clickhouse:DescribeDBClusterNetInfoItems denied cc-bp1open',
    ]);
    expect(inventory.resources.some((resource) => resource.ref.id === 'cc-bp1open')).toBe(false);
    expect(judge(inventory).map((finding) => finding.resource)).toEqual(['cc-bp1internal']);
  });

  it('a denied whitelist read leaves the cluster out before its network is read', async () => {
    const { inventory, requests } = await collect([
      { product: 'clickhouse', action: 'DescribeDBClusterAccessWhiteList', when: { DBClusterId: 'cc-bp1open' } },
    ]);
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`)).toEqual([
      'clickhouse:DescribeDBClusterAccessWhiteList denied cc-bp1open',
    ]);
    expect(
      requests
        .filter((request) => request.action === 'DescribeDBClusterNetInfoItems')
        .map((r) => r.subject['DBClusterId']),
    ).not.toContain('cc-bp1open');
  });

  it('a denied listing is one gap for the region and no cluster', async () => {
    const { inventory, requests } = await collect([{ product: 'clickhouse', action: 'DescribeDBClusters' }]);
    expect(requests.map((request) => `${request.action} ${request.status}`)).toEqual(['DescribeDBClusters 403']);
    expect(inventory.gaps.map((gap) => `${gap.region} ${gap.call} ${gap.reason}`)).toEqual([
      `${HANGZHOU} clickhouse:DescribeDBClusters denied`,
    ]);
    expect(inventory.resources.some((resource) => resource.ref.type === 'clickhouse:cluster')).toBe(false);
  });
});

describe('ClickHouse answers', () => {
  it('takes the HTTP and TCP ports of public entries only, with the defaults when a port is missing', () => {
    const item = { NetType: 'Public', ConnectionString: 'CC-1.example', HttpPort: '8123', JdbcPort: '3306' };
    expect(clickhousePublicEndpoints({ NetInfoItems: { NetInfoItem: [item, { ...item, NetType: 'VPC' }] } })).toEqual([
      { host: 'cc-1.example', port: 8123 },
      { host: 'cc-1.example', port: 3306 },
    ]);
    expect(
      clickhousePublicEndpoints({
        NetInfoItems: { NetInfoItem: [{ NetType: 'Public', ConnectionString: 'cc-2.example' }] },
      }),
    ).toEqual([
      { host: 'cc-2.example', port: 8123 },
      { host: 'cc-2.example', port: 9000 },
    ]);
    expect(clickhousePublicEndpoints({})).toEqual([]);
  });

  it('merges every group but the hidden ones', () => {
    expect(
      clickhouseWhitelist({
        DBClusterAccessWhiteList: {
          IPArray: [
            { DBClusterIPArrayAttribute: 'default', SecurityIPList: '10.0.0.1, 10.0.0.2' },
            { DBClusterIPArrayAttribute: 'hidden', SecurityIPList: '0.0.0.0/1,128.0.0.0/1' },
            { DBClusterIPArrayAttribute: '', SecurityIPList: '10.0.0.1' },
          ],
        },
      }),
    ).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});
