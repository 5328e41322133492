// ApsaraMQ for RabbitMQ instances read end to end from the Alibaba emulator (test/emulators/alibaba.ts
// with alibaba-warehouses.ts: RPC signatures verified on every request as the service does, pages
// capped at two so the NextToken listing is followed) and judged by alibaba-amqp-instance-public.
// Three states: open (SupportEIP and a public endpoint: a finding, probed on 5672 as RabbitMQ),
// closed (no EIP, though PublicEndpoint is filled: nothing), and a listing that was denied (a
// coverage gap named by its RAM action, amqp:ListInstance, never a pass). A released instance is
// left out. The emulator serves the API reference's response shapes, not recorded traffic.
// Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AlibabaAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { normalizeAmqpInstance } from '../../../src/cloud/alibaba/amqp.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { ref } from '../../helpers/cloud.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAlibabaEmulator, type EmulatorRequest, type Fault } from '../../emulators/alibaba.js';
import {
  AMQP_OPEN_HOST,
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
    return { inventory, requests: emulator.requests.filter((request) => request.product === 'amqp-open') };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ resource }) => resource.ref.type === 'amqp:instance')
    .map(({ rule, resource, draft }) => ({
      rule: rule.meta.id,
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      draft,
    }));

describe('ApsaraMQ for RabbitMQ instances', () => {
  it('follows every NextToken page and judges each instance by SupportEIP', async () => {
    const { inventory, requests } = await collect();
    // Three instances, two a page: the second page is asked for with the first page's token.
    expect(
      requests.map((request) => `${request.action} ${request.status} ${request.subject['NextToken'] ?? '-'}`),
    ).toEqual(['ListInstances 200 -', `ListInstances 200 ${Buffer.from('amqp:2').toString('base64')}`]);
    expect(inventory.gaps.filter((gap) => gap.call.startsWith('amqp:'))).toEqual([]);
    const instances = inventory.resources.filter((resource) => resource.ref.type === 'amqp:instance');
    // The released instance is left out.
    expect(instances.map((instance) => instance.ref.id)).toEqual(['amqp-cn-open', 'amqp-cn-vpc']);
    expect(instances[0]).toEqual({
      kind: 'database',
      ref: {
        provider: 'alibaba',
        account: FRONT_DOOR_ACCOUNT_ID,
        region: HANGZHOU,
        type: 'amqp:instance',
        id: 'amqp-cn-open',
        name: 'open',
      },
      engine: 'rabbitmq',
      publiclyAccessible: true,
      publicEndpoints: [{ host: AMQP_OPEN_HOST, port: 5672 }],
    });
    const findings = judge(inventory);
    // The instance without an EIP (trap: PublicEndpoint filled all the same) gives nothing.
    expect(findings.map(({ rule, resource, severity }) => `${rule} ${resource} ${severity}`)).toEqual([
      'alibaba-amqp-instance-public amqp-cn-open medium',
    ]);
    // Probed on the AMQP port, where the RabbitMQ AMQP probe identifies the broker.
    expect(findings[0]!.draft.impliedEndpoints).toEqual([{ host: AMQP_OPEN_HOST, port: 5672, products: ['rabbitmq'] }]);
  });

  it('a denied listing is a gap named by the RAM action, amqp:ListInstance, and no instance', async () => {
    const { inventory, requests } = await collect([{ product: 'amqp-open', action: 'ListInstances' }]);
    expect(requests.map((request) => `${request.action} ${request.status}`)).toEqual(['ListInstances 403']);
    expect(inventory.gaps.map((gap) => `${gap.region} ${gap.call} ${gap.reason}`)).toEqual([
      `${HANGZHOU} amqp:ListInstance denied`,
    ]);
    expect(inventory.resources.some((resource) => resource.ref.type === 'amqp:instance')).toBe(false);
    expect(judge(inventory)).toEqual([]);
  });
});

describe('ApsaraMQ answers', () => {
  const instanceRef = ref('alibaba', 'amqp:instance', 'amqp-cn-1');
  it('a public endpoint counts only with SupportEIP, as a boolean or its text', () => {
    const base = { InstanceId: 'amqp-cn-1', PublicEndpoint: 'AMQP-CN-1.example' };
    expect(normalizeAmqpInstance(instanceRef, { ...base, SupportEIP: 'true' }).publicEndpoints).toEqual([
      { host: 'amqp-cn-1.example', port: 5672 },
    ]);
    expect(normalizeAmqpInstance(instanceRef, { ...base, SupportEIP: false })).toMatchObject({
      publiclyAccessible: false,
      publicEndpoints: [],
    });
    expect(normalizeAmqpInstance(instanceRef, { InstanceId: 'amqp-cn-1' })).toMatchObject({
      publiclyAccessible: false,
      publicEndpoints: [],
    });
  });
});
