// ApsaraDB RDS (2014-08-15): DescribeDBInstances (PageNumber/PageSize, TotalRecordCount), then per
// instance DescribeDBInstanceIPArrayList (Items.DBInstanceIPArray[].SecurityIPList, every group
// merged but the hidden ones) and DescribeDBInstanceNetInfo (DBInstanceNetInfos.DBInstanceNetInfo[],
// IPType Public = an internet connection string). An instance whose whitelist or connection
// strings could not be read is left out; the gap names it.
import type { DatabaseEngine, DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text } from './json.js';
import { allNumberedPages, type Session } from './session.js';
import { mergeWhitelistGroups } from './whitelist.js';

const PAGE = 100;

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
    publicEndpoints: publicConnections(netInfos, (netInfo) => text(netInfo, 'IPType') === 'Public'),
  };
}

export async function collectRds(session: Session, region: string): Promise<DatabaseInstance[]> {
  const instances = await session.attempt(region, session.call('rds', 'DescribeDBInstances'), () =>
    allNumberedPages(
      (pageNumber) => session.rpc('rds', region, 'DescribeDBInstances', { PageNumber: pageNumber, PageSize: PAGE }),
      (page) => list(page, 'Items', 'DBInstance'),
      (page) => int(page, 'TotalRecordCount'),
      PAGE,
    ),
  );
  const found = await session.mapLimit(instances ?? [], async (instance) => {
    const id = text(instance, 'DBInstanceId');
    if (!id) return undefined;
    const ipArrays = await session.attempt(
      region,
      session.call('rds', 'DescribeDBInstanceIPArrayList'),
      async () =>
        list(
          await session.rpc('rds', region, 'DescribeDBInstanceIPArrayList', { DBInstanceId: id }),
          'Items',
          'DBInstanceIPArray',
        ),
      id,
      'instance left out',
    );
    if (!ipArrays) return undefined;
    const netInfos = await session.attempt(
      region,
      session.call('rds', 'DescribeDBInstanceNetInfo'),
      async () =>
        list(
          await session.rpc('rds', region, 'DescribeDBInstanceNetInfo', { DBInstanceId: id }),
          'DBInstanceNetInfos',
          'DBInstanceNetInfo',
        ),
      id,
      'instance left out',
    );
    if (!netInfos) return undefined;
    return normalizeRdsInstance(
      session.ref(region, 'rds:instance', id, text(instance, 'DBInstanceDescription')),
      instance,
      ipArrays,
      netInfos,
    );
  });
  return found.filter((instance): instance is DatabaseInstance => instance !== undefined);
}
