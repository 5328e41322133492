// aws_lb / aws_alb with aws_lb_listener and aws_lb_target_group, aws_elb (Classic), and
// aws_eks_cluster → LoadBalancer / KubernetesCluster, as the live collectors read them:
// - `internal` not written is the provider default, false: internet-facing. Unknown until apply,
//   the load balancer is judged as internet-facing and marked unknown (never passed).
// - security_groups are the planned aws_security_group blocks they refer to (by address, so
//   src/cloud/link.ts resolves them against the planned groups); a network load balancer that
//   writes none has none (every address admitted); groups the plan cannot name leave the
//   firewall unknown: the listener is reported as tentative.
// - a listener's default_action forward is followed through the configuration's references to
//   the planned target group (its arn is only known after apply).
// - EKS: vpc_config.endpoint_public_access defaults to true, public_access_cidrs to 0.0.0.0/0.
import { resourceConfig, referencedResources } from '../config.js';
import type { KubernetesCluster, Listener, ListenerTarget, LoadBalancer } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { Json, PlannedResource } from '../read.js';
import { knownBoolean, knownNumber, knownString, knownStrings, valueAt } from '../values.js';

const LB_TYPES = ['aws_lb', 'aws_alb'];
const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];

/** Every `references` entry anywhere in an expression (nested blocks such as default_action). */
function allReferences(expression: unknown): string[] {
  if (Array.isArray(expression)) return expression.flatMap(allReferences);
  if (typeof expression !== 'object' || expression === null) return [];
  const object = expression as Json;
  const own = Array.isArray(object['references'])
    ? object['references'].filter((reference): reference is string => typeof reference === 'string')
    : [];
  return [
    ...own,
    ...Object.entries(object)
      .filter(([key]) => key !== 'references')
      .flatMap(([, value]) => allReferences(value)),
  ];
}

/** Planned resources of `types` that the expression of `attribute` in `resource`'s block refers to. */
export function referenced(
  ctx: PlanContext,
  resource: PlannedResource,
  attribute: string,
  types: readonly string[],
): PlannedResource[] {
  const block = resourceConfig(ctx.plan.configuration, resource);
  const expressions =
    block && typeof block['expressions'] === 'object' && block['expressions'] !== null
      ? (block['expressions'] as Json)
      : {};
  const targets = referencedResources(
    ctx.plan.configuration,
    resource.moduleAddress,
    allReferences(expressions[attribute]),
  );
  const candidates = ctx.ofType(...types);
  return [
    ...new Set(
      targets.flatMap((target) =>
        candidates.filter(
          (candidate) =>
            candidate.type === target.type &&
            candidate.name === target.name &&
            candidate.moduleAddress.replace(/\[[^\]]*\]/g, '') === target.moduleAddress.replace(/\[[^\]]*\]/g, '') &&
            (target.index === undefined || candidate.index === target.index),
        ),
      ),
    ),
  ];
}

function firewallGroups(
  ctx: PlanContext,
  balancer: PlannedResource,
  type: string,
): { groups: string[]; resolved: boolean } {
  const written = ctx.written(balancer, 'security_groups');
  const value = ctx.attr(balancer, 'security_groups');
  if (!written && (type === 'network' || type === 'gateway')) return { groups: [], resolved: true };
  const planned = referenced(ctx, balancer, 'security_groups', ['aws_security_group']).map((group) => group.address);
  const literal = knownStrings(value) ?? [];
  // Every group is a planned block we can judge, or the firewall stays unknown.
  return { groups: planned, resolved: planned.length > 0 && literal.length <= planned.length };
}

function targetsOf(ctx: PlanContext, listener: PlannedResource): ListenerTarget[] {
  return referenced(ctx, listener, 'default_action', TARGET_GROUP_TYPES).map((group) => ({
    name: knownString(ctx.attr(group, 'name')) ?? group.address,
    port: knownNumber(ctx.attr(group, 'port')) ?? 0,
  }));
}

export function mapAwsLoadBalancers(ctx: PlanContext): LoadBalancer[] {
  const listeners = ctx.ofType(...LISTENER_TYPES);
  const v2 = ctx.ofType(...LB_TYPES).map((balancer): LoadBalancer => {
    const internal = ctx.attr(balancer, 'internal');
    const type = knownString(ctx.attr(balancer, 'load_balancer_type')) ?? 'application';
    const { groups, resolved } = firewallGroups(ctx, balancer, type);
    const own = listeners.filter(
      (listener) => ctx.parentOf(listener, 'load_balancer_arn', LB_TYPES, ['arn']) === balancer,
    );
    return {
      kind: 'load-balancer',
      ref: ctx.ref(
        balancer,
        'aws',
        'elbv2:load-balancer',
        internal.state === 'unknown' ? ['internetFacing'] : [],
        knownString(ctx.attr(balancer, 'name')),
      ),
      flavour: type === 'network' || type === 'gateway' ? type : 'application',
      internetFacing: knownBoolean(internal) !== true,
      securityGroups: groups,
      ...(groups.length === 0 && resolved ? { firewall: 'none' as const } : {}),
      ...(resolved ? {} : { securityGroups: [...groups, '(named only after apply)'] }),
      listeners: own.map((listener): Listener => ({
        port: knownNumber(ctx.attr(listener, 'port')) ?? 0,
        protocol: (knownString(ctx.attr(listener, 'protocol')) ?? (type === 'network' ? 'tcp' : 'http')).toLowerCase(),
        ...(authenticates(listener) ? { authenticated: true } : {}),
        targets: targetsOf(ctx, listener),
      })),
    };
  });
  const classic = ctx.ofType('aws_elb').map((balancer): LoadBalancer => {
    const internal = ctx.attr(balancer, 'internal');
    const { groups, resolved } = firewallGroups(ctx, balancer, 'classic');
    const blocks = valueAt(balancer, ['listener']);
    const entries = blocks.state === 'known' && Array.isArray(blocks.value) ? (blocks.value as Json[]) : [];
    return {
      kind: 'load-balancer',
      ref: ctx.ref(
        balancer,
        'aws',
        'elb:load-balancer',
        internal.state === 'unknown' ? ['internetFacing'] : [],
        knownString(ctx.attr(balancer, 'name')),
      ),
      flavour: 'classic',
      internetFacing: knownBoolean(internal) !== true,
      securityGroups: resolved ? groups : [...groups, '(named only after apply)'],
      listeners: entries.map((entry) => ({
        port: Number(entry['lb_port'] ?? 0),
        protocol: String(entry['lb_protocol'] ?? 'tcp').toLowerCase(),
        targets: [
          { name: `instance port ${Number(entry['instance_port'] ?? 0)}`, port: Number(entry['instance_port'] ?? 0) },
        ],
      })),
    };
  });
  return [...v2, ...classic];
}

export function mapAwsClusters(ctx: PlanContext): KubernetesCluster[] {
  return ctx.ofType('aws_eks_cluster').map((cluster): KubernetesCluster => {
    const publicAccess = valueAt(cluster, ['vpc_config', 0, 'endpoint_public_access']);
    const version = knownString(ctx.attr(cluster, 'version'));
    const name = knownString(ctx.attr(cluster, 'name'));
    const base = { kind: 'kubernetes-cluster' as const, ...(version ? { version } : {}) };
    if (publicAccess.state === 'unknown')
      return { ...base, ref: ctx.ref(cluster, 'aws', 'eks:cluster', ['publicAccess'], name) };
    // Not set: the provider default, public access on. The endpoint's name is made at apply.
    if (publicAccess.state !== 'unset' && knownBoolean(publicAccess) !== true)
      return { ...base, ref: ctx.ref(cluster, 'aws', 'eks:cluster', [], name) };
    const publicEndpoint = { host: '', port: 443 };
    const value = valueAt(cluster, ['vpc_config', 0, 'public_access_cidrs']);
    // Unknown until apply: written (an expression) it is unknown; not written, AWS's default applies.
    if (value.state === 'unknown' && writesCidrs(ctx, cluster))
      return { ...base, ref: ctx.ref(cluster, 'aws', 'eks:cluster', ['publicAccessCidrs'], name), publicEndpoint };
    // Not set, empty or not written: AWS's default, every address.
    const cidrs = knownStrings(value) ?? [];
    return {
      ...base,
      ref: ctx.ref(cluster, 'aws', 'eks:cluster', [], name),
      publicEndpoint,
      publicAccessCidrs: cidrs.length > 0 ? cidrs : ['0.0.0.0/0'],
    };
  });
}

/** vpc_config { public_access_cidrs = … } is written in the configuration. */
function writesCidrs(ctx: PlanContext, cluster: PlannedResource): boolean {
  const block = resourceConfig(ctx.plan.configuration, cluster);
  const expressions =
    block && typeof block['expressions'] === 'object' && block['expressions'] !== null
      ? (block['expressions'] as Json)
      : {};
  const vpc = expressions['vpc_config'];
  return (
    Array.isArray(vpc) &&
    vpc.some((entry) => typeof entry === 'object' && entry !== null && 'public_access_cidrs' in entry)
  );
}

/** A default action asks for a login first (authenticate-oidc / authenticate-cognito). */
function authenticates(listener: PlannedResource): boolean {
  const actions = valueAt(listener, ['default_action'], { partial: false });
  return (
    actions.state === 'known' &&
    Array.isArray(actions.value) &&
    actions.value.some(
      (action) =>
        typeof action === 'object' &&
        action !== null &&
        String((action as Json)['type'] ?? '').startsWith('authenticate-'),
    )
  );
}
