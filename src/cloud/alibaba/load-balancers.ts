// What the two Alibaba load balancer collectors share (ALB, and SLB/CLB): the instance as the
// inventory keeps it, each internet-facing instance read with its listeners and left out when one
// of them could not be read, shared server groups and ACLs read once, and ACL entries merged.
import type { Listener, LoadBalancer } from '../inventory.js';
import type { Json } from './client.js';
import { text, unique } from './json.js';
import type { Session } from './session.js';

interface Flavour {
  /** The resource type of refs and gaps: `alb:load-balancer`, `slb:load-balancer`. */
  readonly type: string;
  readonly flavour: LoadBalancer['flavour'];
  /** The field holding the instance's public name: ALB's DNSName, CLB's Address (its IP). */
  readonly address: string;
}

/** A reader that reads each id once, however many listeners name it (server groups, ACLs). */
export function readOnce<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const reads = new Map<string, Promise<T>>();
  return (id) => {
    let answer = reads.get(id);
    if (!answer) {
      answer = read(id);
      reads.set(id, answer);
    }
    return answer;
  };
}

/** The entries of every ACL a listener names, merged; undefined when one could not be read (the listener is unknown). */
export function mergedAclEntries(entries: readonly (readonly string[] | undefined)[]): string[] | undefined {
  return entries.some((entry) => entry === undefined) ? undefined : unique(entries.flatMap((entry) => entry ?? []));
}

function normalizeBalancer(
  balancer: Json,
  listeners: readonly Listener[],
  session: Session,
  region: string,
  { type, flavour, address }: Flavour,
): LoadBalancer {
  const dnsName = text(balancer, address);
  const name = text(balancer, 'LoadBalancerName');
  return {
    kind: 'load-balancer',
    ref: session.ref(region, type, text(balancer, 'LoadBalancerId') ?? '', name),
    flavour,
    internetFacing: text(balancer, 'AddressType')?.toLowerCase() === 'internet',
    ...(dnsName ? { dnsName: dnsName.toLowerCase() } : {}),
    securityGroups: [],
    listeners: [...listeners].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1)),
  };
}

/**
 * Each listed instance: an intranet one with no listeners (it has no public address whatever it
 * forwards), an internet one with `listenersOf` its id, left out when they are undefined or one
 * of them is (the gap names it).
 */
export async function collectBalancers(
  session: Session,
  region: string,
  balancers: readonly Json[],
  flavour: Flavour,
  listenersOf: (id: string) => Promise<readonly (Listener | undefined)[] | undefined>,
): Promise<LoadBalancer[]> {
  const found = await session.mapLimit(balancers, async (balancer): Promise<LoadBalancer | undefined> => {
    const id = text(balancer, 'LoadBalancerId');
    if (!id) return undefined;
    if (text(balancer, 'AddressType')?.toLowerCase() !== 'internet')
      return normalizeBalancer(balancer, [], session, region, flavour);
    const listeners = await listenersOf(id);
    if (!listeners || listeners.some((listener) => listener === undefined)) return undefined;
    return normalizeBalancer(balancer, listeners as Listener[], session, region, flavour);
  });
  return found.filter((balancer): balancer is LoadBalancer => balancer !== undefined);
}
