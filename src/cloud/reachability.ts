// Verdicts that take two resources of one inventory: a database made public by one setting
// (AWS RDS PubliclyAccessible) is reachable from the internet only if the security groups
// attached to it also admit every address on its port. Computed once per inventory, before the
// rules run, and attached to the resource as evidence the rule reads (rules stay pure, one
// resource at a time). Alibaba's managed databases carry their whitelist on the resource itself,
// so their rules need nothing from here.
import { portVerdict, type PortVerdict } from './ingress.js';
import type { CloudResource, DatabaseInstance, FirewallPath, Inventory, SecurityGroup } from './inventory.js';

const groupKey = (ref: CloudResource['ref'], id: string) =>
  `${ref.provider}\u0000${ref.account}\u0000${ref.region}\u0000${id}`;

/** The path to one port through the attached groups: open if any group opens it, closed only if every group was read and closes it. */
function firewallPath(
  port: number,
  attached: readonly string[],
  groups: ReadonlyMap<string, SecurityGroup>,
  ref: CloudResource['ref'],
): FirewallPath {
  const verdicts: { id: string; verdict: PortVerdict | undefined }[] = attached.map((id) => {
    const group = groups.get(groupKey(ref, id));
    return { id, verdict: group ? portVerdict(group.rules, port) : undefined };
  });
  for (const { id, verdict } of verdicts) {
    if (verdict?.state === 'open')
      return {
        state: 'open',
        port,
        group: id,
        source: verdict.source,
        ...(verdict.rule.id ? { ruleId: verdict.rule.id } : {}),
      };
  }
  const unread = verdicts.filter(({ verdict }) => verdict === undefined).map(({ id }) => id);
  if (unread.length > 0) return { state: 'unknown', port, reason: `security group ${unread.join(', ')} was not read` };
  const undecided = verdicts.find(({ verdict }) => verdict?.state === 'unknown');
  if (undecided?.verdict?.state === 'unknown')
    return { state: 'unknown', port, reason: `security group ${undecided.id}: ${undecided.verdict.reason}` };
  if (attached.length === 0) return { state: 'unknown', port, reason: 'no security group is known for it' };
  return { state: 'closed', port, groups: attached };
}

/**
 * The path to a resource that listens on several public ports (an MSK cluster's TLS, SASL/SCRAM
 * and IAM listeners): open if any port is open, unknown if any is undecided, closed only when
 * every port is closed (named by the first).
 */
function firewallPathToPorts(
  ports: readonly number[],
  attached: readonly string[],
  groups: ReadonlyMap<string, SecurityGroup>,
  ref: CloudResource['ref'],
): FirewallPath {
  const paths = [...new Set(ports)].map((port) => firewallPath(port, attached, groups, ref));
  return (
    paths.find((path) => path.state === 'open') ??
    paths.find((path) => path.state === 'unknown') ??
    paths[0] ?? { state: 'unknown', port: 0, reason: 'no public port is known' }
  );
}

/** The inventory with each AWS database or broker that has a public endpoint and known security groups given its firewall path (every public port judged). */
export function linkReachability(inventory: Inventory): Inventory {
  const groups = new Map<string, SecurityGroup>();
  for (const resource of inventory.resources)
    if (resource.kind === 'security-group') groups.set(groupKey(resource.ref, resource.ref.id), resource);
  let changed = false;
  const resources = inventory.resources.map((resource): CloudResource => {
    if (resource.kind !== 'database' || !resource.securityGroups || resource.publicEndpoints.length === 0)
      return resource;
    changed = true;
    const linked: DatabaseInstance = {
      ...resource,
      firewall: firewallPathToPorts(
        resource.publicEndpoints.map((endpoint) => endpoint.port),
        resource.securityGroups,
        groups,
        resource.ref,
      ),
    };
    return linked;
  });
  return changed ? { ...inventory, resources } : inventory;
}
