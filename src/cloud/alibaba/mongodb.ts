// ApsaraDB for MongoDB (dds 2015-12-01). DescribeDBInstances lists replica set and standalone
// instances only unless DBInstanceType=sharding is asked ("To query a list of sharded cluster
// instances, you must set the DBInstanceType parameter to sharding", API reference), so both
// kinds are listed. Per instance: DescribeSecurityIps (SecurityIpGroups.SecurityIpGroup[], hidden
// groups left out; the flat SecurityIps when no group is given) and the connection addresses:
// DescribeReplicaSetRole (ReplicaSets.ReplicaSet[]: ConnectionDomain, ConnectionPort,
// NetworkType VPC/Classic/Public) for replica sets, DescribeShardingNetworkAddress
// (NetworkAddresses.NetworkAddress[]: NetworkAddress, Port, NetworkType, NodeType) for sharded
// clusters. Field names checked against the API reference and aliyun/alibaba-cloud-sdk-go.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { int, ipList, list, text, unique } from './json.js';
import { allNumberedPages, type Session } from './session.js';
import { mergeWhitelistGroups, whitelistGroups } from './whitelist.js';

const PAGE = 100;

export function mongoWhitelist(body: Json): string[] {
  const groups = list(body, 'SecurityIpGroups', 'SecurityIpGroup');
  return groups.length > 0
    ? mergeWhitelistGroups(groups, 'SecurityIpList', 'SecurityIpGroupAttribute')
    : unique(ipList(text(body, 'SecurityIps')));
}

/** Public addresses from DescribeReplicaSetRole or DescribeShardingNetworkAddress. */
export function mongoPublicEndpoints(body: Json): { host: string; port: number }[] {
  const replicaSet = list(body, 'ReplicaSets', 'ReplicaSet').map((node) => ({
    type: text(node, 'NetworkType'),
    host: text(node, 'ConnectionDomain'),
    port: int(node, 'ConnectionPort'),
  }));
  const sharded = list(body, 'NetworkAddresses', 'NetworkAddress').map((node) => ({
    type: text(node, 'NetworkType'),
    host: text(node, 'NetworkAddress') ?? text(node, 'IPAddress'),
    port: int(node, 'Port'),
  }));
  const seen = new Set<string>();
  return [...replicaSet, ...sharded].flatMap(({ type, host, port }) => {
    if (type?.toLowerCase() !== 'public' || !host || port === undefined || seen.has(`${host}:${port}`)) return [];
    seen.add(`${host}:${port}`);
    return [{ host, port }];
  });
}

function normalizeMongoInstance(
  ref: ResourceRef,
  instance: Json,
  securityIps: Json,
  addresses: Json,
): DatabaseInstance {
  const version = text(instance, 'EngineVersion');
  return {
    kind: 'database',
    ref,
    engine: 'mongodb',
    ...(version ? { version } : {}),
    whitelist: mongoWhitelist(securityIps),
    whitelistGroups: whitelistGroups(
      list(securityIps, 'SecurityIpGroups', 'SecurityIpGroup'),
      'SecurityIpGroupName',
      'SecurityIpList',
      'SecurityIpGroupAttribute',
    ),
    publicEndpoints: mongoPublicEndpoints(addresses),
  };
}

export async function collectMongo(session: Session, region: string): Promise<DatabaseInstance[]> {
  const listed: Json[] = [];
  for (const type of ['replicate', 'sharding']) {
    const instances = await session.attempt(region, session.call('dds', 'DescribeDBInstances'), () =>
      allNumberedPages(
        (pageNumber) =>
          session.rpc('dds', region, 'DescribeDBInstances', {
            DBInstanceType: type,
            PageNumber: pageNumber,
            PageSize: PAGE,
          }),
        (page) => list(page, 'DBInstances', 'DBInstance'),
        (page) => int(page, 'TotalCount'),
        PAGE,
      ),
    );
    // The first listing failing says everything the second would: one gap is enough.
    if (!instances) break;
    listed.push(...instances.map((instance) => ({ DBInstanceType: type, ...instance })));
  }
  const found = await session.mapLimit(listed, async (instance) => {
    const id = text(instance, 'DBInstanceId');
    if (!id) return undefined;
    const securityIps = await session.attempt(
      region,
      session.call('dds', 'DescribeSecurityIps'),
      () => session.rpc('dds', region, 'DescribeSecurityIps', { DBInstanceId: id }),
      id,
      'instance left out',
    );
    if (!securityIps) return undefined;
    const action =
      text(instance, 'DBInstanceType') === 'sharding' ? 'DescribeShardingNetworkAddress' : 'DescribeReplicaSetRole';
    const addresses = await session.attempt(
      region,
      session.call('dds', action),
      () => session.rpc('dds', region, action, { DBInstanceId: id }),
      id,
      'instance left out',
    );
    if (!addresses) return undefined;
    return normalizeMongoInstance(
      session.ref(region, 'dds:instance', id, text(instance, 'DBInstanceDescription')),
      instance,
      securityIps,
      addresses,
    );
  });
  return found.filter((instance): instance is DatabaseInstance => instance !== undefined);
}
