// After collection, what one resource says about another: a load balancer's security groups
// become the firewall in front of it, and the public DNS names whose records lead to it (through
// A/AAAA values, CNAMEs and aliases, within the zones of the same inventory) become its names, as
// do the names leading to the public addresses a security group guards.
// Pure: the same inventory always links the same way, live or from a Terraform plan.
import type { CloudResource, DnsZone, FrontFirewall, LoadBalancer, PublicName, SecurityGroup } from './inventory.js';

/** CNAME/alias chains longer than this are not followed (real resolvers stop near here too). */
const MAX_CHAIN = 8;

const groupKey = (account: string, region: string, id: string) => `${account}\u0000${region}\u0000${id}`;

function firewallOf(balancer: LoadBalancer, groups: ReadonlyMap<string, SecurityGroup>): FrontFirewall | undefined {
  if (balancer.securityGroups.length === 0) return 'none';
  const found = balancer.securityGroups.map((id) =>
    groups.get(groupKey(balancer.ref.account, balancer.ref.region, id)),
  );
  // A group that could not be read leaves the firewall unknown, never closed.
  if (found.some((group) => group === undefined)) return undefined;
  return { groups: balancer.securityGroups, rules: found.flatMap((group) => group!.rules) };
}

/** Every public name → the hosts and addresses it finally resolves to, in the records themselves. */
function resolveNames(zones: readonly DnsZone[]): Map<string, { readonly zone: DnsZone; readonly ends: Set<string> }> {
  const records = new Map<string, { zone: DnsZone; values: { type: string; value: string }[] }>();
  for (const zone of zones) {
    if (!zone.public) continue;
    for (const record of zone.records) {
      const entry = records.get(record.name) ?? { zone, values: [] };
      entry.values.push(...record.values.map((value) => ({ type: record.type, value: value.toLowerCase() })));
      records.set(record.name, entry);
    }
  }
  const ends = (name: string, depth: number, seen: Set<string>): string[] => {
    const entry = records.get(name);
    if (!entry || depth > MAX_CHAIN || seen.has(name)) return entry ? [] : [name];
    seen.add(name);
    return entry.values.flatMap(({ type, value }) =>
      type === 'A' || type === 'AAAA' ? [value] : [value, ...ends(value, depth + 1, seen)],
    );
  };
  return new Map([...records].map(([name, { zone }]) => [name, { zone, ends: new Set(ends(name, 0, new Set())) }]));
}

/** The public names leading to `host` (a load balancer's DNS name, a public address), sorted. */
function namesLeadingTo(host: string, resolved: ReturnType<typeof resolveNames>): PublicName[] {
  const target = host.toLowerCase();
  return [...resolved]
    .filter(([name, { ends }]) => name !== target && ends.has(target))
    .map(([name, { zone }]) => ({ name, zone: zone.ref.name ?? zone.ref.id, probe: zone.probeNames }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function linkResources(resources: readonly CloudResource[]): CloudResource[] {
  const groups = new Map<string, SecurityGroup>();
  const zones: DnsZone[] = [];
  for (const resource of resources) {
    if (resource.kind === 'security-group')
      groups.set(groupKey(resource.ref.account, resource.ref.region, resource.ref.id), resource);
    if (resource.kind === 'dns-zone') zones.push(resource);
  }
  const resolved = resolveNames(zones);
  return resources.map((resource) => {
    if (resource.kind === 'security-group') {
      const byName = new Map(
        resource.publicIps.flatMap((address) => namesLeadingTo(address, resolved)).map((name) => [name.name, name]),
      );
      const names = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return names.length > 0 ? { ...resource, publicNames: names } : resource;
    }
    if (resource.kind !== 'load-balancer') return resource;
    const firewall = resource.firewall ?? firewallOf(resource, groups);
    const names = resource.dnsName ? namesLeadingTo(resource.dnsName, resolved) : [];
    return { ...resource, ...(firewall ? { firewall } : {}), ...(names.length > 0 ? { publicNames: names } : {}) };
  });
}
