// Server Load Balancer, now Classic Load Balancer (SLB/CLB, 2014-05-15): which internet-facing
// instance forwards which listener port to which backend port, behind which access-control list.
//   DescribeLoadBalancers           PageNumber/PageSize (≤ 100), TotalCount, LoadBalancers.LoadBalancer[]
//                                   (AddressType internet | intranet, Address: the instance's IP)
//   DescribeLoadBalancerListeners   LoadBalancerId.1, NextToken/MaxResults (≤ 100), Listeners[] (not wrapped):
//                                   ListenerPort, ListenerProtocol, BackendServerPort (absent with a VServerGroupId),
//                                   AclStatus on|off, AclType white|black, AclId / AclIds
//   DescribeVServerGroupAttribute   BackendServers.BackendServer[].Port (a listener's vServer group)
//   DescribeAccessControlListAttribute  Page/PageSize (≤ 50), TotalAclEntry, AclEntrys.AclEntry[].AclEntryIP
// (aliyun/alibaba-cloud-sdk-go services/slb response structs, snapshot 8666508d.) Only internet
// instances have their listeners read: an intranet one has no public address whatever it
// forwards. An instance whose listeners could not be read is left out (the gap names it); an ACL
// or vServer group that could not be read leaves the listener unknown, never closed.
import type { Listener, ListenerAcl, ListenerTarget, LoadBalancer } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, strings, text, unique } from './json.js';
import { collectBalancers, mergedAclEntries, readOnce } from './load-balancers.js';
import { allNumberedPages, allTokenPages, type Session } from './session.js';

const PAGE = 100;
const ACL_PAGE = 50;

/** The ACL ids a listener names: AclIds when the service sends them, else AclId. */
function listenerAclIds(listener: Json): string[] {
  const many = strings(listener, 'AclIds');
  const one = text(listener, 'AclId');
  return unique([...many, ...(one ? one.split(',').map((id) => id.trim()) : [])])
    .filter(Boolean)
    .sort();
}

/**
 * One CLB listener as exposcan judges it. `groupPorts`: the backend ports of its vServer group
 * (undefined: unreadable); `aclEntries`: entries of every ACL it names (undefined: unreadable).
 */
function normalizeSlbListener(
  listener: Json,
  groupPorts: readonly number[] | undefined,
  aclEntries: readonly string[] | undefined,
): Listener {
  const port = int(listener, 'ListenerPort') ?? 0;
  const group = text(listener, 'VServerGroupId');
  const backend = int(listener, 'BackendServerPort');
  const targets: ListenerTarget[] = group
    ? (groupPorts ?? []).map((target) => ({ name: `vServer group ${group}`, port: target }))
    : backend !== undefined
      ? [{ name: `backend port ${backend}`, port: backend }]
      : [];
  const aclOn = text(listener, 'AclStatus')?.toLowerCase() === 'on';
  const ids = listenerAclIds(listener);
  const acl: ListenerAcl | undefined =
    aclOn && ids.length > 0
      ? {
          ids,
          type: text(listener, 'AclType')?.toLowerCase() === 'black' ? 'black' : 'white',
          ...(aclEntries ? { entries: aclEntries } : {}),
        }
      : undefined;
  return {
    port,
    protocol: (text(listener, 'ListenerProtocol') ?? 'tcp').toLowerCase(),
    ...(acl ? { acl } : {}),
    targets,
  };
}

async function aclEntries(session: Session, region: string, aclId: string): Promise<string[]> {
  const entries = await allNumberedPages(
    (page) =>
      session.rpc('slb', region, 'DescribeAccessControlListAttribute', {
        AclId: aclId,
        Page: page,
        PageSize: ACL_PAGE,
      }),
    (page) => list(page, 'AclEntrys', 'AclEntry'),
    (page) => int(page, 'TotalAclEntry'),
    ACL_PAGE,
  );
  return entries.map((entry) => text(entry, 'AclEntryIP')).filter((entry): entry is string => entry !== undefined);
}

const SLB = { type: 'slb:load-balancer', flavour: 'classic', address: 'Address' } as const;

export async function collectSlb(session: Session, region: string): Promise<LoadBalancer[]> {
  const balancers = await session.attempt(region, session.call('slb', 'DescribeLoadBalancers'), () =>
    allNumberedPages(
      (pageNumber) => session.rpc('slb', region, 'DescribeLoadBalancers', { PageNumber: pageNumber, PageSize: PAGE }),
      (page) => list(page, 'LoadBalancers', 'LoadBalancer'),
      (page) => int(page, 'TotalCount'),
      PAGE,
    ),
  );
  // vServer groups and ACLs are shared between listeners: each is read once.
  const groupPorts = readOnce((id) =>
    session.attempt(
      region,
      session.call('slb', 'DescribeVServerGroupAttribute'),
      async () => {
        const body = await session.rpc('slb', region, 'DescribeVServerGroupAttribute', { VServerGroupId: id });
        return unique(
          list(body, 'BackendServers', 'BackendServer')
            .map((server) => int(server, 'Port'))
            .filter((port): port is number => port !== undefined),
        ).sort((a, b) => a - b);
      },
      id,
      'its load balancer left out',
    ),
  );
  const aclOf = readOnce((id) =>
    session.attempt(
      region,
      session.call('slb', 'DescribeAccessControlListAttribute'),
      () => aclEntries(session, region, id),
      id,
      'listener judged as unknown',
    ),
  );
  const listenerOf = async (listener: Json): Promise<Listener | undefined> => {
    const group = text(listener, 'VServerGroupId');
    const ports = group ? await groupPorts(group) : undefined;
    // Backends unreadable: the gap says so; without them the listener would read as forwarding nothing.
    if (group && !ports) return undefined;
    const aclOn = text(listener, 'AclStatus')?.toLowerCase() === 'on';
    const entries = aclOn ? await Promise.all(listenerAclIds(listener).map(aclOf)) : [];
    return normalizeSlbListener(listener, ports, mergedAclEntries(entries));
  };
  return collectBalancers(session, region, balancers ?? [], SLB, async (id) => {
    const pages = await session.attempt(
      region,
      session.call('slb', 'DescribeLoadBalancerListeners'),
      () =>
        allTokenPages(
          (token) =>
            session.rpc('slb', region, 'DescribeLoadBalancerListeners', {
              'LoadBalancerId.1': id,
              MaxResults: PAGE,
              ...(token ? { NextToken: token } : {}),
            }),
          (page) => text(page, 'NextToken'),
        ),
      id,
      'load balancer left out',
    );
    return pages && Promise.all(pages.flatMap((page) => list(page, 'Listeners')).map(listenerOf));
  });
}
