// EC2 security groups as firewalls (src/cloud/ingress.ts): AWS rules are allow-only and any match
// allows, so every rule gets policy 'accept' and one shared priority. Sources are IPv4 and IPv6
// CIDRs plus managed prefix lists resolved to their CIDRs (unresolvable ones stay named in
// unresolvedSources: unknown, never closed). Rules whose source is another security group
// (UserIdGroupPairs) admit traffic from inside AWS only and are skipped.
//
// What a group guards comes from DescribeInstances (instance ENIs) and DescribeNetworkInterfaces
// (every ENI, including load balancers and RDS): their public IPv4 addresses (auto-assigned or
// Elastic IPs, secondary addresses included) and their IPv6 addresses, which are globally routable.
import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  type Instance,
  type IpPermission,
  type NetworkInterface,
  type SecurityGroup as Ec2SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { IngressRule } from '../ingress.js';
import type { SecurityGroup } from '../inventory.js';
import { AWS_RULE_PRIORITY, normalizeProtocol } from './ec2-protocol.js';
import { GLOBAL, readAll, type AwsSession } from './session.js';

/** Protocols whose FromPort/ToPort are ports; for the others they are ICMP type/code or meaningless. */
const PORTED = new Set(['tcp', 'udp', 'sctp']);

function portOf(value: number | undefined, fallback: number): number {
  return value === undefined || value < 0 ? fallback : value;
}

/**
 * IpPermissions → IngressRules. `prefixLists` maps each prefix list id to its CIDRs, or to
 * undefined when its entries could not be read.
 */
export function ingressRules(
  permissions: readonly IpPermission[],
  prefixLists: ReadonlyMap<string, readonly string[] | undefined>,
): IngressRule[] {
  return permissions.flatMap((permission): IngressRule[] => {
    const protocol = normalizeProtocol(permission.IpProtocol);
    const ported = PORTED.has(protocol);
    const sources = new Set<string>();
    for (const range of permission.IpRanges ?? []) if (range.CidrIp) sources.add(range.CidrIp);
    for (const range of permission.Ipv6Ranges ?? []) if (range.CidrIpv6) sources.add(range.CidrIpv6);
    const unresolved: string[] = [];
    for (const { PrefixListId: id } of permission.PrefixListIds ?? []) {
      if (!id) continue;
      const cidrs = prefixLists.get(id);
      if (cidrs) for (const cidr of cidrs) sources.add(cidr);
      else unresolved.push(id);
    }
    // UserIdGroupPairs (source = members of a security group) are internal: not the internet.
    if (sources.size === 0 && unresolved.length === 0) return [];
    return [
      {
        protocol,
        fromPort: ported ? portOf(permission.FromPort, 0) : 0,
        toPort: ported ? portOf(permission.ToPort, 65535) : 65535,
        sources: [...sources],
        ...(unresolved.length > 0 ? { unresolvedSources: unresolved } : {}),
        policy: 'accept',
        priority: AWS_RULE_PRIORITY,
      },
    ];
  });
}

export interface Guarded {
  readonly publicIps: Set<string>;
  readonly instances: Set<string>;
}

function addressesOf(eni: {
  Association?: { PublicIp?: string };
  PrivateIpAddresses?: readonly { Association?: { PublicIp?: string } }[];
  Ipv6Addresses?: readonly { Ipv6Address?: string }[];
}): string[] {
  return [
    eni.Association?.PublicIp,
    ...(eni.PrivateIpAddresses ?? []).map((address) => address.Association?.PublicIp),
    ...(eni.Ipv6Addresses ?? []).map((address) => address.Ipv6Address),
  ].filter((address): address is string => typeof address === 'string' && address.length > 0);
}

/** Security group id → the public addresses and instances behind it. */
export function guardedBy(
  instances: readonly Instance[],
  interfaces: readonly NetworkInterface[],
): Map<string, Guarded> {
  const byGroup = new Map<string, Guarded>();
  const add = (groupIds: readonly (string | undefined)[], addresses: readonly string[], instanceId?: string) => {
    for (const groupId of groupIds) {
      if (!groupId) continue;
      let entry = byGroup.get(groupId);
      if (!entry) byGroup.set(groupId, (entry = { publicIps: new Set(), instances: new Set() }));
      for (const address of addresses) entry.publicIps.add(address);
      if (instanceId) entry.instances.add(instanceId);
    }
  };
  for (const instance of instances) {
    if (instance.State?.Name === 'terminated') continue;
    const enis = instance.NetworkInterfaces ?? [];
    if (enis.length === 0) {
      const addresses = [instance.PublicIpAddress, instance.Ipv6Address].filter(
        (address): address is string => !!address,
      );
      add(
        (instance.SecurityGroups ?? []).map((group) => group.GroupId),
        addresses,
        instance.InstanceId,
      );
    }
    for (const eni of enis)
      add(
        (eni.Groups ?? []).map((group) => group.GroupId),
        addressesOf(eni),
        instance.InstanceId,
      );
  }
  for (const eni of interfaces)
    add(
      (eni.Groups ?? []).map((group) => group.GroupId),
      addressesOf(eni),
      eni.Attachment?.InstanceId,
    );
  return byGroup;
}

export function normalizeSecurityGroup(
  group: Ec2SecurityGroup,
  account: string,
  region: string,
  prefixLists: ReadonlyMap<string, readonly string[] | undefined>,
  guarded: Guarded | undefined,
): SecurityGroup {
  return {
    kind: 'security-group',
    ref: {
      provider: 'aws',
      account,
      region,
      type: 'ec2:security-group',
      id: group.GroupId ?? '',
      ...(group.GroupName ? { name: group.GroupName } : {}),
    },
    rules: ingressRules(group.IpPermissions ?? [], prefixLists),
    publicIps: [...(guarded?.publicIps ?? [])].sort(),
    instances: [...(guarded?.instances ?? [])].sort(),
  };
}

function ec2Client(session: AwsSession, region: string): EC2Client {
  return session.sdkClient('ec2', region, EC2Client);
}

/** The regions enabled for the account (DescribeRegions lists only those by default). */
export async function describeRegions(session: AwsSession): Promise<string[] | undefined> {
  const client = ec2Client(session, session.homeRegion);
  const read = await session.read('ec2:DescribeRegions', GLOBAL, (abortSignal) =>
    client.send(new DescribeRegionsCommand({}), { abortSignal }),
  );
  if (!read.ok) return undefined;
  return (read.value.Regions ?? [])
    .map((region) => region.RegionName)
    .filter((name): name is string => !!name)
    .sort();
}

async function resolvePrefixLists(
  session: AwsSession,
  client: EC2Client,
  region: string,
  ids: readonly string[],
): Promise<Map<string, readonly string[] | undefined>> {
  const entries = await Promise.all(
    ids.map(async (id) => {
      const cidrs = await readAll(
        session,
        'ec2:GetManagedPrefixListEntries',
        region,
        (token, abortSignal) =>
          client.send(
            new GetManagedPrefixListEntriesCommand({ PrefixListId: id, ...(token ? { NextToken: token } : {}) }),
            { abortSignal },
          ),
        (page) => (page.Entries ?? []).map((entry) => entry.Cidr).filter((cidr): cidr is string => !!cidr),
        (page) => page.NextToken,
        id,
      );
      return [id, cidrs] as const;
    }),
  );
  return new Map(entries);
}

export async function collectSecurityGroups(session: AwsSession, region: string): Promise<SecurityGroup[]> {
  const client = ec2Client(session, region);
  const groups = await readAll(
    session,
    'ec2:DescribeSecurityGroups',
    region,
    (token, abortSignal) =>
      client.send(new DescribeSecurityGroupsCommand(token ? { NextToken: token } : {}), { abortSignal }),
    (page) => page.SecurityGroups,
    (page) => page.NextToken,
  );
  if (!groups) return [];
  const prefixListIds = [
    ...new Set(
      groups.flatMap((group) =>
        (group.IpPermissions ?? []).flatMap((permission) =>
          (permission.PrefixListIds ?? []).map((entry) => entry.PrefixListId ?? ''),
        ),
      ),
    ),
  ]
    .filter(Boolean)
    .sort();
  const [prefixLists, instances, interfaces] = await Promise.all([
    resolvePrefixLists(session, client, region, prefixListIds),
    readAll(
      session,
      'ec2:DescribeInstances',
      region,
      (token, abortSignal) =>
        client.send(new DescribeInstancesCommand(token ? { NextToken: token } : {}), { abortSignal }),
      (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
      (page) => page.NextToken,
    ),
    readAll(
      session,
      'ec2:DescribeNetworkInterfaces',
      region,
      (token, abortSignal) =>
        client.send(new DescribeNetworkInterfacesCommand(token ? { NextToken: token } : {}), { abortSignal }),
      (page) => page.NetworkInterfaces,
      (page) => page.NextToken,
    ),
  ]);
  const guarded = guardedBy(instances ?? [], interfaces ?? []);
  return groups.map((group) =>
    normalizeSecurityGroup(group, session.accountLabel, region, prefixLists, guarded.get(group.GroupId ?? '')),
  );
}
