// An ECS or EC2 security group rule that opens a service port to every address: revoke exactly
// the every-address sources of the rule that decides the port (by its rule id where the provider
// gives one), or, from a plan, drop them from the rule's CIDR attribute.
import { portVerdict, type IngressRule } from '../cloud/ingress.js';
import type { Provider, SecurityGroup } from '../cloud/inventory.js';
import { parseCidr } from '../cloud/address-set.js';
import { awsCommand, aliyunRpc } from './command.js';
import { resourceTypeOf } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { CliCommand, Fix, TerraformChange } from './types.js';

interface Opening {
  readonly rule: IngressRule;
  /** The rule's sources that admit every address, or, when undecided, the sources that could not be resolved. */
  readonly everyAddress: readonly string[];
  readonly prefixLists: readonly string[];
}

function coversPort(rule: IngressRule, port: number): boolean {
  return (rule.protocol === 'all' || rule.protocol === 'tcp') && port >= rule.fromPort && port <= rule.toPort;
}

function isEveryAddress(source: string): boolean {
  if (source === '0.0.0.0') return true;
  return parseCidr(source)?.prefix === 0;
}

/** ECS's evaluation order: priority ascending, Drop before Accept at equal priority. */
function evaluationOrder(rules: readonly IngressRule[]): IngressRule[] {
  return [...rules].sort(
    (a, b) => a.priority - b.priority || (a.policy === b.policy ? 0 : a.policy === 'drop' ? -1 : 1),
  );
}

/** The rule a finding on `port` is about: the one the verdict names, else the first accept rule that could open it. */
function openingRule(rules: readonly IngressRule[], port: number): Opening | undefined {
  const verdict = portVerdict(rules, port);
  const candidates =
    verdict.state === 'open'
      ? [verdict.rule]
      : evaluationOrder(rules).filter((rule) => rule.policy === 'accept' && coversPort(rule, port));
  for (const rule of candidates) {
    const everyAddress = rule.sources.filter(isEveryAddress);
    const prefixLists = (rule.unresolvedSources ?? []).filter((source) => /^pl-[0-9a-z]+$/i.test(source));
    if (everyAddress.length > 0 || prefixLists.length > 0) return { rule, everyAddress, prefixLists };
  }
  return undefined;
}

const isV6 = (cidr: string) => cidr.includes(':');

function awsRevoke(group: SecurityGroup, opening: Opening): CliCommand {
  const { rule } = opening;
  const protocol = rule.protocol === 'all' ? '-1' : rule.protocol;
  const ported = protocol === 'tcp' || protocol === 'udp';
  const v4 = opening.everyAddress.filter((cidr) => !isV6(cidr));
  const v6 = opening.everyAddress.filter(isV6);
  const permission = {
    IpProtocol: protocol,
    ...(ported ? { FromPort: rule.fromPort, ToPort: rule.toPort } : {}),
    ...(v4.length > 0 ? { IpRanges: v4.map((CidrIp) => ({ CidrIp })) } : {}),
    ...(v6.length > 0 ? { Ipv6Ranges: v6.map((CidrIpv6) => ({ CidrIpv6 })) } : {}),
    ...(opening.prefixLists.length > 0
      ? { PrefixListIds: opening.prefixLists.map((PrefixListId) => ({ PrefixListId })) }
      : {}),
  };
  return awsCommand(
    'ec2',
    'revoke-security-group-ingress',
    { '--group-id': group.ref.id, '--ip-permissions': JSON.stringify([permission]) },
    group.ref.region,
  );
}

function alibabaRevoke(group: SecurityGroup, opening: Opening): CliCommand[] {
  const base = { RegionId: group.ref.region, SecurityGroupId: group.ref.id };
  // The rule id names exactly that rule; without one (older answers), its fields do.
  if (opening.rule.id && /^sgr-/.test(opening.rule.id)) {
    return [
      aliyunRpc('ecs', 'RevokeSecurityGroup', { ...base, 'SecurityGroupRuleId.1': opening.rule.id }, group.ref.region),
    ];
  }
  const { rule } = opening;
  const portRange = rule.protocol === 'all' ? '-1/-1' : `${rule.fromPort}/${rule.toPort}`;
  const sources = [
    ...opening.everyAddress.map((cidr) => ({ [isV6(cidr) ? 'Ipv6SourceCidrIp' : 'SourceCidrIp']: cidr })),
    ...opening.prefixLists.map((id) => ({ SourcePrefixListId: id })),
  ];
  return sources.map((source) =>
    aliyunRpc(
      'ecs',
      'RevokeSecurityGroup',
      {
        ...base,
        'Permissions.1.IpProtocol': rule.protocol.toUpperCase(),
        'Permissions.1.PortRange': portRange,
        ...Object.fromEntries(Object.entries(source).map(([name, value]) => [`Permissions.1.${name}`, value])),
        'Permissions.1.Policy': 'accept',
      },
      group.ref.region,
    ),
  );
}

/** The CIDR attribute of the rule's block in the configuration, without the every-address entries. */
function terraformChanges(group: SecurityGroup, opening: Opening): TerraformChange[] {
  const origin = group.ref.terraform;
  const id = opening.rule.id;
  if (!origin || !id) return [];
  const inline = id.match(/^(.*)\.(ingress\[\d+\])$/);
  const address = inline ? inline[1]! : id;
  const type = resourceTypeOf(address);
  const at = (attribute: string) => (inline ? `${inline[2]}.${attribute}` : attribute);
  const where =
    address === origin.address
      ? { ...(origin.file ? { file: origin.file } : {}), ...(origin.line !== undefined ? { line: origin.line } : {}) }
      : {};
  const families = [
    {
      v6: false,
      list:
        type === 'alicloud_security_group_rule'
          ? 'cidr_ip'
          : type === 'aws_vpc_security_group_ingress_rule'
            ? 'cidr_ipv4'
            : 'cidr_blocks',
    },
    {
      v6: true,
      list:
        type === 'alicloud_security_group_rule'
          ? 'ipv6_cidr_ip'
          : type === 'aws_vpc_security_group_ingress_rule'
            ? 'cidr_ipv6'
            : 'ipv6_cidr_blocks',
    },
  ];
  const single = type === 'alicloud_security_group_rule' || type === 'aws_vpc_security_group_ingress_rule';
  return families.flatMap(({ v6, list }) => {
    const open = opening.everyAddress.filter((cidr) => isV6(cidr) === v6);
    if (open.length === 0) return [];
    const written = opening.rule.sources.filter((cidr) => isV6(cidr) === v6);
    // A single-valued source cannot be emptied: the rule goes (or is narrowed to the clients' range).
    const to = single ? null : written.filter((cidr) => !open.includes(cidr));
    return [{ address, ...where, attribute: at(list), from: single ? open[0]! : written, to }];
  });
}

export function securityGroupFix(provider: Provider): FixGenerator<'security-group'> {
  return (group, draft): Fix | undefined => {
    const port = Number(draft.resource ?? draft.evidence['port']);
    const opening = openingRule(group.rules, port);
    if (!opening) return undefined;
    const planned = group.ref.terraform !== undefined;
    const commands = planned ? [] : provider === 'aws' ? [awsRevoke(group, opening)] : alibabaRevoke(group, opening);
    const what = [...opening.everyAddress, ...opening.prefixLists].join(', ');
    return {
      summary: `Revoke the ingress rule that admits ${what} on ${opening.rule.protocol === 'all' ? 'every protocol' : `${opening.rule.protocol.toUpperCase()} ${opening.rule.fromPort === opening.rule.toPort ? opening.rule.fromPort : `${opening.rule.fromPort}-${opening.rule.toPort}`}`} in security group ${group.ref.id}; admit the clients' own range instead if they need port ${port}.`,
      commands,
      ...(planned ? { terraform: terraformChanges(group, opening) } : {}),
    };
  };
}
