// Which service ports a firewall (an Alibaba ECS security group, an AWS security group) opens
// to the whole internet, with the semantics the providers document:
// - Alibaba: rules are evaluated by Priority (1 is first); at equal priority Drop beats Accept;
//   the first rule matching a packet decides. AWS: allow rules only, any match allows.
// - both IPv4 and IPv6 sources count; a prefix list that could not be resolved makes the answer
//   "unknown", never "closed".
// "Open to the internet" means: an Accept rule whose source is every address (0.0.0.0/0 or ::/0)
// still decides some public address after every rule before it has taken its share.
import { cidrSet, EMPTY, isEmpty, parseCidr, publicPart, subtract, union, type AddressSet } from './address-set.js';

export interface IngressRule {
  /** The provider's id for the rule, for evidence. */
  readonly id?: string;
  /** tcp, udp, icmp, gre… or all. Lowercase. */
  readonly protocol: string;
  /** Inclusive port range; all ports for -1/-1 rules. */
  readonly fromPort: number;
  readonly toPort: number;
  /** CIDRs the rule admits (prefix lists already resolved into them). */
  readonly sources: readonly string[];
  /** A prefix list or group that could not be resolved: its addresses are unknown. */
  readonly unresolvedSources?: readonly string[];
  readonly policy: 'accept' | 'drop';
  /** Lower is evaluated first (Alibaba 1–100). AWS rules all share one priority. */
  readonly priority: number;
}

export type PortVerdict =
  | { readonly port: number; readonly state: 'open'; readonly rule: IngressRule; readonly source: string }
  | { readonly port: number; readonly state: 'closed' }
  | { readonly port: number; readonly state: 'unknown'; readonly reason: string };

const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

function sourceSet(rule: IngressRule): AddressSet {
  return rule.sources.reduce((set, source) => {
    const cidr = parseCidr(source);
    return cidr ? union(set, cidrSet(cidr)) : set;
  }, EMPTY);
}

function covers(rule: IngressRule, protocol: string, port: number): boolean {
  if (rule.protocol !== 'all' && rule.protocol !== protocol) return false;
  return port >= rule.fromPort && port <= rule.toPort;
}

function everywhereSource(rule: IngressRule): string | undefined {
  return (
    rule.sources.find((source) => {
      const cidr = parseCidr(source);
      return cidr !== undefined && cidr.prefix === 0;
    }) ?? rule.sources.find((source) => EVERYWHERE.has(source))
  );
}

/** Evaluation order: priority ascending, Drop before Accept at equal priority. */
function evaluationOrder(rules: readonly IngressRule[]): IngressRule[] {
  return [...rules].sort(
    (a, b) => a.priority - b.priority || (a.policy === b.policy ? 0 : a.policy === 'drop' ? -1 : 1),
  );
}

export function portVerdict(rules: readonly IngressRule[], port: number, protocol = 'tcp'): PortVerdict {
  let decided = EMPTY;
  let uncertain: string | undefined;
  for (const rule of evaluationOrder(rules)) {
    if (!covers(rule, protocol, port)) continue;
    const everywhere = everywhereSource(rule);
    if (rule.policy === 'accept' && everywhere) {
      const stillDecides = publicPart(subtract(sourceSet(rule), decided));
      if (!isEmpty(stillDecides)) {
        // An earlier rule with unknown sources might have dropped exactly these addresses.
        if (uncertain) return { port, state: 'unknown', reason: uncertain };
        return { port, state: 'open', rule, source: everywhere };
      }
    }
    if (rule.unresolvedSources?.length) {
      if (rule.policy === 'accept')
        return { port, state: 'unknown', reason: `source ${rule.unresolvedSources.join(', ')} could not be resolved` };
      uncertain ??= `drop rule source ${rule.unresolvedSources.join(', ')} could not be resolved`;
    }
    decided = union(decided, sourceSet(rule));
  }
  return { port, state: 'closed' };
}

/** The verdict for each port, in the order given. */
export function publicIngress(rules: readonly IngressRule[], ports: readonly number[]): PortVerdict[] {
  return ports.map((port) => portVerdict(rules, port));
}

/**
 * An IP whitelist (Alibaba RDS, Redis, MongoDB, PolarDB, ClickHouse, Elasticsearch, Kibana) is
 * open to the internet when an entry admits every address: `0.0.0.0` (Alibaba's own "all"
 * entry), `0.0.0.0/0`, `::/0`; or when its entries together leave no public address of an IP
 * version out (`0.0.0.0/1,128.0.0.0/1`: ApsaraDB for ClickHouse refuses 0.0.0.0/0 itself, not
 * its halves). Entries are parsed as CIDRs, never matched as text: `10.0.0.0/8` is not open.
 */
export function openWhitelistEntries(entries: readonly string[]): string[] {
  const cleaned = entries
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const single = cleaned.filter((entry) => {
    if (entry === '0.0.0.0') return true;
    const cidr = parseCidr(entry);
    return cidr !== undefined && cidr.prefix === 0 && entry.includes('/');
  });
  if (single.length > 0) return single;
  for (const [version, everything] of [
    [4, '0.0.0.0/0'],
    [6, '::/0'],
  ] as const) {
    const parts = cleaned.flatMap((entry) => {
      const cidr = parseCidr(entry);
      return cidr?.version === version ? [{ entry, set: cidrSet(cidr) }] : [];
    });
    const covered = parts.reduce((set, part) => union(set, part.set), EMPTY);
    if (parts.length > 0 && isEmpty(publicPart(subtract(cidrSet(parseCidr(everything)!), covered))))
      return parts.filter((part) => !isEmpty(publicPart(part.set))).map((part) => part.entry);
  }
  return [];
}
