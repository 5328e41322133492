// AWS Organizations and the STS AssumeRole call for the AWS emulator (./aws.ts).
//   organizations  awsJson1_1  POST / with X-Amz-Target AWSOrganizationsV20161128.ListAccounts, JSON
//                  body {NextToken?}; answers {Accounts: [{Id, Arn, Email, Name, Status, State,
//                  JoinedMethod, JoinedTimestamp}], NextToken} (API reference "ListAccounts";
//                  State is the newer field, Status the older one, both sent). Only the management
//                  account may call it; any other caller gets AccessDeniedException.
//   sts            awsQuery    Action=AssumeRole&RoleArn&RoleSessionName[&ExternalId]: issues
//                  temporary credentials (ASIA… key, secret, session token) for the member when the
//                  role exists, its trust policy names the caller's account and, when the policy has
//                  an sts:ExternalId condition, the same external id was sent. Otherwise AccessDenied,
//                  as AWS answers both a missing role and a refused trust ("User: … is not authorized
//                  to perform: sts:AssumeRole on resource: …").
import { randomBytes } from 'node:crypto';
import type { EmulatedAccount, IssuedCredentials } from './aws-model.js';
import { jsonReply, page, queryReply, ServiceError, type Operation } from './aws-wire.js';
import { el, leaf } from './aws-xml.js';

export interface OrganizationContext {
  readonly accounts: ReadonlyMap<string, EmulatedAccount>;
  readonly managementAccountId?: string;
  readonly pageSize: number;
  /** Registers credentials the emulator will then accept for the member. */
  issue(credentials: IssuedCredentials, account: EmulatedAccount): void;
}

const STATUS_OF_STATE: Readonly<Record<string, string>> = {
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  PENDING_CLOSURE: 'PENDING_CLOSURE',
  CLOSED: 'SUSPENDED',
};

export function organizationsOperation(
  method: string,
  path: string,
  target: string | undefined,
  body: Buffer,
  context: OrganizationContext,
): Operation | undefined {
  if (method !== 'POST' || path !== '/' || target !== 'AWSOrganizationsV20161128.ListAccounts') return undefined;
  return {
    action: 'organizations:ListAccounts',
    run: (caller) => {
      const management = context.managementAccountId;
      if (!management || caller!.account.accountId !== management) {
        throw new ServiceError(
          400,
          'AccessDeniedException',
          'You don\u2019t have permissions to access this resource.',
        );
      }
      let token: string | undefined;
      try {
        token = (JSON.parse(body.toString('utf8') || '{}') as { NextToken?: string }).NextToken;
      } catch {
        throw new ServiceError(400, 'SerializationException', 'Malformed JSON body');
      }
      const accounts = [...context.accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
      const { items, next } = page(accounts, token, context.pageSize, 'ListAccounts');
      return jsonReply({
        Accounts: items.map((account) => ({
          Id: account.accountId,
          Arn: `arn:aws:organizations::${management}:account/o-emulated01/${account.accountId}`,
          Email: `aws+${account.accountId}@example.com`,
          Name: account.name ?? account.accountId,
          Status: STATUS_OF_STATE[account.state ?? 'ACTIVE'],
          State: account.state ?? 'ACTIVE',
          JoinedMethod: account.accountId === management ? 'CREATED' : 'INVITED',
          JoinedTimestamp: 1_714_550_400,
        })),
        ...(next ? { NextToken: next } : {}),
      });
    },
  };
}

export function assumeRoleOperation(params: URLSearchParams, context: OrganizationContext): Operation {
  const roleArn = params.get('RoleArn') ?? '';
  return {
    action: 'sts:AssumeRole',
    resource: roleArn,
    run: (caller) => {
      const sessionName = params.get('RoleSessionName') ?? '';
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
        throw new ServiceError(
          400,
          'ValidationError',
          `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
        );
      const refused = new ServiceError(
        403,
        'AccessDenied',
        `User: arn:aws:iam::${caller!.account.accountId}:user/${caller!.account.userName} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/([\w+=,.@-]+)$/.exec(roleArn);
      if (!match) throw new ServiceError(400, 'ValidationError', `${roleArn} is invalid`);
      const member = context.accounts.get(match[1]!);
      const role = member?.roles?.find((candidate) => candidate.name === match[2]);
      if (!member || !role || role.trustedAccount !== caller!.account.accountId) throw refused;
      const externalId = params.get('ExternalId') ?? undefined;
      if (role.externalId !== undefined && role.externalId !== externalId) throw refused;
      const credentials: IssuedCredentials = {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(60).toString('base64')}`,
        accountId: member.accountId,
        roleArn,
        roleSessionName: sessionName,
        ...(externalId ? { externalId } : {}),
      };
      context.issue(credentials, member);
      return queryReply(
        'sts',
        'AssumeRole',
        [
          el(
            'AssumedRoleUser',
            leaf('Arn', `arn:aws:sts::${member.accountId}:assumed-role/${role.name}/${sessionName}`),
            leaf('AssumedRoleId', `AROAEMULATED0000000001:${sessionName}`),
          ),
          el(
            'Credentials',
            leaf('AccessKeyId', credentials.accessKeyId),
            leaf('SecretAccessKey', credentials.secretAccessKey),
            leaf('SessionToken', credentials.sessionToken),
            leaf('Expiration', new Date(Date.now() + 3600_000).toISOString()),
          ),
          leaf('PackedPolicySize', 0),
        ].join(''),
      );
    },
  };
}
