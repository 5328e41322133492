// The IAM and RAM policies in docs/policies/ (shown in docs/permissions.md) are exactly what the
// collectors use: every collector is run against the emulators with accounts that exercise every
// read (regions discovered, prefix lists, load balancers, zones, clusters, buckets), the actions
// the emulators saw signed requests for are collected, and they must equal the policies' actions,
// no more and no fewer. Every action is a read: Describe*, List* or Get*. GetCallerIdentity needs
// no permission on either cloud and is left out; the unsigned S3 listing needs none either.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAlibaba } from '../../src/cloud/alibaba/collect.js';
import { collectAws } from '../../src/cloud/aws/collect.js';
import { ramAction, type AlibabaProduct } from '../../src/cloud/alibaba/endpoints.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws.js';
import { PRODUCTION, PRODUCTION_KEY } from '../fixtures/cloud/aws/accounts.js';
import { frontDoorAccount, FRONT_DOORS_KEY } from '../fixtures/cloud/aws/front-doors.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../emulators/aws-network-guard.js';
import type { AlibabaEmulator } from '../emulators/alibaba.js';
import { startAlibabaEmulator } from '../emulators/alibaba.js';
import { frontDoorAlibabaAccount, FRONT_DOOR_KEY, HANGZHOU } from '../fixtures/cloud/alibaba/front-doors.js';
import { accountFor, options as alibabaOptions, startEmulator } from './alibaba/helpers.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const docs = (path: string) => readFileSync(new URL(`../../docs/${path}`, import.meta.url), 'utf8');
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly {
    readonly Effect: string;
    readonly Action: readonly string[];
    readonly Resource: string;
  }[];
}

function actionsOf(file: string): string[] {
  const policy = JSON.parse(docs(file)) as PolicyDocument;
  expect(policy.Statement.every((statement) => statement.Effect === 'Allow' && statement.Resource === '*')).toBe(true);
  return policy.Statement.flatMap((statement) => statement.Action);
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

describe('the AWS IAM policy exposcan needs', () => {
  let emulator: AwsEmulator;
  let used: string[];
  beforeAll(async () => {
    emulator = await startAwsEmulator({ accounts: [PRODUCTION, frontDoorAccount()] });
    const base = { timeoutMs: 5000, concurrency: 2 };
    // No regions configured: DescribeRegions is used too.
    await collectAws(
      { name: 'production', regions: [], endpoints: emulator.endpoints },
      { ...base, credentials: PRODUCTION_KEY },
    );
    await collectAws(
      { name: 'frontdoor', regions: ['eu-west-1'], endpoints: emulator.endpoints },
      { ...base, credentials: FRONT_DOORS_KEY },
    );
    used = sorted(
      emulator.requests
        .filter((request) => !request.anonymous)
        .map((request) => request.action)
        .filter((action) => !NO_PERMISSION.has(action)),
    );
  }, 60_000);
  afterAll(() => emulator.close());

  it('lists exactly the actions the collectors call', () => {
    expect(sorted(actionsOf('policies/aws-iam-policy.json'))).toEqual(used);
  });

  it('only reads', () => {
    for (const action of actionsOf('policies/aws-iam-policy.json'))
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+(V\d+)?$/);
  });
});

describe('the Alibaba Cloud RAM policy exposcan needs', () => {
  let emulator: AlibabaEmulator;
  let frontDoors: AlibabaEmulator;
  let used: string[];
  beforeAll(async () => {
    emulator = await startEmulator();
    // No regions configured: DescribeRegions is used too.
    await collectAlibaba(accountFor(emulator, []), alibabaOptions());
    // The front doors (CLB, ALB, DNS, ACK) with every detail read: listeners, vServer groups, ACLs, server groups, records.
    frontDoors = await startAlibabaEmulator({
      account: frontDoorAlibabaAccount(),
      keys: { [FRONT_DOOR_KEY.accessKeyId]: FRONT_DOOR_KEY.secretAccessKey },
    });
    await collectAlibaba(
      { name: 'frontdoor', regions: [HANGZHOU], endpoints: { ...frontDoors.endpoints } },
      alibabaOptions({
        credentials: { accessKeyId: FRONT_DOOR_KEY.accessKeyId, secretAccessKey: FRONT_DOOR_KEY.secretAccessKey },
      }),
    );
    used = sorted(
      [...emulator.requests, ...frontDoors.requests]
        // The RAM action, as the policy names it (amqp-open ListInstances is amqp:ListInstance).
        .map((request) => ramAction(request.product as AlibabaProduct, request.action))
        .filter((action) => !NO_PERMISSION.has(action)),
    );
  }, 60_000);
  afterAll(async () => {
    await emulator.close();
    await frontDoors.close();
  });

  it('lists exactly the actions the collectors call', () => {
    expect(sorted(actionsOf('policies/alibaba-ram-policy.json'))).toEqual(used);
  });

  it('only reads', () => {
    for (const action of actionsOf('policies/alibaba-ram-policy.json'))
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+(V\d+)?$/);
  });
});

describe('docs/permissions.md', () => {
  it('shows both policies as they are in docs/policies/', () => {
    const page = docs('permissions.md');
    const blocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as unknown);
    expect(blocks).toEqual([
      JSON.parse(docs('policies/aws-iam-policy.json')),
      JSON.parse(docs('policies/alibaba-ram-policy.json')),
    ]);
  });
});
