// The Resource Directory part of the Alibaba emulator (./alibaba.ts): Resource Manager ListAccounts
// (2020-03-31) for the management account, and STS AssumeRole (2015-04-01) into a member's RAM
// role. Shapes follow the API reference ("ListAccounts", "AssumeRole": Accounts.Account[] with
// AccountId, DisplayName, Status, Type, FolderId, JoinMethod; Credentials with AccessKeyId,
// AccessKeySecret, SecurityToken, Expiration; AssumedRoleUser) and aliyun/alibaba-cloud-sdk-go
// services/resourcemanager/struct_account.go, services/sts/assume_role.go. Errors: a role that does
// not exist answers EntityNotExist.Role (404); a role whose trust policy does not name the caller's
// account answers NoPermission (403), as the STS error table lists them.
import { randomBytes } from 'node:crypto';
import type { EmulatedAccount } from './alibaba-products.js';
import { ApiError, type Json } from './alibaba-answer.js';

interface EmulatedRole {
  /** RAM role name, matched case-insensitively as RAM does. */
  readonly name: string;
  /** The account id the trust policy lets assume the role (the management account, normally). */
  readonly trusts: string;
}

export interface EmulatedMember {
  readonly account: EmulatedAccount;
  readonly displayName: string;
  /** ListAccounts Status; CreateSuccess by default. */
  readonly status?: string;
  readonly roles: readonly EmulatedRole[];
}

export interface IssuedKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  /** The member the credentials act in. */
  readonly accountId: string;
  readonly roleSessionName: string;
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (!value)
    throw new ApiError(
      400,
      `MissingParameter.${name}`,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  return value;
}

/** ListAccounts for the management account; any other caller has no directory to list. */
export function listAccounts(
  caller: EmulatedAccount,
  management: EmulatedAccount,
  members: readonly EmulatedMember[],
  action: string,
  params: Readonly<Record<string, string>>,
  maxPageSize = 100,
): Json {
  if (action !== 'ListAccounts')
    throw new ApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  if (caller !== management || members.length === 0)
    throw new ApiError(
      404,
      'EntityNotExists.ResourceDirectory',
      'The resource directory does not exist. Enable it first.',
    );
  const pageSize = Math.min(Number(params.PageSize ?? '10'), maxPageSize);
  const pageNumber = Number(params.PageNumber ?? '1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100 || !Number.isInteger(pageNumber) || pageNumber < 1)
    throw new ApiError(400, 'InvalidParameter', 'The specified parameter PageSize or PageNumber is not valid.');
  const all: Json[] = [
    {
      AccountId: management.accountId,
      DisplayName: 'management',
      Status: 'CreateSuccess',
      Type: 'CloudAccount',
      FolderId: 'fd-root',
      JoinMethod: 'created',
      JoinTime: '2024-01-01T00:00:00Z',
    },
    ...members.map((member) => ({
      AccountId: member.account.accountId,
      DisplayName: member.displayName,
      Status: member.status ?? 'CreateSuccess',
      Type: 'ResourceAccount',
      FolderId: 'fd-members',
      JoinMethod: 'created',
      JoinTime: '2024-05-01T08:00:00Z',
      ResourceDirectoryId: 'rd-emulated',
    })),
  ];
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: all.length, Accounts: { Account: page } };
}

/** AssumeRole: credentials for the member's role when it exists and trusts the caller. */
export function assumeRole(
  caller: EmulatedAccount,
  members: readonly EmulatedMember[],
  params: Readonly<Record<string, string>>,
): { answer: Json; key: IssuedKey; account: EmulatedAccount } {
  const arn = required(params, 'RoleArn');
  const sessionName = required(params, 'RoleSessionName');
  if (!/^[\w.@-]{2,64}$/.test(sessionName))
    throw new ApiError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
  const match = /^acs:ram::(\d+):role\/(.+)$/.exec(arn);
  if (!match) throw new ApiError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
  const member = members.find((candidate) => candidate.account.accountId === match[1]);
  const role = member?.roles.find((candidate) => candidate.name.toLowerCase() === match[2]!.toLowerCase());
  if (!member || !role) throw new ApiError(404, 'EntityNotExist.Role', 'The specified Role not exists .');
  if (role.trusts !== caller.accountId)
    throw new ApiError(
      403,
      'NoPermission',
      'You are not authorized to do this action. You should be authorized by RAM.',
    );
  const key: IssuedKey = {
    accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
    accessKeySecret: randomBytes(24).toString('base64'),
    securityToken: `CAIS${randomBytes(48).toString('base64')}`,
    accountId: member.account.accountId,
    roleSessionName: sessionName,
  };
  return {
    key,
    account: member.account,
    answer: {
      Credentials: {
        AccessKeyId: key.accessKeyId,
        AccessKeySecret: key.accessKeySecret,
        SecurityToken: key.securityToken,
        Expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      AssumedRoleUser: {
        Arn: `acs:ram::${member.account.accountId}:role/${role.name.toLowerCase()}/${sessionName}`,
        AssumedRoleId: `34458433936495****:${sessionName}`,
      },
    },
  };
}
