// Redshift clusters read end to end from the AWS emulator (awsQuery DescribeClusters, SigV4
// verified, pages of two), their security groups resolved into a firewall verdict
// (src/cloud/reachability.ts) and judged by aws-redshift-publicly-accessible. Three states: open
// (public, a group admits everyone on 5439), closed (public but an office-only group: a latent,
// low finding; private: nothing), and a denied read (a coverage gap, never a pass). The emulator
// serves the API reference's shapes, not recorded traffic. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AwsAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { collectInventory } from '../../../src/cloud/collect.js';
import { linkReachability } from '../../../src/cloud/reachability.js';
import type { Inventory } from '../../../src/cloud/inventory.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../../emulators/aws-network-guard.js';
import { startAwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws.js';
import { frontDoorAccount, FRONT_DOORS_KEY, REDSHIFT_OPEN_HOST } from '../../fixtures/cloud/aws/front-doors.js';

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
        .filter((request) => request.service === 'redshift')
        .map((request) => `${request.action} ${request.status}`),
    };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ rule }) => rule.meta.id === 'aws-redshift-publicly-accessible')
    .map(({ rule, resource, draft }) => ({
      resource: resource.ref.id,
      severity: draft.severity ?? rule.meta.severity,
      confidence: draft.confidence,
      draft,
    }));

describe('Redshift clusters', () => {
  it('reads every page, and judges each cluster with the security groups of the same region', async () => {
    const { inventory, actions } = await collect();
    // Three clusters, two a page: two signed pages.
    expect(actions).toEqual(['redshift:DescribeClusters 200', 'redshift:DescribeClusters 200']);
    // The firewall verdict is worked out before the rules run, as the engine does (src/engine/judge.ts).
    expect(
      linkReachability(inventory).resources.find((resource) => resource.ref.id === 'analytics-open'),
    ).toMatchObject({
      kind: 'database',
      ref: { provider: 'aws', type: 'redshift:cluster', region: 'eu-west-1' },
      engine: 'redshift',
      publiclyAccessible: true,
      publicEndpoints: [{ host: REDSHIFT_OPEN_HOST, port: 5439 }],
      securityGroups: ['sg-0warehouse'],
      firewall: { state: 'open', port: 5439, group: 'sg-0warehouse', source: '0.0.0.0/0' },
    });
    const findings = judge(inventory);
    expect(
      findings.map(({ resource, severity, confidence }) => `${resource} ${severity} ${confidence}`).sort(),
    ).toEqual(['analytics-office low firm', 'analytics-open high firm']);
    expect(findings.find((finding) => finding.resource === 'analytics-open')!.draft.impliedEndpoints).toEqual([
      { host: REDSHIFT_OPEN_HOST, port: 5439, products: ['postgresql'] },
    ]);
    // The private cluster (trap) gives nothing, though its group is open.
    expect(findings.filter((finding) => finding.resource === 'analytics-private')).toEqual([]);
  });

  it('a denied DescribeClusters is a gap naming the permission, never a pass', async () => {
    const { inventory } = await collect({ deny: [{ action: 'redshift:DescribeClusters' }] });
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.region}`)).toEqual([
      'redshift:DescribeClusters denied eu-west-1',
    ]);
    expect(judge(inventory)).toEqual([]);
    expect(inventory.resources.some((resource) => resource.ref.type === 'redshift:cluster')).toBe(false);
  });
});
