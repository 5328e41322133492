// ECS security groups as firewalls: their ingress rules, and the public IPs of the instances they
// guard. Calls (ECS 2014-05-26; fields as in the API reference and aliyun/alibaba-cloud-sdk-go
// services/ecs): DescribeSecurityGroups and DescribeInstances (NextToken/MaxResults),
// DescribeSecurityGroupAttribute (Direction=ingress, NextToken/MaxResults 10–1000; classic groups
// are asked for NicType=internet, the rules of the public NIC), DescribePrefixListAttributes.
// A group is left out when its rules or the region's instances could not be read (a gap says so):
// rules that could not be read must not pass for "no rules".
import type { IngressRule } from '../ingress.js';
import type { ResourceRef, SecurityGroup } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, strings, text, unique } from './json.js';
import { allTokenPages, type Session } from './session.js';

const GROUP_PAGE = 100;
const RULE_PAGE = 100;
const INSTANCE_PAGE = 100;

/** "22/22" → 22–22; "-1/-1" (every port) → 1–65535; anything unreadable is taken as every port, never as none. */
export function parsePortRange(range: string | undefined): { fromPort: number; toPort: number } {
  const match = /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(range ?? '');
  if (!match) return { fromPort: 1, toPort: 65535 };
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from === -1 && to === -1) return { fromPort: 1, toPort: 65535 };
  if (from < 0 || to < from || to > 65535) return { fromPort: 1, toPort: 65535 };
  return { fromPort: from, toPort: to };
}

/**
 * One Permission as an IngressRule, or undefined for a rule that admits nothing from the
 * internet. Sources: SourceCidrIp and Ipv6SourceCidrIp, plus the CIDRs of SourcePrefixListId
 * (`prefixLists`: resolved entries, or undefined when the list could not be read → unresolved).
 * A SourceGroupId rule admits the instances of another security group, addresses inside the
 * cloud: it is not an internet source, so the rule is skipped (not "unresolved", which would
 * make every such group "unknown").
 */
export function normalizePermission(
  permission: Json,
  prefixLists: ReadonlyMap<string, readonly string[] | undefined>,
): IngressRule | undefined {
  const direction = text(permission, 'Direction');
  if (direction && direction.toLowerCase() !== 'ingress') return undefined;
  const sources = [text(permission, 'SourceCidrIp'), text(permission, 'Ipv6SourceCidrIp')].filter(
    (source): source is string => Boolean(source),
  );
  const unresolved: string[] = [];
  const prefixListId = text(permission, 'SourcePrefixListId');
  if (prefixListId) {
    const cidrs = prefixLists.get(prefixListId);
    if (cidrs) sources.push(...cidrs);
    else unresolved.push(prefixListId);
  }
  if (sources.length === 0 && unresolved.length === 0) return undefined;
  const id = text(permission, 'SecurityGroupRuleId');
  return {
    ...(id ? { id } : {}),
    protocol: (text(permission, 'IpProtocol') ?? 'all').toLowerCase(),
    ...parsePortRange(text(permission, 'PortRange')),
    sources: unique(sources),
    ...(unresolved.length > 0 ? { unresolvedSources: unresolved } : {}),
    // Policy is documented as Accept (the default) or Drop; case varies between callers.
    policy: /^drop$/i.test(text(permission, 'Policy') ?? '') ? 'drop' : 'accept',
    priority: int(permission, 'Priority') ?? 1,
  };
}

export interface GroupTargets {
  readonly publicIps: string[];
  readonly instances: string[];
}

/** Per security group, the instances in it and their public IPs (PublicIpAddress.IpAddress[], EipAddress.IpAddress). */
export function instanceTargets(instances: readonly Json[]): Map<string, GroupTargets> {
  const byGroup = new Map<string, GroupTargets>();
  for (const instance of instances) {
    const id = text(instance, 'InstanceId');
    const eip = instance.EipAddress ? text(instance.EipAddress, 'IpAddress') : undefined;
    const ips = [...strings(instance, 'PublicIpAddress', 'IpAddress'), ...(eip ? [eip] : [])];
    for (const groupId of strings(instance, 'SecurityGroupIds', 'SecurityGroupId')) {
      const targets = byGroup.get(groupId) ?? { publicIps: [], instances: [] };
      if (id && !targets.instances.includes(id)) targets.instances.push(id);
      for (const ip of ips) if (!targets.publicIps.includes(ip)) targets.publicIps.push(ip);
      byGroup.set(groupId, targets);
    }
  }
  return byGroup;
}

function normalizeSecurityGroup(
  ref: ResourceRef,
  permissions: readonly Json[],
  prefixLists: ReadonlyMap<string, readonly string[] | undefined>,
  targets: GroupTargets | undefined,
): SecurityGroup {
  const rules = permissions
    .map((permission) => normalizePermission(permission, prefixLists))
    .filter((rule): rule is IngressRule => rule !== undefined);
  return {
    kind: 'security-group',
    ref,
    rules,
    publicIps: targets?.publicIps ?? [],
    instances: targets?.instances ?? [],
  };
}

async function readRules(session: Session, region: string, group: Json, id: string): Promise<Json[]> {
  // No VpcId: a classic-network group, whose internet NIC has rules of its own.
  const classic = !text(group, 'VpcId');
  const pages = await allTokenPages(
    (token) =>
      session.rpc('ecs', region, 'DescribeSecurityGroupAttribute', {
        SecurityGroupId: id,
        Direction: 'ingress',
        MaxResults: RULE_PAGE,
        ...(classic ? { NicType: 'internet' } : {}),
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => text(page, 'NextToken'),
  );
  const permissions = pages.flatMap((page) => list(page, 'Permissions', 'Permission'));
  return classic
    ? permissions.filter((permission) => (text(permission, 'NicType') ?? 'internet') === 'internet')
    : permissions;
}

async function readPrefixList(session: Session, region: string, id: string): Promise<string[]> {
  const body = await session.rpc('ecs', region, 'DescribePrefixListAttributes', { PrefixListId: id });
  return list(body, 'Entries', 'Entry')
    .map((entry) => text(entry, 'Cidr'))
    .filter((cidr): cidr is string => Boolean(cidr));
}

export async function collectSecurityGroups(session: Session, region: string): Promise<SecurityGroup[]> {
  const listCall = session.call('ecs', 'DescribeSecurityGroups');
  const groupPages = await session.attempt(region, listCall, () =>
    allTokenPages(
      (token) =>
        session.rpc('ecs', region, 'DescribeSecurityGroups', {
          MaxResults: GROUP_PAGE,
          ...(token ? { NextToken: token } : {}),
        }),
      (page) => text(page, 'NextToken'),
    ),
  );
  const groups = (groupPages ?? [])
    .flatMap((page) => list(page, 'SecurityGroups', 'SecurityGroup'))
    .filter((group) => text(group, 'SecurityGroupId'));
  if (groups.length === 0) return [];

  const instancePages = await session.attempt(
    region,
    session.call('ecs', 'DescribeInstances'),
    () =>
      allTokenPages(
        (token) =>
          session.rpc('ecs', region, 'DescribeInstances', {
            MaxResults: INSTANCE_PAGE,
            ...(token ? { NextToken: token } : {}),
          }),
        (page) => text(page, 'NextToken'),
      ),
    undefined,
    `${groups.length} security groups left out: the public IPs they guard are unknown`,
  );
  if (!instancePages) return [];
  const targets = instanceTargets(instancePages.flatMap((page) => list(page, 'Instances', 'Instance')));

  const withRules = await session.mapLimit(groups, async (group) => {
    const id = text(group, 'SecurityGroupId') as string;
    const permissions = await session.attempt(
      region,
      session.call('ecs', 'DescribeSecurityGroupAttribute'),
      () => readRules(session, region, group, id),
      id,
      'group left out: its rules are unknown',
    );
    return { group, id, permissions };
  });

  const prefixListIds = unique(
    withRules.flatMap(({ permissions }) =>
      (permissions ?? [])
        .map((permission) => text(permission, 'SourcePrefixListId'))
        .filter((id): id is string => Boolean(id)),
    ),
  );
  const resolved = await session.mapLimit(prefixListIds, (id) =>
    session.attempt(
      region,
      session.call('ecs', 'DescribePrefixListAttributes'),
      () => readPrefixList(session, region, id),
      id,
      'rules using it have unresolved sources',
    ),
  );
  const prefixLists = new Map(prefixListIds.map((id, index) => [id, resolved[index]] as const));

  return withRules.flatMap(({ group, id, permissions }) =>
    permissions
      ? [
          normalizeSecurityGroup(
            session.ref(region, 'ecs:security-group', id, text(group, 'SecurityGroupName')),
            permissions,
            prefixLists,
            targets.get(id),
          ),
        ]
      : [],
  );
}
