// alicloud_slb_load_balancer (alicloud_slb) with alicloud_slb_listener, alicloud_slb_acl and
// alicloud_slb_server_group; alicloud_alb_load_balancer with alicloud_alb_listener,
// alicloud_alb_acl and alicloud_alb_server_group; alicloud_alidns_record; and
// alicloud_cs_managed_kubernetes / alicloud_cs_kubernetes → LoadBalancer / DnsZone /
// KubernetesCluster, as the live collectors read them:
// - address_type unknown or not written (the service then decides): judged as internet-facing and
//   marked unknown, never passed.
// - a listener's ACL (acl_status "on", acl_id / acl_config) is followed by reference to the planned
//   ACL and its entries (entry_list / acl_entries, plus *_acl_entry_attachment blocks); an ACL the
//   plan cannot name or whose entries are unknown leaves the listener unknown (tentative).
// - backends: backend_port, or the planned server group's servers' ports.
// - a DNS record whose value refers to a planned load balancer's address / dns_name names it (its
//   address is only known after apply); other records with known values are linked as live ones.
// - ACK: slb_internet_enabled defaults to true (an elastic IP for the API server).
import type {
  DnsRecord,
  DnsZone,
  KubernetesCluster,
  Listener,
  ListenerAcl,
  ListenerTarget,
  LoadBalancer,
  PublicName,
} from '../../cloud/inventory.js';
import { PLAN_ACCOUNT, type PlanContext } from '../context.js';
import type { Json, PlannedResource } from '../read.js';
import { knownNumber, knownString, tristate, valueAt, type Value } from '../values.js';
import { referenced } from './aws-front-doors.js';

const SLB_TYPES = ['alicloud_slb_load_balancer', 'alicloud_slb'];
const ALB_TYPES = ['alicloud_alb_load_balancer'];

const known = (value: Value): unknown => (value.state === 'known' ? value.value : undefined);
const list = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((entry): entry is Json => typeof entry === 'object' && entry !== null) : [];

/** Entries of a planned ACL (inline list plus attachment blocks); undefined when any is unknown. */
function aclEntries(
  ctx: PlanContext,
  acl: PlannedResource,
  inline: string,
  attachmentType: string,
): string[] | undefined {
  const written = valueAt(acl, [inline]);
  if (written.state === 'unknown') return undefined;
  const entries = written.state === 'known' ? list(written.value).map((entry) => entry['entry']) : [];
  const attached = ctx
    .ofType(attachmentType)
    .filter((attachment) => ctx.parentOf(attachment, 'acl_id', [acl.type], ['id']) === acl);
  const more = attached.map((attachment) => knownString(ctx.attr(attachment, 'entry')));
  const all = [...entries, ...more];
  return all.every((entry): entry is string => typeof entry === 'string') ? all : undefined;
}

function balancerRef(ctx: PlanContext, balancer: PlannedResource, type: string, internet: boolean | 'unknown') {
  return ctx.ref(
    balancer,
    'alibaba',
    type,
    internet === 'unknown' ? ['internetFacing'] : [],
    knownString(ctx.attr(balancer, 'load_balancer_name')) ?? knownString(ctx.attr(balancer, 'name')),
  );
}

function addressType(ctx: PlanContext, balancer: PlannedResource): boolean | 'unknown' {
  const value = ctx.attr(balancer, 'address_type');
  const known = knownString(value)?.toLowerCase();
  return known === 'internet' ? true : known === 'intranet' ? false : 'unknown';
}

function slbListener(ctx: PlanContext, listener: PlannedResource): Listener {
  const port = knownNumber(ctx.attr(listener, 'frontend_port')) ?? 0;
  const backend = knownNumber(ctx.attr(listener, 'backend_port'));
  const [group] = referenced(ctx, listener, 'server_group_id', ['alicloud_slb_server_group']);
  const groupPorts = group ? list(known(valueAt(group, ['servers']))).map((server) => Number(server['port'])) : [];
  const targets: ListenerTarget[] = group
    ? [...new Set(groupPorts.filter(Number.isFinite))].map((target) => ({
        name: `vServer group ${knownString(ctx.attr(group, 'name')) ?? group.address}`,
        port: target,
      }))
    : backend !== undefined
      ? [{ name: `backend port ${backend}`, port: backend }]
      : [];
  const status = ctx.attr(listener, 'acl_status');
  let acl: ListenerAcl | undefined;
  if (status.state === 'unknown' || knownString(status) === 'on') {
    const [planned] = referenced(ctx, listener, 'acl_id', ['alicloud_slb_acl']);
    const entries =
      status.state === 'unknown' || !planned
        ? undefined
        : aclEntries(ctx, planned, 'entry_list', 'alicloud_slb_acl_entry_attachment');
    acl = {
      ids: [planned?.address ?? knownString(ctx.attr(listener, 'acl_id')) ?? '(named only after apply)'],
      type: knownString(ctx.attr(listener, 'acl_type')) === 'black' ? 'black' : 'white',
      ...(entries ? { entries } : {}),
    };
  }
  return {
    port,
    protocol: (knownString(ctx.attr(listener, 'protocol')) ?? 'tcp').toLowerCase(),
    ...(acl ? { acl } : {}),
    targets,
  };
}

function albListener(ctx: PlanContext, listener: PlannedResource): Listener {
  const groups = referenced(ctx, listener, 'default_actions', ['alicloud_alb_server_group']);
  const targets = groups.flatMap((group): ListenerTarget[] => {
    const servers = valueAt(group, ['servers']);
    const ports =
      servers.state === 'known'
        ? [
            ...new Set(
              list(servers.value)
                .map((server) => Number(server['port']))
                .filter(Number.isFinite),
            ),
          ]
        : [];
    return ports.map((port) => ({ name: knownString(ctx.attr(group, 'server_group_name')) ?? group.address, port }));
  });
  const config = valueAt(listener, ['acl_config']);
  const relations = config.state === 'known' ? list(list(config.value)[0]?.['acl_relations']) : [];
  let acl: ListenerAcl | undefined;
  if (config.state === 'unknown' || relations.length > 0) {
    const planned = referenced(ctx, listener, 'acl_config', ['alicloud_alb_acl']);
    const entries =
      planned.length === relations.length && planned.length > 0
        ? planned.map((one) => aclEntries(ctx, one, 'acl_entries', 'alicloud_alb_acl_entry_attachment'))
        : [undefined];
    const merged = entries.every((entry) => entry !== undefined) ? entries.flatMap((entry) => entry ?? []) : undefined;
    const type =
      config.state === 'known' ? String(list(config.value)[0]?.['acl_type'] ?? 'White').toLowerCase() : 'white';
    acl = {
      ids: planned.length > 0 ? planned.map((one) => one.address) : ['(named only after apply)'],
      type: type === 'black' ? 'black' : 'white',
      ...(merged ? { entries: merged } : {}),
    };
  }
  return {
    port: knownNumber(ctx.attr(listener, 'listener_port')) ?? 0,
    protocol: (knownString(ctx.attr(listener, 'listener_protocol')) ?? 'http').toLowerCase(),
    ...(acl ? { acl } : {}),
    targets,
  };
}

/** The public names planned records give each planned load balancer (by reference to its address or DNS name). */
function plannedNames(ctx: PlanContext): Map<PlannedResource, PublicName[]> {
  const names = new Map<PlannedResource, PublicName[]>();
  for (const record of ctx.ofType('alicloud_alidns_record')) {
    const [target] = referenced(ctx, record, 'value', [...SLB_TYPES, ...ALB_TYPES]);
    const name = recordName(ctx, record);
    if (!target || !name) continue;
    names.set(
      target,
      [...(names.get(target) ?? []), { name: name.name, zone: name.zone, probe: false }].sort((a, b) =>
        a.name < b.name ? -1 : 1,
      ),
    );
  }
  return names;
}

function recordName(ctx: PlanContext, record: PlannedResource): { name: string; zone: string } | undefined {
  const zone = knownString(ctx.attr(record, 'domain_name'))?.toLowerCase().replace(/\.$/, '');
  const rr = knownString(ctx.attr(record, 'rr'))?.toLowerCase();
  if (!zone || !rr || rr.includes('*') || knownString(ctx.attr(record, 'status'))?.toUpperCase() === 'DISABLE')
    return undefined;
  return { name: rr === '@' ? zone : `${rr}.${zone}`, zone };
}

export function mapAlibabaLoadBalancers(ctx: PlanContext): LoadBalancer[] {
  const names = plannedNames(ctx);
  const withNames = (balancer: PlannedResource) => (names.get(balancer) ? { publicNames: names.get(balancer)! } : {});
  const slbListeners = ctx.ofType('alicloud_slb_listener');
  const slb = ctx.ofType(...SLB_TYPES).map((balancer): LoadBalancer => {
    const internet = addressType(ctx, balancer);
    return {
      kind: 'load-balancer',
      ref: balancerRef(ctx, balancer, 'slb:load-balancer', internet),
      flavour: 'classic',
      internetFacing: internet !== false,
      securityGroups: [],
      firewall: 'none',
      listeners: slbListeners
        .filter((listener) => ctx.parentOf(listener, 'load_balancer_id', SLB_TYPES, ['id']) === balancer)
        .map((listener) => slbListener(ctx, listener)),
      ...withNames(balancer),
    };
  });
  const albListeners = ctx.ofType('alicloud_alb_listener');
  const alb = ctx.ofType(...ALB_TYPES).map((balancer): LoadBalancer => {
    const internet = addressType(ctx, balancer);
    return {
      kind: 'load-balancer',
      ref: balancerRef(ctx, balancer, 'alb:load-balancer', internet),
      flavour: 'application',
      internetFacing: internet !== false,
      securityGroups: [],
      firewall: 'none',
      listeners: albListeners
        .filter((listener) => ctx.parentOf(listener, 'load_balancer_id', ALB_TYPES, ['id']) === balancer)
        .map((listener) => albListener(ctx, listener)),
      ...withNames(balancer),
    };
  });
  return [...slb, ...alb];
}

/** Planned records with known values, one zone per domain (linked to known public addresses as live zones are). */
export function mapAlibabaDomains(ctx: PlanContext): DnsZone[] {
  const zones = new Map<string, DnsRecord[]>();
  for (const record of ctx.ofType('alicloud_alidns_record')) {
    const name = recordName(ctx, record);
    const type = knownString(ctx.attr(record, 'type'))?.toUpperCase();
    const value = knownString(ctx.attr(record, 'value'));
    if (!name || !value || (type !== 'A' && type !== 'AAAA' && type !== 'CNAME')) continue;
    zones.set(name.zone, [
      ...(zones.get(name.zone) ?? []),
      { name: name.name, type, values: [type === 'CNAME' ? value.toLowerCase().replace(/\.$/, '') : value] },
    ]);
  }
  return [...zones].map(([zone, records]) => ({
    kind: 'dns-zone',
    ref: { provider: 'alibaba', account: PLAN_ACCOUNT, region: 'global', type: 'alidns:domain', id: zone, name: zone },
    public: true,
    probeNames: false,
    records,
  }));
}

export function mapAlibabaClusters(ctx: PlanContext): KubernetesCluster[] {
  return ctx.ofType('alicloud_cs_managed_kubernetes', 'alicloud_cs_kubernetes').map((cluster): KubernetesCluster => {
    const version = knownString(ctx.attr(cluster, 'version'));
    const name = knownString(ctx.attr(cluster, 'name'));
    const base = { kind: 'kubernetes-cluster' as const, ...(version ? { version } : {}) };
    // Not written: the provider default, an internet-facing CLB (elastic IP) for the API server.
    const internet = tristate(ctx.attr(cluster, 'slb_internet_enabled'), true);
    if (internet === 'unknown')
      return { ...base, ref: ctx.ref(cluster, 'alibaba', 'cs:cluster', ['publicAccess'], name) };
    return {
      ...base,
      ref: ctx.ref(cluster, 'alibaba', 'cs:cluster', [], name),
      ...(internet ? { publicEndpoint: { host: '', port: 6443 } } : {}),
    };
  });
}
