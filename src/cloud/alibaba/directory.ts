// Every member account of an Alibaba Cloud Resource Directory, read from its management account:
// Resource Manager ListAccounts (every page; members that finished joining only), then STS
// AssumeRole into acs:ram::<member uid>:role/<roleName> with the session name "exposcan", and the
// member read with those temporary credentials (AccessKey, secret and SecurityToken) like any
// account. The management account itself is read with the credentials given. A member whose role
// cannot be assumed is a coverage gap naming the account and the service's reason: never a pass.
// The temporary credentials live only in memory for that member's read and are scrubbed from
// every message it produced.
import { UsageError } from '../../errors.js';
import type { AlibabaAccount, AlibabaResourceDirectory, CollectOptions } from '../accounts.js';
import { gap } from '../accounts.js';
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
import { AlibabaClient, resolveCredentials } from './client.js';
import { collectAlibaba } from './collect.js';
import { isOverridden, overrideMode } from './endpoints.js';
import { CallFailure } from './errors.js';
import { int, list, text } from './json.js';
import { allNumberedPages, GLOBAL, Session } from './session.js';

/**
 * ListAccounts statuses of an account that is a member now: created in the directory, invited
 * and accepted, or promoted from a resource account. Every other status (…Verifying, …Failed,
 * …Expired, …Cancelled) is an account that is not (yet) a member.
 */
const MEMBER_STATUSES = new Set(['CreateSuccess', 'InviteSuccess', 'PromoteSuccess']);

const PAGE_SIZE = 100;

function toMember(account: Record<string, unknown>): Member | undefined {
  const id = text(account, 'AccountId');
  const status = text(account, 'Status');
  if (!id || !status || !MEMBER_STATUSES.has(status)) return undefined;
  const name = text(account, 'DisplayName');
  return { id, ...(name ? { name } : {}) };
}

function ramRoleArn(memberId: string, roleName: string): string {
  return `acs:ram::${memberId}:role/${roleName}`;
}

function memberAccount(account: AlibabaAccount, member: Member): AlibabaAccount {
  const { resourcemanager: _resourcemanager, ...endpoints } = account.endpoints;
  return {
    name: member.name ?? member.id,
    regions: account.regions,
    endpoints,
    ...(account.probeNames !== undefined ? { probeNames: account.probeNames } : {}),
  };
}

export async function collectResourceDirectory(
  account: AlibabaAccount,
  directory: AlibabaResourceDirectory,
  options: CollectOptions,
): Promise<Inventory> {
  if (overrideMode(account) && !(isOverridden(account, 'sts') && isOverridden(account, 'resourcemanager'))) {
    throw new UsageError(
      `Alibaba Cloud account "${account.name}": with resourceDirectory and endpoint overrides, set overrides for sts and resourcemanager too, so that no request goes to the public cloud.`,
    );
  }
  const credentials = resolveCredentials(options.credentials);
  if (!credentials) {
    return {
      resources: [],
      gaps: [
        gap(
          'alibaba',
          account.name,
          GLOBAL,
          'sts:GetCallerIdentity',
          'credentials',
          'no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        ),
      ],
    };
  }
  const client = new AlibabaClient(credentials, {
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const session = new Session(account, client);
  try {
    const identity = await session.attempt(
      GLOBAL,
      'sts:GetCallerIdentity',
      () => session.rpc('sts', undefined, 'GetCallerIdentity'),
      undefined,
      'no member was read',
    );
    const managementId = identity ? text(identity, 'AccountId') : undefined;
    if (!managementId) return { resources: [], gaps: session.gaps };
    session.accountLabel = managementId;

    const pages = await session.attempt(
      GLOBAL,
      'resourcemanager:ListAccounts',
      () =>
        allNumberedPages(
          (pageNumber) =>
            session.rpc('resourcemanager', undefined, 'ListAccounts', { PageNumber: pageNumber, PageSize: PAGE_SIZE }),
          (page) => list(page, 'Accounts', 'Account'),
          (page) => int(page, 'TotalCount'),
          PAGE_SIZE,
        ),
      undefined,
      'the members were not listed; only the management account was read',
    );
    // Members could not be listed: the gap says so, and the account given is still read on its own.
    if (!pages) {
      const own = await collectAlibaba(memberAccount(account, { id: managementId, name: account.name }), options);
      return { resources: own.resources, gaps: [...session.gaps, ...own.gaps] };
    }

    const active = pages.map(toMember).filter((member): member is Member => member !== undefined);
    const { selected, unmatched } = selectMembers(active, directory);
    const gaps = [...session.gaps];
    for (const entry of unmatched) {
      gaps.push(
        memberGap(
          'alibaba',
          { id: entry },
          'resourcemanager:ListAccounts',
          'unavailable',
          `"${entry}" is in resourceDirectory.include but is no member of the resource directory: nothing was read for it`,
        ),
      );
    }

    const members = await readMembers(selected, options.accountConcurrency ?? ACCOUNT_CONCURRENCY, async (member) => {
      if (member.id === managementId)
        return asMember(await collectAlibaba(memberAccount(account, member), options), member, []);
      let temporary: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
      try {
        const answer = await session.rpc('sts', undefined, 'AssumeRole', {
          RoleArn: ramRoleArn(member.id, directory.roleName),
          RoleSessionName: SESSION_NAME,
          DurationSeconds: 3600,
        });
        const issued = answer.Credentials as Record<string, unknown> | undefined;
        const accessKeyId = text(issued, 'AccessKeyId');
        const secretAccessKey = text(issued, 'AccessKeySecret');
        const sessionToken = text(issued, 'SecurityToken');
        if (!accessKeyId || !secretAccessKey || !sessionToken)
          throw new CallFailure('error', 'AssumeRole answered without credentials', 'MissingCredentials');
        temporary = { accessKeyId, secretAccessKey, sessionToken };
      } catch (error) {
        if (!(error instanceof CallFailure)) throw error;
        // The management account's keys were accepted: a refusal here is about the role, not them.
        const reason = error.reason === 'credentials' ? 'denied' : error.reason;
        return {
          resources: [],
          gaps: [
            memberGap(
              'alibaba',
              member,
              'sts:AssumeRole',
              reason,
              `RAM role ${directory.roleName} could not be assumed, nothing in this account was read: ${error.message}`,
            ),
          ],
        };
      }
      const inventory = await collectAlibaba(memberAccount(account, member), { ...options, credentials: temporary });
      return asMember(inventory, member, [temporary.accessKeyId, temporary.secretAccessKey, temporary.sessionToken]);
    });
    return { resources: members.resources, gaps: [...gaps, ...members.gaps] };
  } finally {
    client.close();
  }
}
