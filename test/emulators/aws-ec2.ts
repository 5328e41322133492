// EC2 for the AWS emulator (ec2Query: form POST, lowerCamel XML with <item> lists, nextToken).
// DescribeNetworkInterfaces lists instance ENIs (attached) as well as the standalone ones.
import type {
  EmulatedEni,
  EmulatedInstance,
  EmulatedIpPermission,
  EmulatedRegion,
  EmulatedSecurityGroup,
} from './aws-model.js';
import { ec2Reply, page, regionOf, ServiceError, type Operation } from './aws-wire.js';
import { el, leaf, type Xml } from './aws-xml.js';

const items = (name: string, entries: readonly Xml[]): Xml =>
  el(name, ...entries.map((entry) => `<item>${entry}</item>`));

function permissionXml(permission: EmulatedIpPermission): Xml {
  return [
    leaf('ipProtocol', permission.IpProtocol),
    leaf('fromPort', permission.FromPort),
    leaf('toPort', permission.ToPort),
    items(
      'groups',
      (permission.UserIdGroupPairs ?? []).map((pair) =>
        [leaf('userId', pair.UserId), leaf('groupId', pair.GroupId)].join(''),
      ),
    ),
    items(
      'ipRanges',
      (permission.IpRanges ?? []).map((range) => leaf('cidrIp', range.CidrIp)!),
    ),
    items(
      'ipv6Ranges',
      (permission.Ipv6Ranges ?? []).map((range) => leaf('cidrIpv6', range.CidrIpv6)!),
    ),
    items(
      'prefixListIds',
      (permission.PrefixListIds ?? []).map((entry) => leaf('prefixListId', entry.PrefixListId)!),
    ),
  ].join('');
}

function securityGroupXml(group: EmulatedSecurityGroup, ownerId: string, region: string): Xml {
  return [
    leaf('ownerId', ownerId),
    leaf('groupId', group.GroupId),
    leaf('groupName', group.GroupName),
    leaf('groupDescription', group.Description),
    leaf('vpcId', group.VpcId),
    items('ipPermissions', group.IpPermissions.map(permissionXml)),
    items('ipPermissionsEgress', [permissionXml({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]),
    leaf('securityGroupArn', `arn:aws:ec2:${region}:${ownerId}:security-group/${group.GroupId}`),
  ].join('');
}

const STATE_CODES: Readonly<Record<EmulatedInstance['State'], number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function eniXml(
  eni: EmulatedEni,
  groupNames: ReadonlyMap<string, string>,
  ownerId: string,
  instanceId?: string,
  index = 0,
): Xml {
  return [
    leaf('networkInterfaceId', eni.NetworkInterfaceId),
    leaf('description', eni.Description ?? ''),
    leaf('ownerId', ownerId),
    leaf('status', 'in-use'),
    leaf('interfaceType', eni.InterfaceType ?? 'interface'),
    items(
      'groupSet',
      eni.Groups.map((id) => [leaf('groupId', id), leaf('groupName', groupNames.get(id) ?? id)].join('')),
    ),
    eni.PublicIp ? el('association', leaf('publicIp', eni.PublicIp), leaf('ipOwnerId', 'amazon')) : undefined,
    instanceId
      ? el(
          'attachment',
          leaf('attachmentId', `eni-attach-${eni.NetworkInterfaceId.slice(4)}`),
          leaf('instanceId', instanceId),
          leaf('deviceIndex', index),
          leaf('status', 'attached'),
        )
      : undefined,
    items('privateIpAddressesSet', [
      [
        leaf('privateIpAddress', `10.0.0.${10 + index}`),
        leaf('primary', true),
        eni.PublicIp ? el('association', leaf('publicIp', eni.PublicIp)) : undefined,
      ].join(''),
      ...(eni.SecondaryPublicIps ?? []).map((ip, n) =>
        [
          leaf('privateIpAddress', `10.0.1.${10 + n}`),
          leaf('primary', false),
          el('association', leaf('publicIp', ip)),
        ].join(''),
      ),
    ]),
    items(
      'ipv6AddressesSet',
      (eni.Ipv6Addresses ?? []).map((address) => leaf('ipv6Address', address)!),
    ),
  ].join('');
}

function instanceXml(instance: EmulatedInstance, groupNames: ReadonlyMap<string, string>, ownerId: string): Xml {
  const primary = instance.NetworkInterfaces[0];
  const groups = [...new Set(instance.NetworkInterfaces.flatMap((eni) => eni.Groups))];
  return [
    leaf('instanceId', instance.InstanceId),
    leaf('imageId', 'ami-0123456789abcdef0'),
    el('instanceState', leaf('code', STATE_CODES[instance.State]), leaf('name', instance.State)),
    leaf('instanceType', 't3.medium'),
    instance.State === 'running' ? leaf('ipAddress', primary?.PublicIp) : undefined,
    instance.State === 'running' ? leaf('ipv6Address', primary?.Ipv6Addresses?.[0]) : undefined,
    items(
      'groupSet',
      groups.map((id) => [leaf('groupId', id), leaf('groupName', groupNames.get(id) ?? id)].join('')),
    ),
    items(
      'networkInterfaceSet',
      instance.NetworkInterfaces.map((eni, index) => eniXml(eni, groupNames, ownerId, instance.InstanceId, index)),
    ),
  ].join('');
}

export function ec2Operation(action: string, params: URLSearchParams, pageSize: number): Operation | undefined {
  const token = params.get('NextToken') ?? undefined;
  const size = Math.min(pageSize, Number(params.get('MaxResults') ?? pageSize));
  const groupNamesOf = (region: EmulatedRegion) =>
    new Map((region.securityGroups ?? []).map((group) => [group.GroupId, group.GroupName] as const));
  switch (action) {
    case 'DescribeRegions':
      return {
        action: 'ec2:DescribeRegions',
        run: (caller) =>
          ec2Reply(
            action,
            items(
              'regionInfo',
              Object.entries(caller!.account.regions)
                .filter(([, region]) => region.enabled !== false)
                .map(([name]) =>
                  [
                    leaf('regionName', name),
                    leaf('regionEndpoint', `ec2.${name}.amazonaws.com`),
                    leaf('optInStatus', 'opt-in-not-required'),
                  ].join(''),
                ),
            ),
          ),
      };
    case 'DescribeSecurityGroups':
      return {
        action: 'ec2:DescribeSecurityGroups',
        run: (caller) => {
          const { items: groups, next } = page(
            regionOf(caller!.account, caller!.region).securityGroups ?? [],
            token,
            size,
            action,
          );
          return ec2Reply(
            action,
            items(
              'securityGroupInfo',
              groups.map((group) => securityGroupXml(group, caller!.account.accountId, caller!.region)),
            ),
            leaf('nextToken', next),
          );
        },
      };
    case 'DescribeInstances':
      return {
        action: 'ec2:DescribeInstances',
        run: (caller) => {
          const region = regionOf(caller!.account, caller!.region);
          const { items: instances, next } = page(region.instances ?? [], token, size, action);
          const ownerId = caller!.account.accountId;
          return ec2Reply(
            action,
            items(
              'reservationSet',
              instances.map((instance) =>
                [
                  leaf('reservationId', `r-${instance.InstanceId.slice(2)}`),
                  leaf('ownerId', ownerId),
                  items('groupSet', []),
                  items('instancesSet', [instanceXml(instance, groupNamesOf(region), ownerId)]),
                ].join(''),
              ),
            ),
            leaf('nextToken', next),
          );
        },
      };
    case 'DescribeNetworkInterfaces':
      return {
        action: 'ec2:DescribeNetworkInterfaces',
        run: (caller) => {
          const region = regionOf(caller!.account, caller!.region);
          const ownerId = caller!.account.accountId;
          const all = [
            ...(region.instances ?? [])
              .filter((instance) => instance.State !== 'terminated')
              .flatMap((instance) =>
                instance.NetworkInterfaces.map((eni, index) =>
                  eniXml(eni, groupNamesOf(region), ownerId, instance.InstanceId, index),
                ),
              ),
            ...(region.networkInterfaces ?? []).map((eni) => eniXml(eni, groupNamesOf(region), ownerId)),
          ];
          const { items: enis, next } = page(all, token, size, action);
          return ec2Reply(action, items('networkInterfaceSet', [...enis]), leaf('nextToken', next));
        },
      };
    case 'GetManagedPrefixListEntries': {
      const id = params.get('PrefixListId') ?? '';
      return {
        action: 'ec2:GetManagedPrefixListEntries',
        resource: id,
        run: (caller) => {
          const cidrs = regionOf(caller!.account, caller!.region).prefixLists?.[id];
          if (!cidrs)
            throw new ServiceError(400, 'InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
          const { items: entries, next } = page(cidrs, token, size, action);
          return ec2Reply(
            action,
            items(
              'entrySet',
              entries.map((cidr) => [leaf('cidr', cidr), leaf('description', 'emulated')].join('')),
            ),
            leaf('nextToken', next),
          );
        },
      };
    }
    default:
      return undefined;
  }
}
