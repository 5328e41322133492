// Amazon MSK clusters read end to end from the AWS emulator (restJson ListClustersV2 and
// GetBootstrapBrokers, SigV4 verified for the `kafka` signing name, pages of two) and judged by
// aws-msk-cluster-public. Three states: open (public access on, a broker group admits everyone on
// the IAM port 9198 though not on the SASL/SCRAM port listed first), closed (public access on
// behind an office-only group: latent, low; public access off behind an open group: nothing), and
// a denied read (a coverage gap naming the cluster, never a pass). The emulator serves the MSK API
// reference's shapes, not recorded traffic. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.js';
import type { AwsAccount, CollectOptions } from '../../../src/cloud/accounts.js';
import { brokerEndpoints } from '../../../src/cloud/aws/msk-access.js';
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
  MSK_OFFICE_HOSTS,
  MSK_OPEN_HOSTS,
} from '../../fixtures/cloud/aws/front-doors.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const options: CollectOptions = { timeoutMs: 5000, concurrency: 2, credentials: FRONT_DOORS_KEY };
const arn = (name: string, uuid: string) => `arn:aws:kafka:eu-west-1:777788889999:cluster/${name}/${uuid}`;
const OPEN = arn('events-public', '0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7-3');
const OFFICE = arn('events-office', '1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809-2');
const PRIVATE = arn('events-private', '2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a-1');

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
        .filter((request) => request.service === 'kafka')
        .map((request) => `${request.action} ${request.status}${request.resource ? ` ${request.resource}` : ''}`),
    };
  } finally {
    await emulator.close();
  }
}

const judge = (inventory: Inventory) =>
  judgeInventory(inventory, RULES.filter(isResourceRule), { now: new Date('2026-11-25T00:00:00Z') })
    .filter(({ rule }) => rule.meta.id === 'aws-msk-cluster-public')
    .map(({ rule, resource, draft }) => ({
      resource: resource.ref.name,
      severity: draft.severity ?? rule.meta.severity,
      confidence: draft.confidence,
      draft,
    }));

describe('Amazon MSK clusters', () => {
  it('lists every page, reads the public clusters’ bootstrap brokers, and judges every public port', async () => {
    const { inventory, actions } = await collect();
    // Four clusters, pages of two; bootstrap brokers only for the two with public access.
    expect(actions.slice(0, 2)).toEqual(['kafka:ListClustersV2 200', 'kafka:ListClustersV2 200']);
    expect(actions.slice(2).sort()).toEqual(
      [`kafka:GetBootstrapBrokers 200 ${OPEN}`, `kafka:GetBootstrapBrokers 200 ${OFFICE}`].sort(),
    );
    const clusters = inventory.resources.filter((resource) => resource.ref.type === 'kafka:cluster');
    // The serverless cluster has no public access to judge and is not in the inventory.
    expect(clusters.map((cluster) => cluster.ref.name).sort()).toEqual([
      'events-office',
      'events-private',
      'events-public',
    ]);
    expect(clusters.find((cluster) => cluster.ref.id === OPEN)).toMatchObject({
      kind: 'database',
      engine: 'kafka',
      version: '3.6.0',
      publiclyAccessible: true,
      securityGroups: ['sg-0kafka'],
      publicEndpoints: [
        ...MSK_OPEN_HOSTS.map((host) => ({ host, port: 9196 })),
        ...MSK_OPEN_HOSTS.map((host) => ({ host, port: 9198 })),
      ],
    });
    expect(clusters.find((cluster) => cluster.ref.id === PRIVATE)).toMatchObject({
      publiclyAccessible: false,
      publicEndpoints: [],
    });
    // The SASL/SCRAM port listed first is closed; the IAM port is open: the cluster is open.
    const linked = linkReachability(inventory).resources;
    expect(linked.find((resource) => resource.ref.id === OPEN)).toMatchObject({
      firewall: { state: 'open', port: 9198, group: 'sg-0kafka', source: '0.0.0.0/0' },
    });
    expect(linked.find((resource) => resource.ref.id === OFFICE)).toMatchObject({
      firewall: { state: 'closed', port: 9194, groups: ['sg-0lboffice'] },
    });
    const findings = judge(inventory);
    expect(
      findings.map(({ resource, severity, confidence }) => `${resource} ${severity} ${confidence}`).sort(),
    ).toEqual(['events-office low firm', 'events-public high firm']);
    expect(findings.find((finding) => finding.resource === 'events-public')!.draft.impliedEndpoints).toEqual([
      ...MSK_OPEN_HOSTS.map((host) => ({ host, port: 9196, products: ['kafka'], tls: true })),
      ...MSK_OPEN_HOSTS.map((host) => ({ host, port: 9198, products: ['kafka'], tls: true })),
    ]);
    expect(findings.find((finding) => finding.resource === 'events-office')!.draft.impliedEndpoints).toEqual(
      MSK_OFFICE_HOSTS.map((host) => ({ host, port: 9194, products: ['kafka'], tls: true })),
    );
  });

  it('a denied GetBootstrapBrokers is a gap naming the cluster, never a pass', async () => {
    const { inventory } = await collect({ deny: [{ action: 'kafka:GetBootstrapBrokers', resource: OPEN }] });
    expect(inventory.gaps.map((gap) => `${gap.call} ${gap.reason} ${gap.resource ?? ''}`)).toEqual([
      'kafka:GetBootstrapBrokers denied events-public',
    ]);
    expect(judge(inventory).map((finding) => finding.resource)).toEqual(['events-office']);
  });

  it('a denied ListClustersV2 is a gap for the region: no cluster, no pass', async () => {
    const { inventory, actions } = await collect({ deny: [{ action: 'kafka:ListClustersV2' }] });
    expect(actions).toEqual(['kafka:ListClustersV2 403']);
    expect(inventory.gaps.map((gap) => `${gap.region} ${gap.call} ${gap.reason}`)).toEqual([
      'eu-west-1 kafka:ListClustersV2 denied',
    ]);
    expect(inventory.resources.filter((resource) => resource.ref.type === 'kafka:cluster')).toEqual([]);
  });
});

describe('bootstrap broker strings', () => {
  it('host:port pairs, lowercased, nothing made of a malformed entry', () => {
    expect(
      brokerEndpoints('B-1-public.x.kafka.eu-west-1.amazonaws.com:9196, b-2-public.x:9196,,nohost,b-3:0,b-4:70000'),
    ).toEqual([
      { host: 'b-1-public.x.kafka.eu-west-1.amazonaws.com', port: 9196 },
      { host: 'b-2-public.x', port: 9196 },
    ]);
    expect(brokerEndpoints(undefined)).toEqual([]);
  });
});
