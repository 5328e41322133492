// Amazon MQ brokers read end to end from the AWS emulator (restJson ListBrokers / DescribeBroker,
// SigV4 verified, pages of two) and judged by aws-mq-broker-public. Three states: open (a public
// RabbitMQ broker, which takes no security group), closed (a public ActiveMQ broker whose group
// keeps the console port closed: latent, low; a private broker: nothing), and a denied read (a
// coverage gap naming the broker, never a pass). The emulator serves the MQ REST API reference's
// shapes, not recorded traffic. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AwsAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import type { Inventory } from '../../../src/cloud/inventory.js';
import { linkReachability } from '../../../src/cloud/reachability.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws.js';
import {
  frontDoorAccount,
  FRONT_DOORS_KEY,
  MQ_ACTIVE_HOST,
  MQ_RABBIT_HOST,
} from '../../fixtures/cloud/aws/front-doors.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const options: CollectOptions = { timeoutMs: 5000, concurrency: 2, credentials: FRONT_DOORS_KEY };

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

async function collect(
  emulatorOptions: Omit<AwsEmulatorOptions, 'accounts'> = {},
): Promise<{ inventory: Inventory; actions: string[] }> {
  const emulator = await startAwsEmulator({ accounts: [frontDoorAccount()], ...emulatorOptions });
  try {
    const account: AwsAccount = { name: 'frontdoor', regions: ['eu-west-1'], endpoints: emulator.endpoints };
    const inventory = await collectInventory({ alibaba: [], aws: [account] }, options);
    return {
      inventory,
      actions: emulator.requests
        .filter((request) => request.service === 'mq')
        .map((request) => `${request.action} ${request.status}`),
    };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ rule }) => rule.meta.id === 'aws-mq-broker-public')
    .map(({ rule, resource, draft }) => ({
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      confidence: draft.confidence,
      draft,
    }));

describe('Amazon MQ brokers', () => {
  it('lists every page, describes each broker, and judges the public ones', async () => {
    const { inventory, actions } = await collect();
    expect(actions.filter((action) => action.startsWith('mq:ListBrokers'))).toEqual([
      'mq:ListBrokers 200',
      'mq:ListBrokers 200',
    ]);
    expect(actions.filter((action) => action.startsWith('mq:DescribeBroker'))).toHaveLength(3);
    expect(inventory.resources.find((resource) => resource.ref.id === 'b-rabbitpublic')).toMatchObject({
      kind: 'database',
      ref: { provider: 'aws', type: 'mq:broker', name: 'events' },
      engine: 'rabbitmq',
      publiclyAccessible: true,
      publicEndpoints: [{ host: MQ_RABBIT_HOST, port: 443 }],
      firewall: { state: 'open', source: '0.0.0.0/0' },
    });
    expect(
      linkReachability(inventory).resources.find((resource) => resource.ref.id === 'b-activeoffice'),
    ).toMatchObject({
      publicEndpoints: [{ host: MQ_ACTIVE_HOST, port: 8162 }],
      firewall: { state: 'closed', port: 8162, groups: ['sg-0lboffice'] },
    });
    const findings = judge(inventory);
    expect(
      findings.map(({ resource, severity, confidence }) => `${resource} ${severity} ${confidence}`).sort(),
    ).toEqual(['b-activeoffice low firm', 'b-rabbitpublic high firm']);
    expect(findings.find((finding) => finding.resource === 'b-rabbitpublic')!.draft.impliedEndpoints).toEqual([
      { host: MQ_RABBIT_HOST, port: 443, products: ['rabbitmq'] },
    ]);
    // The private broker (trap) gives nothing.
    expect(findings.filter((finding) => finding.resource === 'b-rabbitprivate')).toEqual([]);
  });

  it('a denied DescribeBroker is a gap naming the broker, never a pass', async () => {
    const { inventory } = await collect({ deny: [{ action: 'mq:DescribeBroker', resource: 'b-rabbitpublic' }] });
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`)).toEqual([
      'mq:DescribeBroker denied events',
    ]);
    expect(judge(inventory).map((finding) => finding.resource)).toEqual(['b-activeoffice']);
  });
});
