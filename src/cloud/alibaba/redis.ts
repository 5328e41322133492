// ApsaraDB for Redis / Tair (r-kvstore 2015-01-01): DescribeInstances (PageNumber/PageSize,
// TotalCount; Instances.KVStoreInstance[]), then per instance DescribeSecurityIps
// (SecurityIpGroups.SecurityIpGroup[].SecurityIpList, hidden groups left out) and
// DescribeDBInstanceNetInfo (NetInfoItems.InstanceNetInfo[]: IPType Public/Inner/Private, also
// DBInstanceNetType "0" = internet). Memcache instances share the API and come out as 'other'.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text } from './json.js';
import { publicConnections } from './rds.js';
import { allNumberedPages, type Session } from './session.js';
import { mergeWhitelistGroups } from './whitelist.js';

const PAGE = 50;

export function normalizeRedisInstance(
  ref: ResourceRef,
  instance: Json,
  ipGroups: readonly Json[],
  netInfos: readonly Json[],
): DatabaseInstance {
  const version = text(instance, 'EngineVersion');
  return {
    kind: 'database',
    ref,
    engine: text(instance, 'InstanceType')?.toLowerCase() === 'memcache' ? 'other' : 'redis',
    ...(version ? { version } : {}),
    whitelist: mergeWhitelistGroups(ipGroups, 'SecurityIpList', 'SecurityIpGroupAttribute'),
    publicEndpoints: publicConnections(
      netInfos,
      (netInfo) => text(netInfo, 'IPType') === 'Public' || text(netInfo, 'DBInstanceNetType') === '0',
    ),
  };
}

export async function collectRedis(session: Session, region: string): Promise<DatabaseInstance[]> {
  const instances = await session.attempt(region, session.call('r-kvstore', 'DescribeInstances'), () =>
    allNumberedPages(
      (pageNumber) => session.rpc('r-kvstore', region, 'DescribeInstances', { PageNumber: pageNumber, PageSize: PAGE }),
      (page) => list(page, 'Instances', 'KVStoreInstance'),
      (page) => int(page, 'TotalCount'),
      PAGE,
    ),
  );
  const found = await session.mapLimit(instances ?? [], async (instance) => {
    const id = text(instance, 'InstanceId');
    if (!id) return undefined;
    const ipGroups = await session.attempt(
      region,
      session.call('r-kvstore', 'DescribeSecurityIps'),
      async () =>
        list(
          await session.rpc('r-kvstore', region, 'DescribeSecurityIps', { InstanceId: id }),
          'SecurityIpGroups',
          'SecurityIpGroup',
        ),
      id,
      'instance left out',
    );
    if (!ipGroups) return undefined;
    const netInfos = await session.attempt(
      region,
      session.call('r-kvstore', 'DescribeDBInstanceNetInfo'),
      async () =>
        list(
          await session.rpc('r-kvstore', region, 'DescribeDBInstanceNetInfo', { InstanceId: id }),
          'NetInfoItems',
          'InstanceNetInfo',
        ),
      id,
      'instance left out',
    );
    if (!netInfos) return undefined;
    return normalizeRedisInstance(
      session.ref(region, 'kvstore:instance', id, text(instance, 'InstanceName')),
      instance,
      ipGroups,
      netInfos,
    );
  });
  return found.filter((instance): instance is DatabaseInstance => instance !== undefined);
}
