// ApsaraDB for Redis / Tair (r-kvstore 2015-01-01): DescribeInstances (PageNumber/PageSize,
// TotalCount; Instances.KVStoreInstance[]), then per instance DescribeSecurityIps
// (SecurityIpGroups.SecurityIpGroup[].SecurityIpList, hidden groups left out) and
// DescribeDBInstanceNetInfo (NetInfoItems.InstanceNetInfo[]: IPType Public/Inner/Private, also
// DBInstanceNetType "0" = internet). Memcache instances share the API and come out as 'other'.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { collectDatabases, type DatabaseApi } from './databases.js';
import { list, text } from './json.js';
import { publicConnections } from './rds.js';
import type { Session } from './session.js';
import { mergeWhitelistGroups, whitelistGroups } from './whitelist.js';

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
    whitelistGroups: whitelistGroups(ipGroups, 'SecurityIpGroupName', 'SecurityIpList', 'SecurityIpGroupAttribute'),
    publicEndpoints: publicConnections(
      netInfos,
      (netInfo) => text(netInfo, 'IPType') === 'Public' || text(netInfo, 'DBInstanceNetType') === '0',
    ),
  };
}

const REDIS: DatabaseApi = {
  product: 'r-kvstore',
  listing: { action: 'DescribeInstances', items: ['Instances', 'KVStoreInstance'], total: 'TotalCount', pageSize: 50 },
  id: 'InstanceId',
  name: 'InstanceName',
  type: 'kvstore:instance',
  whitelist: 'DescribeSecurityIps',
  addresses: 'DescribeDBInstanceNetInfo',
  normalize: (ref, instance, whitelist, addresses) =>
    normalizeRedisInstance(
      ref,
      instance,
      list(whitelist, 'SecurityIpGroups', 'SecurityIpGroup'),
      list(addresses, 'NetInfoItems', 'InstanceNetInfo'),
    ),
};

export function collectRedis(session: Session, region: string): Promise<DatabaseInstance[]> {
  return collectDatabases(session, region, REDIS);
}
