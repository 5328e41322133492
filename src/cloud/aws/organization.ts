// Every member account of an AWS Organization, read from its management (or delegated
// administrator) account: organizations:ListAccounts (every page, ACTIVE accounts only), then
// sts:AssumeRole into `roleName` in each member, with the session name "exposcan" and the external
// id when one is configured, and the member read with those temporary credentials like any
// account. The management account itself is read with the credentials given (its own
// OrganizationAccountAccessRole does not exist). A member whose role cannot be assumed is a
// coverage gap naming the account and AWS's reason: never a pass. The temporary credentials live
// only in memory for that member's read and are scrubbed from every message it produced.
import { ListAccountsCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { UsageError } from '../../errors.js';
import type { AwsAccount, AwsOrganization, CollectOptions } from '../accounts.js';
import type { Inventory } from '../inventory.js';
import {
  ACCOUNT_CONCURRENCY,
  asMember,
  memberGap,
  readMembers,
  selectMembers,
  SESSION_NAME,
  type Member,
} from '../members.js';
import { collectAws } from './collect.js';
import { classifyAwsError } from './errors.js';
import { AwsSession, GLOBAL, readAll } from './session.js';
import { readAccountId } from './sts.js';

/** A member as ListAccounts lists it, with the partition its ARN names (aws, aws-cn, aws-us-gov). */
interface OrgMember extends Member {
  readonly partition: string;
}

/** ACTIVE in the newer `State` field, or in `Status` for answers that carry only that. */
function isActive(account: Pick<Account, 'State' | 'Status'>): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

function toMember(account: Account): OrgMember | undefined {
  if (!account.Id || !isActive(account)) return undefined;
  const partition = account.Arn?.split(':')[1] || 'aws';
  return { id: account.Id, ...(account.Name ? { name: account.Name } : {}), partition };
}

function roleArn(member: OrgMember, roleName: string): string {
  return `arn:${member.partition}:iam::${member.id}:role/${roleName}`;
}

/** The account as each member is read: its own name, the same regions and endpoints, no organisation. */
function memberAccount(account: AwsAccount, member: Member): AwsAccount {
  const { organizations: _organizations, ...endpoints } = account.endpoints;
  return {
    name: member.name ?? member.id,
    regions: account.regions,
    endpoints,
    ...(account.profile ? { profile: account.profile } : {}),
    ...(account.probeNames !== undefined ? { probeNames: account.probeNames } : {}),
  };
}

export async function collectAwsOrganization(
  account: AwsAccount,
  organization: AwsOrganization,
  options: CollectOptions,
): Promise<Inventory> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  options.signal?.throwIfAborted();
  const session = new AwsSession(account, options);
  const organizationsEndpoint = account.endpoints.organizations;
  if (session.overridden !== Boolean(organizationsEndpoint)) {
    throw new UsageError(
      `AWS account "${account.name}": with organization, set an endpoint override for organizations and every other service, or for none, so that no request falls back to a real AWS endpoint.`,
    );
  }
  const base = session.baseConfig(session.homeRegion);
  const sts = new STSClient({ ...base, ...(session.endpoints.sts ? { endpoint: session.endpoints.sts.href } : {}) });
  const organizations = new OrganizationsClient({
    ...base,
    ...(organizationsEndpoint ? { endpoint: organizationsEndpoint } : {}),
  });
  try {
    const identity = await readAccountId(session);
    if (!identity.ok && identity.gap.reason === 'credentials') return { resources: [], gaps: [...session.gaps] };

    const listed = await readAll(
      session,
      'organizations:ListAccounts',
      GLOBAL,
      (token, abortSignal) =>
        organizations.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }), { abortSignal }),
      (page) => page.Accounts,
      (page) => page.NextToken,
    );
    // Members could not be listed: the gap says so, and the account given is still read on its own.
    if (!listed) {
      const own = await collectAws(memberAccount(account, { id: session.accountLabel, name: account.name }), options);
      return { resources: own.resources, gaps: [...session.gaps, ...own.gaps] };
    }

    const active = listed.map(toMember).filter((member): member is OrgMember => member !== undefined);
    const { selected, unmatched } = selectMembers(active, organization);
    const gaps = [...session.gaps];
    for (const entry of unmatched)
      gaps.push(
        memberGap(
          'aws',
          { id: entry },
          'organizations:ListAccounts',
          'unavailable',
          `"${entry}" is in organization.include but is no active member of the organization: nothing was read for it`,
        ),
      );

    const members = await readMembers(selected, options.accountConcurrency ?? ACCOUNT_CONCURRENCY, async (member) => {
      const orgMember = member as OrgMember;
      // The management account: its own credentials, no role.
      if (member.id === session.accountId)
        return asMember(await collectAws(memberAccount(account, member), options), member, []);
      options.signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(options.timeoutMs);
      let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
      try {
        const answer = await sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn(orgMember, organization.roleName),
            RoleSessionName: SESSION_NAME,
            ...(organization.externalId ? { ExternalId: organization.externalId } : {}),
          }),
          { abortSignal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout },
        );
        const { AccessKeyId, SecretAccessKey, SessionToken } = answer.Credentials ?? {};
        if (!AccessKeyId || !SecretAccessKey || !SessionToken)
          throw Object.assign(new Error('AssumeRole answered without credentials'), { name: 'MissingCredentials' });
        credentials = { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
      } catch (error) {
        options.signal?.throwIfAborted();
        // The management account's keys were accepted: a refusal here is about the role, not them.
        const { reason, message } = classifyAwsError(error, {
          call: 'sts:AssumeRole',
          timedOut: timeout.aborted,
          timeoutMs: options.timeoutMs,
          credentialsVerified: true,
        });
        return {
          resources: [],
          gaps: [
            memberGap(
              'aws',
              member,
              'sts:AssumeRole',
              reason === 'credentials' ? 'denied' : reason,
              `role ${organization.roleName} could not be assumed, nothing in this account was read: ${message}`,
            ),
          ],
        };
      }
      const inventory = await collectAws(memberAccount(account, member), { ...options, credentials });
      return asMember(inventory, member, [
        credentials.accessKeyId,
        credentials.secretAccessKey,
        credentials.sessionToken,
      ]);
    });
    return { resources: members.resources, gaps: [...gaps, ...members.gaps] };
  } finally {
    sts.destroy();
    organizations.destroy();
    session.close();
  }
}
