// Organisations end to end through the collectors: an AWS Organization of 24 members and an
// Alibaba Cloud Resource Directory of 14, each served by its local emulator (test/emulators/aws.ts,
// alibaba.ts), which verifies every signature as the service does, including those made with the
// temporary credentials AssumeRole issued (session token included). Nothing leaves loopback: a
// socket fence fails the test on any other connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlibabaAccount, AwsAccount, CollectOptions } from '../../src/cloud/accounts.js';
import { collectInventory } from '../../src/cloud/collect.js';
import type { Inventory } from '../../src/cloud/inventory.js';
import { selectMembers } from '../../src/cloud/members.js';
import { UsageError } from '../../src/errors.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../emulators/aws-network-guard.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws.js';
import {
  AUDIT_ROLE,
  directoryManagement,
  directoryMembers,
  DIRECTORY_KEY,
  JOINING_MEMBER,
  MANAGEMENT_ID,
  NO_ROLE_MEMBER,
  OTHER_TRUST_MEMBER,
  SHANGHAI_MEMBER,
  TEAM_MEMBERS,
} from '../fixtures/cloud/alibaba/directory.js';
import {
  EXTERNAL_ID,
  NO_ROLE_ACCOUNT,
  ORG_MANAGEMENT_ID,
  ORG_MANAGEMENT_KEY,
  ORG_ROLE,
  organizationAccounts,
  SUSPENDED_ACCOUNT,
  TEAM_ACCOUNTS,
  WRONG_EXTERNAL_ID_ACCOUNT,
} from '../fixtures/cloud/aws/organization.js';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

let guard: NetworkGuard;
beforeAll(() => {
  guard = installLoopbackOnlyGuard();
});
afterAll(() => {
  guard.uninstall();
  expect(guard.refused).toEqual([]);
});

const options = (credentials: CollectOptions['credentials']): CollectOptions => ({
  timeoutMs: 5000,
  concurrency: 2,
  accountConcurrency: 3,
  credentials,
});

describe('selectMembers', () => {
  const members = [
    { id: '3', name: 'c' },
    { id: '1', name: 'a' },
    { id: '2', name: 'b' },
    { id: '1', name: 'a' },
  ];
  it('keeps every member by default, once each, ordered by id', () => {
    expect(selectMembers(members, {}).selected.map((member) => member.id)).toEqual(['1', '2', '3']);
  });
  it('narrows by include and exclude, by id or by name, and names include entries that match no member', () => {
    expect(selectMembers(members, { include: ['a', '3', 'zz'], exclude: ['c'] })).toEqual({
      selected: [{ id: '1', name: 'a' }],
      unmatched: ['zz'],
    });
  });
});

describe('AWS Organization', () => {
  let emulator: AwsEmulator;
  let inventory: Inventory;
  const account = (): AwsAccount => ({
    name: 'org',
    regions: ['eu-west-1'],
    endpoints: emulator.endpoints,
    organization: { roleName: ORG_ROLE, externalId: EXTERNAL_ID },
  });

  beforeAll(async () => {
    emulator = await startAwsEmulator({
      accounts: organizationAccounts(),
      organization: { managementAccountId: ORG_MANAGEMENT_ID },
    });
    inventory = await collectInventory({ aws: [account()], alibaba: [] }, options(ORG_MANAGEMENT_KEY));
  }, 60_000);
  afterAll(() => emulator?.close());

  it('reads every active member through its role, each resource naming its account', () => {
    const databases = inventory.resources.filter((resource) => resource.kind === 'database');
    expect(new Set(databases.map((resource) => resource.ref.account))).toEqual(new Set(TEAM_ACCOUNTS));
    for (const [index, id] of TEAM_ACCOUNTS.entries()) {
      const n = index + 1;
      expect(
        databases
          .filter((resource) => resource.ref.account === id)
          .map((resource) => resource.ref.id)
          .sort(),
      ).toEqual([`ledger-${n}`, `orders-${n}`]);
      expect(databases.find((resource) => resource.ref.account === id)?.ref.accountName).toBe(
        `team-${String(n).padStart(2, '0')}`,
      );
    }
  });

  it('names the two members whose role cannot be assumed as coverage gaps, and nothing else', () => {
    expect(inventory.gaps).toEqual([
      expect.objectContaining({
        provider: 'aws',
        account: NO_ROLE_ACCOUNT,
        accountName: 'no-role',
        call: 'sts:AssumeRole',
        reason: 'denied',
        message: expect.stringContaining(`role/${ORG_ROLE}`),
      }),
      expect.objectContaining({
        provider: 'aws',
        account: WRONG_EXTERNAL_ID_ACCOUNT,
        accountName: 'wrong-external-id',
        call: 'sts:AssumeRole',
        reason: 'denied',
      }),
    ]);
  });

  it('assumes roles as exposcan, with the external id, and reads neither the suspended member nor any member with the management keys', () => {
    const assumed = emulator.issued;
    expect(assumed.length).toBe(TEAM_ACCOUNTS.length);
    for (const credentials of assumed)
      expect(credentials).toMatchObject({ roleSessionName: 'exposcan', externalId: EXTERNAL_ID });
    expect(emulator.requests.some((request) => request.resource?.includes(SUSPENDED_ACCOUNT))).toBe(false);
    // Member reads were signed with the temporary keys (and their session token), verified by the
    // emulator; the management account is read too, with its own keys.
    expect(
      emulator.requests.filter((request) => request.action === 'rds:DescribeDBInstances' && request.status === 200)
        .length,
    ).toBe(TEAM_ACCOUNTS.length + 1);
    expect(
      emulator.requests.filter(
        (request) =>
          request.status >= 400 && !['sts:AssumeRole', 's3:GetAccountPublicAccessBlock'].includes(request.action),
      ),
    ).toEqual([]);
    expect(
      emulator.requests.filter((request) => request.action === 'organizations:ListAccounts').length,
    ).toBeGreaterThan(1); // paginated
  });

  it('keeps the temporary credentials out of the inventory', () => {
    const text = JSON.stringify(inventory);
    for (const credentials of emulator.issued) {
      expect(text).not.toContain(credentials.secretAccessKey);
      expect(text).not.toContain(credentials.sessionToken);
      expect(text).not.toContain(credentials.accessKeyId);
    }
  });

  it('refuses an organisation whose organizations endpoint is not overridden while the others are', async () => {
    const { organizations: _organizations, ...endpoints } = emulator.endpoints;
    await expect(
      collectInventory({ aws: [{ ...account(), endpoints }], alibaba: [] }, options(ORG_MANAGEMENT_KEY)),
    ).rejects.toThrow(UsageError);
  });
});

describe('Alibaba Cloud Resource Directory', () => {
  let emulator: AlibabaEmulator;
  let inventory: Inventory;
  const account = (): AlibabaAccount => ({
    name: 'directory',
    regions: ['cn-shanghai'],
    endpoints: emulator.endpoints,
    resourceDirectory: { roleName: AUDIT_ROLE },
  });

  beforeAll(async () => {
    emulator = await startAlibabaEmulator({
      account: directoryManagement(),
      keys: { [DIRECTORY_KEY.id]: DIRECTORY_KEY.secret },
      members: directoryMembers(),
      listAccountsPageSize: 5,
    });
    inventory = await collectInventory(
      { alibaba: [account()], aws: [] },
      options({ accessKeyId: DIRECTORY_KEY.id, secretAccessKey: DIRECTORY_KEY.secret }),
    );
  }, 60_000);
  afterAll(() => emulator?.close());

  it('reads every member that finished joining through its RAM role, each resource naming its account', () => {
    const accounts = new Set(inventory.resources.map((resource) => resource.ref.account));
    expect(accounts).toEqual(new Set([SHANGHAI_MEMBER, ...TEAM_MEMBERS]));
    for (const [index, id] of TEAM_MEMBERS.entries()) {
      const n = index + 2;
      expect(
        inventory.resources
          .filter((resource) => resource.ref.account === id)
          .map((resource) => resource.ref.id)
          .sort(),
      ).toEqual([`pgm-${n}open`, `rm-${n}private`]);
    }
    // The 2022 case, in its member.
    const shanghai = inventory.resources.find((resource) => resource.ref.id === 'es-cn-2022open');
    expect(shanghai?.ref).toMatchObject({ account: SHANGHAI_MEMBER, accountName: 'shanghai-police' });
    expect(accounts.has(JOINING_MEMBER)).toBe(false);
    expect(accounts.has(MANAGEMENT_ID)).toBe(false); // read, but it holds nothing
  });

  it('names the member without the role and the member whose trust policy refuses as coverage gaps', () => {
    const roleGaps = inventory.gaps.filter((entry) => entry.call === 'sts:AssumeRole');
    expect(roleGaps).toEqual([
      expect.objectContaining({
        provider: 'alibaba',
        account: NO_ROLE_MEMBER,
        accountName: 'no-role',
        reason: 'error',
        message: expect.stringContaining('EntityNotExist.Role'),
      }),
      expect.objectContaining({
        provider: 'alibaba',
        account: OTHER_TRUST_MEMBER,
        accountName: 'other-trust',
        reason: 'denied',
        message: expect.stringContaining('NoPermission'),
      }),
    ]);
    expect(
      inventory.gaps.filter((entry) => entry.call !== 'sts:AssumeRole').map((entry) => entry.account),
    ).not.toContain(NO_ROLE_MEMBER);
  });

  it('assumes roles as exposcan on acs:ram::<uid>:role/<name>, pages through ListAccounts, and keeps the temporary credentials out', () => {
    const assumes = emulator.requests.filter((request) => request.product === 'sts' && request.action === 'AssumeRole');
    expect(assumes.map((request) => request.subject.RoleArn).sort()).toEqual(
      [SHANGHAI_MEMBER, ...TEAM_MEMBERS, NO_ROLE_MEMBER, OTHER_TRUST_MEMBER]
        .map((id) => `acs:ram::${id}:role/${AUDIT_ROLE}`)
        .sort(),
    );
    for (const request of assumes) expect(request.subject.RoleSessionName).toBe('exposcan');
    expect(emulator.requests.filter((request) => request.action === 'ListAccounts').length).toBe(3);
    const text = JSON.stringify(inventory);
    expect(emulator.issued.length).toBe(11);
    for (const key of emulator.issued) {
      expect(text).not.toContain(key.accessKeySecret);
      expect(text).not.toContain(key.securityToken);
      expect(text).not.toContain(key.accessKeyId);
    }
    // Every member read was answered: the emulator checked each temporary key's SecurityToken.
    expect(emulator.requests.filter((request) => request.code?.startsWith('InvalidSecurityToken'))).toEqual([]);
  });
});
