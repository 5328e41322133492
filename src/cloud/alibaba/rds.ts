// ApsaraDB RDS (2014-08-15): DescribeDBInstances (PageNumber/PageSize, TotalRecordCount), then per
// instance DescribeDBInstanceIPArrayList (Items.DBInstanceIPArray[].SecurityIPList, every group
// merged but the hidden ones) and DescribeDBInstanceNetInfo (DBInstanceNetInfos.DBInstanceNetInfo[],
// IPType Public = an internet connection string). An instance whose whitelist or connection
// strings could not be read is left out; the gap names it.
import type { DatabaseEngine, DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { collectDatabases, type DatabaseApi } from './databases.js';
import { int, list, text } from './json.js';
import type { Session } from './session.js';
import { mergeWhitelistGroups, whitelistGroups } from './whitelist.js';

const ENGINES: Readonly<Record<string, DatabaseEngine>> = {
  mysql: 'mysql',
  postgresql: 'postgresql',
  sqlserver: 'sqlserver',
  mariadb: 'mariadb',
};

/** RDS Engine (MySQL, PostgreSQL, SQLServer, MariaDB) as a DatabaseEngine; anything else is 'other'. */
export function rdsEngine(engine: string | undefined): DatabaseEngine {
  return ENGINES[(engine ?? '').toLowerCase()] ?? 'other';
}

/** Connection strings whose IPType is Public. */
export function publicConnections(
  netInfos: readonly Json[],
  isPublic: (netInfo: Json) => boolean,
): { host: string; port: number }[] {
  return netInfos.filter(isPublic).flatMap((netInfo) => {
    const host = text(netInfo, 'ConnectionString') ?? text(netInfo, 'IPAddress');
    const port = int(netInfo, 'Port');
    return host && port !== undefined ? [{ host, port }] : [];
  });
}

export function normalizeRdsInstance(
  ref: ResourceRef,
  instance: Json,
  ipArrays: readonly Json[],
  netInfos: readonly Json[],
): DatabaseInstance {
  const version = text(instance, 'EngineVersion');
  return {
    kind: 'database',
    ref,
    engine: rdsEngine(text(instance, 'Engine')),
    ...(version ? { version } : {}),
    whitelist: mergeWhitelistGroups(ipArrays, 'SecurityIPList', 'DBInstanceIPArrayAttribute'),
    whitelistGroups: whitelistGroups(ipArrays, 'DBInstanceIPArrayName', 'SecurityIPList', 'DBInstanceIPArrayAttribute'),
    publicEndpoints: publicConnections(netInfos, (netInfo) => text(netInfo, 'IPType') === 'Public'),
  };
}

const RDS: DatabaseApi = {
  product: 'rds',
  listing: { action: 'DescribeDBInstances', items: ['Items', 'DBInstance'], total: 'TotalRecordCount', pageSize: 100 },
  id: 'DBInstanceId',
  name: 'DBInstanceDescription',
  type: 'rds:instance',
  whitelist: 'DescribeDBInstanceIPArrayList',
  addresses: 'DescribeDBInstanceNetInfo',
  normalize: (ref, instance, whitelist, addresses) =>
    normalizeRdsInstance(
      ref,
      instance,
      list(whitelist, 'Items', 'DBInstanceIPArray'),
      list(addresses, 'DBInstanceNetInfos', 'DBInstanceNetInfo'),
    ),
};

export function collectRds(session: Session, region: string): Promise<DatabaseInstance[]> {
  return collectDatabases(session, region, RDS);
}
