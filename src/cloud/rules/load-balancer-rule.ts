// "An internet-facing load balancer forwards a public listener to a database or console port",
// for any provider. The listener's firewall (security groups, or an access-control list) is judged
// like any whitelist: a listener only an office range may reach is closed; one whose firewall
// could not be read is reported as unknown (cannot tell yet), never passed. The endpoint a probe checks is the
// load balancer's own DNS name and listener port, or, when the account allows it (probeNames),
// the public DNS names that lead to it; HTTPS listeners are spoken to in TLS with that name as SNI.
import { loadBalancerFix } from '../../fix/load-balancer.js';
import { defineResourceRule, type ResourceFindingDraft, type ResourceRule, type RuleMeta } from '../../engine/rule.js';
import type { Severity } from '../../engine/types.js';
import { portVerdict, type IngressRule, type PortVerdict } from '../ingress.js';
import type { Listener, ListenerAcl, LoadBalancer, Provider } from '../inventory.js';
import { SERVICE_PORTS } from '../service-ports.js';

type Reach =
  | { readonly state: 'open'; readonly source: string }
  | { readonly state: 'unknown'; readonly reason: string }
  | { readonly state: 'closed' };

const EVERY_ADDRESS = ['0.0.0.0/0', '::/0'];

/**
 * A listener's access-control list as firewall rules: a whitelist accepts its entries; a
 * blacklist drops its entries and accepts everything else. Entries go through the same address
 * algebra as security groups, so `198.51.100.0/24` alone is closed and a blacklist of
 * `0.0.0.0/0` still leaves IPv6 open.
 */
function aclRules(acl: ListenerAcl & { readonly entries: readonly string[] }): IngressRule[] {
  const all = { protocol: 'all', fromPort: 0, toPort: 65535 } as const;
  if (acl.type === 'white')
    return [{ ...all, id: acl.ids.join(','), sources: acl.entries, policy: 'accept', priority: 1 }];
  return [
    { ...all, id: acl.ids.join(','), sources: acl.entries, policy: 'drop', priority: 1 },
    // One rule per family, so the verdict names the family that is still admitted.
    ...EVERY_ADDRESS.map((source) => ({
      ...all,
      id: 'not blacklisted',
      sources: [source],
      policy: 'accept' as const,
      priority: 2,
    })),
  ];
}

function aclReach(acl: ListenerAcl, listener: Listener): Reach {
  const ids = acl.ids.join(', ');
  if (!acl.entries) return { state: 'unknown', reason: `its access-control list ${ids} could not be read` };
  // Alibaba: a whitelist or blacklist without a single entry forwards every request.
  if (acl.entries.length === 0) return { state: 'open', source: `every address (${acl.type}list ${ids} is empty)` };
  const verdict = portVerdict(
    aclRules({ ...acl, entries: acl.entries }),
    listener.port,
    listener.protocol === 'udp' ? 'udp' : 'tcp',
  );
  if (verdict.state === 'open') return { state: 'open', source: `${verdict.source} (${acl.type}list ${ids})` };
  return verdict.state === 'unknown' ? { state: 'unknown', reason: verdict.reason } : { state: 'closed' };
}

function listenerReach(balancer: LoadBalancer, listener: Listener): Reach {
  if (listener.acl) return aclReach(listener.acl, listener);
  if (balancer.firewall === 'none') {
    return {
      state: 'open',
      source:
        balancer.ref.provider === 'alibaba'
          ? 'every address (no access-control list on the listener)'
          : 'every address (no security group in front)',
    };
  }
  if (!balancer.firewall)
    return {
      state: 'unknown',
      reason: `its security group(s) ${balancer.securityGroups.join(', ')} could not be read`,
    };
  const verdict: PortVerdict = portVerdict(
    balancer.firewall.rules,
    listener.port,
    listener.protocol === 'udp' ? 'udp' : 'tcp',
  );
  return verdict.state === 'open'
    ? { state: 'open', source: verdict.source }
    : verdict.state === 'unknown'
      ? { state: 'unknown', reason: verdict.reason }
      : { state: 'closed' };
}

/** Where a probe knocks: the names the account lets us probe, else the load balancer's own DNS name. */
function probeHosts(balancer: LoadBalancer): string[] {
  const names = (balancer.publicNames ?? []).filter((name) => name.probe).map((name) => name.name);
  return names.length > 0 ? names : balancer.dnsName ? [balancer.dnsName] : [];
}

function severityOf(listener: Listener, served: Listener['targets']): Severity | undefined {
  // The load balancer asks for a login (OIDC / Cognito) before forwarding anything.
  if (listener.authenticated) return 'low';
  // Nothing behind it answers now: still a door, lower in the ranking.
  if (served.every((target) => target.healthy === 0)) return 'medium';
  return undefined;
}

function draftFor(
  balancer: LoadBalancer,
  listener: Listener,
  reach: Exclude<Reach, { state: 'closed' }>,
): ResourceFindingDraft | undefined {
  const served = listener.targets.filter((target) => SERVICE_PORTS[target.port] !== undefined);
  if (served.length === 0) return undefined;
  const products = [...new Set(served.flatMap((target) => SERVICE_PORTS[target.port] ?? []))];
  const names = (balancer.publicNames ?? []).map((name) => name.name);
  const where = [...names, ...(balancer.dnsName ? [balancer.dnsName] : [])].join(' → ');
  const targets = served
    .map(
      (target) =>
        `${target.name} port ${target.port}${target.registered === undefined ? '' : target.healthy === undefined ? `, ${target.registered} registered` : `, ${target.healthy}/${target.registered} healthy`}`,
    )
    .join('; ');
  const label = `Internet-facing ${balancer.flavour} load balancer ${balancer.ref.id}${where ? ` (${where})` : ''}`;
  const severity = severityOf(listener, served);
  return {
    product: products[0]!,
    resource: `${listener.protocol}/${listener.port}`,
    message:
      reach.state === 'open'
        ? `${label} forwards ${listener.protocol.toUpperCase()} ${listener.port} from ${reach.source} to ${targets} (${products.join('/')})${listener.authenticated ? ', behind its own login' : ''}.`
        : `${label} may forward ${listener.protocol.toUpperCase()} ${listener.port} from the internet to ${targets} (${products.join('/')}): ${reach.reason}.`,
    confidence: reach.state === 'open' ? 'firm' : 'unknown',
    evidence: {
      loadBalancer: balancer.ref.id,
      dnsName: balancer.dnsName ?? null,
      publicNames: names,
      listener: `${listener.protocol}/${listener.port}`,
      targetGroups: served.map((target) => target.name),
      targetPorts: served.map((target) => target.port),
      healthyTargets: served.map((target) => target.healthy ?? -1),
      source: reach.state === 'open' ? reach.source : null,
      undecidedBecause: reach.state === 'unknown' ? reach.reason : null,
      securityGroups: balancer.securityGroups,
      ...(listener.acl
        ? { aclIds: listener.acl.ids, aclType: listener.acl.type, aclEntries: listener.acl.entries ?? null }
        : {}),
    },
    impliedEndpoints: probeHosts(balancer).map((host) => ({
      host,
      port: listener.port,
      products,
      ...(listener.protocol === 'https' ? { tls: true } : {}),
    })),
    ...(severity ? { severity } : {}),
  };
}

export function loadBalancerRule(meta: RuleMeta, provider: Provider): ResourceRule {
  return defineResourceRule({
    meta,
    resources: ['load-balancer'],
    fix: loadBalancerFix(provider),
    checkResource(balancer) {
      if (balancer.ref.provider !== provider || !balancer.internetFacing) return [];
      return balancer.listeners.flatMap((listener) => {
        const reach = listenerReach(balancer, listener);
        if (reach.state === 'closed') return [];
        const draft = draftFor(balancer, listener, reach);
        return draft ? [draft] : [];
      });
    },
  });
}
