// alicloud_security_group + alicloud_security_group_rule → SecurityGroup. A rule joins its group
// through security_group_id: the reference in the configuration (the group's id is unknown until
// apply when both are created together) or an equal known id. Ingress rules only; the source is
// cidr_ip / ipv6_cidr_ip (prefix_list_id stays unresolved; source_security_group_id is inside the
// cloud). A rule with no source at all takes the old providers' default cidr_ip 0.0.0.0/0.
// nic_type intranet rules of a classic group (no vpc_id) do not face the internet. Rules whose
// group is not in the plan make a group of their own, named by the group id they give.
import { parsePortRange } from '../../cloud/alibaba/ecs.js';
import type { IngressRule } from '../../cloud/ingress.js';
import type { SecurityGroup } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlannedResource } from '../read.js';
import { knownNumber, knownString, type Value } from '../values.js';
import { plannedIngressRule } from './ingress.js';

const GROUP_TYPES = ['alicloud_security_group'];

function sourceOf(value: Value, name: string, address: string, sources: string[], unresolved: string[]): void {
  if (value.state === 'unknown') unresolved.push(`${name} of ${address} (known after apply)`);
  const text = knownString(value);
  if (text) sources.push(text);
}

function ruleOf(ctx: PlanContext, rule: PlannedResource, classicGroup: boolean): IngressRule | undefined {
  const attr = (name: string) => ctx.attr(rule, name);
  const type = knownString(attr('type'));
  if (type !== undefined && type.toLowerCase() !== 'ingress') return undefined;
  if (classicGroup && knownString(attr('nic_type'))?.toLowerCase() === 'intranet') return undefined;
  const sources: string[] = [];
  const unresolved: string[] = [];
  sourceOf(attr('cidr_ip'), 'cidr_ip', rule.address, sources, unresolved);
  sourceOf(attr('ipv6_cidr_ip'), 'ipv6_cidr_ip', rule.address, sources, unresolved);
  const prefixList = attr('prefix_list_id');
  // The provider plans prefix_list_id as computed: unknown until apply although nobody wrote it. A
  // rule that names its source by cidr_ip / ipv6_cidr_ip is decided by that CIDR.
  const computedOnly =
    prefixList.state === 'unknown' &&
    !ctx.written(rule, 'prefix_list_id') &&
    (attr('cidr_ip').state !== 'unset' || attr('ipv6_cidr_ip').state !== 'unset');
  if (prefixList.state !== 'unset' && !computedOnly)
    unresolved.push(`prefix list ${knownString(prefixList) ?? `of ${rule.address} (known after apply)`}`);
  const fromGroup = attr('source_security_group_id').state !== 'unset';
  if (sources.length === 0 && unresolved.length === 0 && !fromGroup) sources.push('0.0.0.0/0');
  const portRange = attr('port_range');
  const policy = attr('policy');
  return plannedIngressRule({
    id: rule.address,
    protocol: (knownString(attr('ip_protocol')) ?? 'all').toLowerCase(),
    ports: portRange.state === 'unknown' ? undefined : parsePortRange(knownString(portRange)),
    sources,
    // An unknown policy could be accept.
    unresolved:
      policy.state === 'unknown'
        ? [...unresolved, ...sources.map((source) => `${source} with policy of ${rule.address} known after apply`)]
        : unresolved,
    policy: /^drop$/i.test(knownString(policy) ?? '') ? 'drop' : 'accept',
    priority: knownNumber(attr('priority')) ?? 1,
  });
}

export function mapAlibabaNetwork(ctx: PlanContext): SecurityGroup[] {
  const groups = ctx.ofType(...GROUP_TYPES);
  const rulesOf = new Map<PlannedResource, PlannedResource[]>(groups.map((group) => [group, []]));
  const orphans = new Map<string, PlannedResource[]>();
  for (const rule of ctx.ofType('alicloud_security_group_rule')) {
    const group = ctx.parentOf(rule, 'security_group_id', GROUP_TYPES, ['id']);
    if (group) rulesOf.get(group)!.push(rule);
    else {
      const key = knownString(ctx.attr(rule, 'security_group_id')) ?? rule.address;
      orphans.set(key, [...(orphans.get(key) ?? []), rule]);
    }
  }
  const planned = groups.map((group): SecurityGroup => {
    const classic = ctx.attr(group, 'vpc_id').state === 'unset';
    return {
      kind: 'security-group',
      ref: ctx.ref(
        group,
        'alibaba',
        'ecs:security-group',
        [],
        knownString(ctx.attr(group, 'name')) ?? knownString(ctx.attr(group, 'security_group_name')),
      ),
      rules: rulesOf
        .get(group)!
        .map((rule) => ruleOf(ctx, rule, classic))
        .filter((rule): rule is IngressRule => rule !== undefined),
      publicIps: [],
      instances: [],
    };
  });
  const outside = [...orphans.entries()].map(([groupId, rules]): SecurityGroup => ({
    kind: 'security-group',
    // Named by its first rule's address (the group itself is not in the plan).
    ref: ctx.ref(rules[0]!, 'alibaba', 'ecs:security-group', [], groupId === rules[0]!.address ? undefined : groupId),
    rules: rules.map((rule) => ruleOf(ctx, rule, false)).filter((rule): rule is IngressRule => rule !== undefined),
    publicIps: [],
    instances: [],
  }));
  return [...planned, ...outside];
}
