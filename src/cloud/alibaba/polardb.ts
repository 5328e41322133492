// PolarDB (polardb 2017-08-01): DescribeDBClusters (PageNumber/PageSize, TotalRecordCount;
// Items.DBCluster[]: DBClusterId, DBType MySQL/PostgreSQL/Oracle, DBVersion), then per cluster
// DescribeDBClusterAccessWhitelist (Items.DBClusterIPArray[].SecurityIps, hidden groups left out)
// and DescribeDBClusterEndpoints (Items[]: one per endpoint, AddressItems[] with NetType
// Public/Private, ConnectionString, Port a string). Shapes from the API reference's JSON examples
// and aliyun/alibaba-cloud-sdk-go services/polardb (describe_db_clusters.go,
// describe_db_cluster_access_whitelist.go, describe_db_cluster_endpoints.go, struct_db_endpoint.go).
// A cluster whose whitelist or endpoints could not be read is left out; the gap names it.
import type { DatabaseEngine, DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { collectDatabases, type DatabaseApi } from './databases.js';
import { int, ipList, list, text, unique } from './json.js';
import type { Session } from './session.js';

/** DBType → the wire protocol a probe speaks (PolarDB for PostgreSQL compatible with Oracle speaks PostgreSQL's). */
export function polardbEngine(dbType: string | undefined): DatabaseEngine {
  const type = (dbType ?? '').toLowerCase();
  if (type === 'mysql') return 'mysql';
  if (type === 'postgresql' || type === 'oracle') return 'postgresql';
  return 'other';
}

/** Every whitelist entry of the groups that are not hidden (SecurityIps; SecurityIPList in some answers). */
function polardbWhitelist(body: Json): string[] {
  return unique(
    list(body, 'Items', 'DBClusterIPArray')
      .filter((group) => text(group, 'DBClusterIPArrayAttribute')?.toLowerCase() !== 'hidden')
      .flatMap((group) => ipList(text(group, 'SecurityIps') ?? text(group, 'SecurityIPList'))),
  );
}

/** The public addresses of every endpoint (primary, cluster, custom). Items is a plain list; `Items.DBEndpoint` is accepted too. */
export function polardbPublicEndpoints(body: Json): { host: string; port: number }[] {
  const endpoints = [...list(body, 'Items'), ...list(body, 'Items', 'DBEndpoint')];
  const seen = new Set<string>();
  return endpoints.flatMap((endpoint) =>
    [...list(endpoint, 'AddressItems'), ...list(endpoint, 'AddressItems', 'Address')].flatMap((address) => {
      const host = text(address, 'ConnectionString') ?? text(address, 'IPAddress');
      const port = int(address, 'Port');
      if (text(address, 'NetType')?.toLowerCase() !== 'public' || !host || port === undefined) return [];
      if (seen.has(`${host}:${port}`)) return [];
      seen.add(`${host}:${port}`);
      return [{ host: host.toLowerCase(), port }];
    }),
  );
}

function normalizePolardbCluster(ref: ResourceRef, cluster: Json, whitelist: Json, endpoints: Json): DatabaseInstance {
  const version = text(cluster, 'DBVersion');
  return {
    kind: 'database',
    ref,
    engine: polardbEngine(text(cluster, 'DBType')),
    ...(version ? { version } : {}),
    whitelist: polardbWhitelist(whitelist),
    whitelistGroups: list(whitelist, 'Items', 'DBClusterIPArray')
      .filter((group) => text(group, 'DBClusterIPArrayAttribute')?.toLowerCase() !== 'hidden')
      .flatMap((group) => {
        const name = text(group, 'DBClusterIPArrayName');
        const entries = unique(ipList(text(group, 'SecurityIps') ?? text(group, 'SecurityIPList')));
        return name ? [{ name, entries }] : [];
      }),
    publicEndpoints: polardbPublicEndpoints(endpoints),
  };
}

const POLARDB: DatabaseApi = {
  product: 'polardb',
  listing: { action: 'DescribeDBClusters', items: ['Items', 'DBCluster'], total: 'TotalRecordCount', pageSize: 100 },
  id: 'DBClusterId',
  name: 'DBClusterDescription',
  type: 'polardb:cluster',
  whitelist: 'DescribeDBClusterAccessWhitelist',
  addresses: 'DescribeDBClusterEndpoints',
  normalize: normalizePolardbCluster,
};

export function collectPolardb(session: Session, region: string): Promise<DatabaseInstance[]> {
  return collectDatabases(session, region, POLARDB);
}
