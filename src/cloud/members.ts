// Organisations (AWS Organizations, Alibaba Cloud Resource Directory): which member accounts a
// scan reads, reading them a few at a time, and what the report says about each. Provider
// specifics (listing members, assuming a role) live in aws/organization.ts and
// alibaba/directory.ts; this file is what both share.
import pLimit from 'p-limit';
import type { MemberSelection } from './accounts.js';
import type { CoverageGap, Inventory, Provider } from './inventory.js';

export interface Member {
  readonly id: string;
  /** The account's name in the organisation, shown beside its id in reports. */
  readonly name?: string;
}

/** Region label of gaps about a whole account (listing it, assuming its role). */
const WHOLE_ACCOUNT = 'global';

/** The session name every assumed role carries, so a member's CloudTrail / ActionTrail shows who read it. */
export const SESSION_NAME = 'exposcan';

/** Default number of member accounts read at once; each reads `concurrency` regions at once. */
export const ACCOUNT_CONCURRENCY = 4;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The members to read: `include` (when given) keeps only accounts named by id or exact name,
 * `exclude` drops them. Ordered by id, so reports and request logs do not depend on listing order.
 * An `include` entry that names no active member is returned in `unmatched`: a gap, never silence.
 */
export function selectMembers(
  members: readonly Member[],
  selection: MemberSelection,
): { selected: Member[]; unmatched: string[] } {
  const named = (member: Member, entries: readonly string[]) =>
    entries.includes(member.id) || (member.name !== undefined && entries.includes(member.name));
  const unique = new Map(members.map((member) => [member.id, member]));
  const selected = [...unique.values()]
    .filter((member) => (selection.include ? named(member, selection.include) : true))
    .filter((member) => !(selection.exclude && named(member, selection.exclude)))
    .sort((a, b) => compare(a.id, b.id));
  const unmatched = (selection.include ?? []).filter(
    (entry) => ![...unique.values()].some((member) => member.id === entry || member.name === entry),
  );
  return { selected, unmatched };
}

/** A gap about a whole member account. */
export function memberGap(
  provider: Provider,
  member: Member,
  call: string,
  reason: CoverageGap['reason'],
  message: string,
): CoverageGap {
  return {
    provider,
    account: member.id,
    ...(member.name ? { accountName: member.name } : {}),
    region: WHOLE_ACCOUNT,
    call,
    reason,
    message: message.slice(0, 300),
  };
}

/**
 * Names the member on everything read from it, and removes from every gap message the temporary
 * credentials it was read with (a service may quote the access key id it refused): they must
 * never reach a report, a log or the history.
 */
export function asMember(inventory: Inventory, member: Member, secrets: readonly (string | undefined)[]): Inventory {
  const scrub = (text: string) =>
    secrets.reduce<string>(
      (out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out),
      text,
    );
  const name = member.name ? { accountName: member.name } : {};
  return {
    resources: inventory.resources.map((resource) => ({ ...resource, ref: { ...resource.ref, ...name } })),
    gaps: inventory.gaps.map((entry) => ({ ...entry, ...name, message: scrub(entry.message) })),
  };
}

/** Reads every member, `concurrency` at a time, into one inventory in member order. */
export async function readMembers(
  members: readonly Member[],
  concurrency: number,
  read: (member: Member) => Promise<Inventory>,
): Promise<Inventory> {
  const limit = pLimit(Math.max(1, concurrency));
  const inventories = await Promise.all(members.map((member) => limit(() => read(member))));
  return {
    resources: inventories.flatMap((inventory) => inventory.resources),
    gaps: inventories.flatMap((inventory) => inventory.gaps),
  };
}
