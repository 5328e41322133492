// Application Load Balancer (ALB, 2020-06-16): which internet-facing instance forwards which
// listener to which server group, on which backend ports, behind which access-control list.
//   ListLoadBalancers       NextToken/MaxResults (≤ 100), LoadBalancers[] (AddressType Internet | Intranet, DNSName)
//   ListListeners           LoadBalancerIds.1, NextToken/MaxResults, Listeners[] (ListenerId, ListenerPort, ListenerProtocol HTTP|HTTPS|QUIC)
//   GetListenerAttribute    ListenerId: AclConfig {AclType White|Black, AclRelations[] {AclId, Status}},
//                           DefaultActions[] {Type ForwardGroup, ForwardGroupConfig.ServerGroupTuples[].ServerGroupId}
//   ListAclEntries          AclId, NextToken/MaxResults, AclEntries[] {Entry, Status}
//   ListServerGroupServers  ServerGroupId, NextToken/MaxResults, Servers[] {ServerId, Port, Status}
// (aliyun/alibaba-cloud-sdk-go services/alb response structs, snapshot 8666508d: ALB lists are
// plain arrays, not wrapped.) As for CLB, only internet-facing instances have their listeners
// read; one whose listeners, listener attributes or server groups could not be read is left out
// (the gap names it); an ACL that could not be read leaves the listener unknown.
import type { Listener, ListenerAcl, ListenerTarget, LoadBalancer } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text, unique } from './json.js';
import { collectBalancers, mergedAclEntries, readOnce } from './load-balancers.js';
import { allTokenPages, type Session } from './session.js';

const PAGE = 100;

/** Server group ids a listener's default actions forward to. */
function forwardedServerGroups(attribute: Json): string[] {
  return unique(
    list(attribute, 'DefaultActions')
      .filter((action) => text(action, 'Type') === 'ForwardGroup')
      .flatMap((action) =>
        list(action.ForwardGroupConfig, 'ServerGroupTuples').map((tuple) => text(tuple, 'ServerGroupId')),
      )
      .filter((id): id is string => id !== undefined),
  );
}

/** ACL ids bound to the listener (every relation but one being removed). */
function boundAcls(attribute: Json): string[] {
  const config = attribute.AclConfig;
  return unique(
    list(config, 'AclRelations')
      .filter((relation) => text(relation, 'Status') !== 'Dissociating')
      .map((relation) => text(relation, 'AclId'))
      .filter((id): id is string => id !== undefined),
  ).sort();
}

/** One ALB listener: `servers` per server group id (Servers[] items), `aclEntries` merged (undefined: unreadable). */
function normalizeAlbListener(
  attribute: Json,
  servers: ReadonlyMap<string, readonly Json[]>,
  aclEntries: readonly string[] | undefined,
): Listener {
  const targets = forwardedServerGroups(attribute).flatMap((group): ListenerTarget[] => {
    const members = servers.get(group) ?? [];
    const ports = unique(
      members.map((server) => int(server, 'Port')).filter((port): port is number => port !== undefined),
    ).sort((a, b) => a - b);
    return ports.map((port) => ({
      name: group,
      port,
      registered: members.filter((server) => int(server, 'Port') === port).length,
    }));
  });
  const ids = boundAcls(attribute);
  const type = text(attribute.AclConfig, 'AclType')?.toLowerCase();
  const acl: ListenerAcl | undefined =
    ids.length > 0
      ? { ids, type: type === 'black' ? 'black' : 'white', ...(aclEntries ? { entries: aclEntries } : {}) }
      : undefined;
  return {
    ...(text(attribute, 'ListenerId') ? { id: text(attribute, 'ListenerId')! } : {}),
    port: int(attribute, 'ListenerPort') ?? 0,
    protocol: (text(attribute, 'ListenerProtocol') ?? 'http').toLowerCase(),
    ...(acl ? { acl } : {}),
    targets,
  };
}

function tokenList(
  session: Session,
  region: string,
  action: string,
  params: Record<string, string | number>,
  field: string,
): Promise<Json[]> {
  return allTokenPages(
    (token) =>
      session.rpc('alb', region, action, { ...params, MaxResults: PAGE, ...(token ? { NextToken: token } : {}) }),
    (page) => text(page, 'NextToken'),
  ).then((pages) => pages.flatMap((page) => list(page, field)));
}

const ALB = { type: 'alb:load-balancer', flavour: 'application', address: 'DNSName' } as const;

export async function collectAlb(session: Session, region: string): Promise<LoadBalancer[]> {
  const balancers = await session.attempt(region, session.call('alb', 'ListLoadBalancers'), () =>
    tokenList(session, region, 'ListLoadBalancers', {}, 'LoadBalancers'),
  );
  // Server groups and ACLs are shared between listeners: each is read once.
  const serversOf = readOnce((id) =>
    session.attempt(
      region,
      session.call('alb', 'ListServerGroupServers'),
      () => tokenList(session, region, 'ListServerGroupServers', { ServerGroupId: id }, 'Servers'),
      id,
      'its load balancer left out',
    ),
  );
  const aclOf = readOnce((id) =>
    session.attempt(
      region,
      session.call('alb', 'ListAclEntries'),
      async () =>
        (await tokenList(session, region, 'ListAclEntries', { AclId: id }, 'AclEntries'))
          .filter((entry) => text(entry, 'Status') !== 'Removing')
          .map((entry) => text(entry, 'Entry'))
          .filter((entry): entry is string => entry !== undefined),
      id,
      'listener judged as unknown',
    ),
  );
  const listenerOf = async (summary: Json): Promise<Listener | undefined> => {
    const listenerId = text(summary, 'ListenerId') ?? '';
    const attribute = await session.attempt(
      region,
      session.call('alb', 'GetListenerAttribute'),
      () => session.rpc('alb', region, 'GetListenerAttribute', { ListenerId: listenerId }),
      listenerId,
      'its load balancer left out',
    );
    if (!attribute) return undefined;
    const servers = new Map<string, Json[]>();
    for (const group of forwardedServerGroups(attribute)) {
      const members = await serversOf(group);
      // Backends unreadable: without them the listener would read as forwarding nothing.
      if (!members) return undefined;
      servers.set(group, members);
    }
    return normalizeAlbListener(
      attribute,
      servers,
      mergedAclEntries(await Promise.all(boundAcls(attribute).map(aclOf))),
    );
  };
  return collectBalancers(session, region, balancers ?? [], ALB, async (id) => {
    const listed = await session.attempt(
      region,
      session.call('alb', 'ListListeners'),
      () => tokenList(session, region, 'ListListeners', { 'LoadBalancerIds.1': id }, 'Listeners'),
      id,
      'load balancer left out',
    );
    return listed && Promise.all(listed.map(listenerOf));
  });
}
