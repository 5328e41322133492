// aws_security_group (inline ingress blocks), aws_security_group_rule (type ingress) and
// aws_vpc_security_group_ingress_rule → SecurityGroup, with the live collector's semantics: allow
// rules only, one shared priority, protocol -1 is every port, sources are IPv4 / IPv6 CIDRs and
// prefix lists (unresolved here); a source that is another security group is inside AWS. Rules
// join their group through security_group_id (a reference, or an equal known id). An `ingress`
// nobody wrote is computed from the rule resources, which are read on their own.
import { AWS_RULE_PRIORITY, normalizeProtocol } from '../../cloud/aws/ec2-protocol.js';
import type { IngressRule } from '../../cloud/ingress.js';
import type { SecurityGroup } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlannedResource } from '../read.js';
import { knownNumber, knownString, knownStrings, valueAt, wholeUnknown, type Value } from '../values.js';
import { plannedIngressRule } from './ingress.js';

const GROUP_TYPES = ['aws_security_group'];
const PORTED = new Set(['tcp', 'udp', 'sctp']);

interface RuleFields {
  readonly id: string;
  readonly protocol: Value;
  readonly from: Value;
  readonly to: Value;
  readonly cidrs: readonly { readonly name: string; readonly value: Value }[];
  readonly prefixLists: Value;
}

function awsRule(fields: RuleFields): IngressRule | undefined {
  const sources: string[] = [];
  const unresolved: string[] = [];
  for (const { name, value } of fields.cidrs) {
    if (value.state === 'unknown') unresolved.push(`${name} of ${fields.id} (known after apply)`);
    sources.push(...(knownStrings(value) ?? []));
  }
  if (fields.prefixLists.state === 'unknown') unresolved.push(`prefix lists of ${fields.id} (known after apply)`);
  for (const id of knownStrings(fields.prefixLists) ?? []) unresolved.push(`prefix list ${id}`);
  const protocolUnknown = fields.protocol.state === 'unknown';
  const protocol = protocolUnknown
    ? 'all'
    : normalizeProtocol(
        knownString(fields.protocol) ??
          (knownNumber(fields.protocol) !== undefined ? String(knownNumber(fields.protocol)) : undefined),
      );
  const portsUnknown =
    protocolUnknown || (PORTED.has(protocol) && (fields.from.state === 'unknown' || fields.to.state === 'unknown'));
  const from = knownNumber(fields.from);
  const to = knownNumber(fields.to);
  return plannedIngressRule({
    id: fields.id,
    protocol,
    ports: portsUnknown
      ? undefined
      : PORTED.has(protocol)
        ? { fromPort: from === undefined || from < 0 ? 0 : from, toPort: to === undefined || to < 0 ? 65535 : to }
        : { fromPort: 0, toPort: 65535 },
    sources,
    unresolved,
    policy: 'accept',
    priority: AWS_RULE_PRIORITY,
  });
}

function inlineRules(ctx: PlanContext, group: PlannedResource): IngressRule[] {
  // Unknown parts of written blocks are read field by field below; only a wholly unknown ingress is unknown as a whole.
  const ingress = wholeUnknown(group, 'ingress')
    ? ctx.attr(group, 'ingress')
    : valueAt(group, ['ingress'], { partial: false });
  if (ingress.state === 'unknown') {
    return [
      {
        id: `${group.address}.ingress`,
        protocol: 'all',
        fromPort: 0,
        toPort: 65535,
        sources: [],
        unresolvedSources: [`ingress of ${group.address} (known after apply)`],
        policy: 'accept',
        priority: AWS_RULE_PRIORITY,
      },
    ];
  }
  const blocks = ingress.state === 'known' && Array.isArray(ingress.value) ? ingress.value : [];
  return blocks.flatMap((_block, index) => {
    const at = (name: string) => valueAt(group, ['ingress', index, name]);
    const rule = awsRule({
      id: `${group.address}.ingress[${index}]`,
      protocol: at('protocol'),
      from: at('from_port'),
      to: at('to_port'),
      cidrs: [
        { name: 'cidr_blocks', value: at('cidr_blocks') },
        { name: 'ipv6_cidr_blocks', value: at('ipv6_cidr_blocks') },
      ],
      prefixLists: at('prefix_list_ids'),
    });
    return rule ? [rule] : [];
  });
}

function separateRule(ctx: PlanContext, rule: PlannedResource): IngressRule | undefined {
  const attr = (name: string) => ctx.attr(rule, name);
  if (rule.type === 'aws_security_group_rule') {
    const type = knownString(attr('type'));
    if (type !== undefined && type !== 'ingress') return undefined;
    return awsRule({
      id: rule.address,
      protocol: attr('protocol'),
      from: attr('from_port'),
      to: attr('to_port'),
      cidrs: [
        { name: 'cidr_blocks', value: attr('cidr_blocks') },
        { name: 'ipv6_cidr_blocks', value: attr('ipv6_cidr_blocks') },
      ],
      prefixLists: attr('prefix_list_ids'),
    });
  }
  const prefixList = attr('prefix_list_id');
  return awsRule({
    id: rule.address,
    protocol: attr('ip_protocol'),
    from: attr('from_port'),
    to: attr('to_port'),
    cidrs: [
      { name: 'cidr_ipv4', value: attr('cidr_ipv4') },
      { name: 'cidr_ipv6', value: attr('cidr_ipv6') },
    ],
    prefixLists: prefixList.state === 'known' ? { state: 'known', value: [prefixList.value] } : prefixList,
  });
}

export function mapAwsNetwork(ctx: PlanContext): SecurityGroup[] {
  const groups = ctx.ofType(...GROUP_TYPES);
  const rulesOf = new Map<PlannedResource, IngressRule[]>(groups.map((group) => [group, inlineRules(ctx, group)]));
  const outside: SecurityGroup[] = [];
  for (const rule of ctx.ofType('aws_security_group_rule', 'aws_vpc_security_group_ingress_rule')) {
    const ingress = separateRule(ctx, rule);
    if (!ingress) continue;
    const group = ctx.parentOf(rule, 'security_group_id', GROUP_TYPES, ['id']);
    if (group) rulesOf.get(group)!.push(ingress);
    else
      outside.push({
        kind: 'security-group',
        ref: ctx.ref(rule, 'aws', 'ec2:security-group', [], knownString(ctx.attr(rule, 'security_group_id'))),
        rules: [ingress],
        publicIps: [],
        instances: [],
      });
  }
  const planned = groups.map((group): SecurityGroup => ({
    kind: 'security-group',
    ref: ctx.ref(group, 'aws', 'ec2:security-group', [], knownString(ctx.attr(group, 'name'))),
    rules: rulesOf.get(group)!,
    publicIps: [],
    instances: [],
  }));
  return [...planned, ...outside];
}
