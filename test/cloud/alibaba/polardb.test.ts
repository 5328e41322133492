// PolarDB clusters read end to end from the Alibaba emulator (test/emulators/alibaba.ts with
// alibaba-warehouses.ts: RPC signatures verified on every request as the service does, pages
// capped at two so the listing is followed) and judged by alibaba-polardb-whitelist-open. Three
// states: open (whitelist 0.0.0.0/0 and a public primary endpoint: high, probed as MySQL),
// closed (an office-only whitelist behind a public endpoint: nothing), and a read that was
// denied (a coverage gap naming the cluster, never a pass). A whitelist whose halves admit every
// address without a public endpoint is medium. The emulator serves the API reference's response
// shapes, not recorded traffic. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AlibabaAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { polardbPublicEndpoints } from '../../../src/cloud/alibaba/polardb.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAlibabaEmulator, type EmulatorRequest, type Fault } from '../../emulators/alibaba.js';
import {
  FRONT_DOOR_ACCOUNT_ID,
  FRONT_DOOR_KEY,
  frontDoorAlibabaAccount,
  HANGZHOU,
  POLARDB_OPEN_HOST,
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
    return { inventory, requests: emulator.requests.filter((request) => request.product === 'polardb') };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ rule, resource }) => resource.ref.type === 'polardb:cluster' && rule.meta.id.startsWith('alibaba-'))
    .map(({ rule, resource, draft }) => ({
      rule: rule.meta.id,
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      draft,
    }));

describe('PolarDB clusters', () => {
  it('lists every page, reads each whitelist and endpoint list, and judges them', async () => {
    const { inventory, requests } = await collect();
    expect(requests.every((request) => request.status === 200)).toBe(true);
    // Three clusters, two a page: two pages; then one whitelist and one endpoint read per cluster.
    expect(requests.filter((request) => request.action === 'DescribeDBClusters')).toHaveLength(2);
    expect(requests.filter((request) => request.action === 'DescribeDBClusterAccessWhitelist')).toHaveLength(3);
    expect(requests.filter((request) => request.action === 'DescribeDBClusterEndpoints')).toHaveLength(3);
    expect(inventory.gaps.filter((gap) => gap.call.startsWith('polardb:'))).toEqual([]);
    expect(inventory.resources.find((resource) => resource.ref.id === 'pc-bp1open')).toEqual({
      kind: 'database',
      ref: {
        provider: 'alibaba',
        account: FRONT_DOOR_ACCOUNT_ID,
        region: HANGZHOU,
        type: 'polardb:cluster',
        id: 'pc-bp1open',
        name: 'open',
      },
      engine: 'mysql',
      version: '8.0',
      // The hidden DMS group is Alibaba's own and left out.
      whitelist: ['0.0.0.0/0'],
      whitelistGroups: [{ name: 'default', entries: ['0.0.0.0/0'] }],
      publicEndpoints: [{ host: POLARDB_OPEN_HOST, port: 3306 }],
    });
    const findings = judge(inventory);
    // Only the PolarDB rule judges PolarDB clusters (the RDS rule also knows MySQL and PostgreSQL).
    expect(findings.map(({ rule, resource, severity }) => `${rule} ${resource} ${severity}`).sort()).toEqual([
      'alibaba-polardb-whitelist-open pc-bp1internal medium',
      'alibaba-polardb-whitelist-open pc-bp1open high',
    ]);
    const open = findings.find((finding) => finding.resource === 'pc-bp1open')!;
    expect(open.draft.impliedEndpoints).toEqual([{ host: POLARDB_OPEN_HOST, port: 3306, products: ['mysql'] }]);
    expect(open.draft.evidence).toMatchObject({ openEntries: ['0.0.0.0/0'], reachableFromInternet: true });
    // Its halves admit every address: open, though no single entry is 0.0.0.0/0.
    expect(findings.find((finding) => finding.resource === 'pc-bp1internal')!.draft.evidence).toMatchObject({
      openEntries: ['0.0.0.0/1', '128.0.0.0/1'],
      reachableFromInternet: false,
    });
    // The office-only whitelist behind a public endpoint (trap) gives nothing.
    expect(findings.filter((finding) => finding.resource === 'pc-bp1office')).toEqual([]);
  });

  it('a denied whitelist read is a gap naming the cluster, which is left out: never a pass', async () => {
    const { inventory } = await collect([
      { product: 'polardb', action: 'DescribeDBClusterAccessWhitelist', when: { DBClusterId: 'pc-bp1open' } },
    ]);
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`)).toEqual([
      'polardb:DescribeDBClusterAccessWhitelist denied pc-bp1open',
    ]);
    expect(inventory.resources.some((resource) => resource.ref.id === 'pc-bp1open')).toBe(false);
    expect(judge(inventory).map((finding) => finding.resource)).toEqual(['pc-bp1internal']);
  });

  it('a denied listing is one gap for the region and no cluster', async () => {
    const { inventory, requests } = await collect([{ product: 'polardb', action: 'DescribeDBClusters' }]);
    expect(requests.map((request) => `${request.action} ${request.status}`)).toEqual(['DescribeDBClusters 403']);
    expect(inventory.gaps.map((gap) => `${gap.region} ${gap.call} ${gap.reason}`)).toEqual([
      `${HANGZHOU} polardb:DescribeDBClusters denied`,
    ]);
  });
});

describe('PolarDB endpoint answers', () => {
  it('takes public addresses from a plain Items list or Items.DBEndpoint, with the port as a string', () => {
    const address = { NetType: 'Public', ConnectionString: 'PC-1.example', Port: '3306' };
    expect(
      polardbPublicEndpoints({
        Items: [{ AddressItems: [address, { ...address, NetType: 'Private', ConnectionString: 'inner' }] }],
      }),
    ).toEqual([{ host: 'pc-1.example', port: 3306 }]);
    expect(polardbPublicEndpoints({ Items: { DBEndpoint: [{ AddressItems: [address] }] } })).toEqual([
      { host: 'pc-1.example', port: 3306 },
    ]);
    expect(polardbPublicEndpoints({ Items: [{ AddressItems: [{ ...address, Port: 'none' }] }] })).toEqual([]);
  });
});
