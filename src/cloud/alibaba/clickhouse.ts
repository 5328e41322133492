// ApsaraDB for ClickHouse, Community-compatible Edition (clickhouse 2019-11-11): DescribeDBClusters
// (PageNumber/PageSize 30/50/100, TotalCount; DBClusters.DBCluster[]: DBClusterId,
// DBClusterDescription, EngineVersion), then per cluster DescribeDBClusterAccessWhiteList
// (DBClusterAccessWhiteList.IPArray[]: DBClusterIPArrayName, DBClusterIPArrayAttribute,
// SecurityIPList; hidden groups left out) and DescribeDBClusterNetInfoItems
// (NetInfoItems.NetInfoItem[]: NetType Public/VPC, ConnectionString, HttpPort, JdbcPort, HttpsPort,
// MySQLPort, ports as strings). Shapes from the API reference's JSON examples and
// aliyun/alibaba-cloud-sdk-go services/clickhouse (describe_db_clusters.go, struct_db_cluster.go,
// describe_db_cluster_access_white_list.go, describe_db_cluster_net_info_items.go,
// struct_net_info_item.go). The Enterprise Edition (API 2023-05-22) is another API, not read.
// A cluster whose whitelist or network information could not be read is left out; the gap names it.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { collectDatabases, type DatabaseApi } from './databases.js';
import { int, ipList, list, text, unique } from './json.js';
import type { Session } from './session.js';
import { whitelistGroups } from './whitelist.js';

/** ClickHouse's own defaults, used when a public entry names no port. */
const HTTP_PORT = 8123;
const NATIVE_PORT = 9000;

/** Every whitelist entry of the groups that are not hidden. */
export function clickhouseWhitelist(body: Json): string[] {
  return unique(
    list(body, 'DBClusterAccessWhiteList', 'IPArray')
      .filter((group) => text(group, 'DBClusterIPArrayAttribute')?.toLowerCase() !== 'hidden')
      .flatMap((group) => ipList(text(group, 'SecurityIPList') ?? text(group, 'SecurityIps'))),
  );
}

/**
 * The public endpoint's HTTP port and native (TCP) port, so either interface can prove the
 * cluster open. The answer names no field for the native protocol: JdbcPort is the port the
 * console lists as TCP (3306 in the reference's example). The MySQL and HTTPS ports are left out:
 * the ClickHouse probes speak HTTP and the native protocol in clear.
 */
export function clickhousePublicEndpoints(body: Json): { host: string; port: number }[] {
  const seen = new Set<string>();
  return list(body, 'NetInfoItems', 'NetInfoItem').flatMap((item) => {
    const host = text(item, 'ConnectionString') ?? text(item, 'IPAddress');
    if (text(item, 'NetType')?.toLowerCase() !== 'public' || !host) return [];
    return [int(item, 'HttpPort') ?? HTTP_PORT, int(item, 'JdbcPort') ?? NATIVE_PORT].flatMap((port) => {
      const key = `${host.toLowerCase()}:${port}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ host: host.toLowerCase(), port }];
    });
  });
}

function normalizeClickhouseCluster(ref: ResourceRef, whitelist: Json, netInfo: Json): DatabaseInstance {
  // No version: EngineVersion is Alibaba's managed build, patched on Alibaba's schedule, and
  // judging it by ClickHouse's upstream end-of-life dates would be a false positive. A probe of
  // the public endpoint still reports the version the server itself shows.
  return {
    kind: 'database',
    ref,
    engine: 'clickhouse',
    whitelist: clickhouseWhitelist(whitelist),
    whitelistGroups: whitelistGroups(
      list(whitelist, 'DBClusterAccessWhiteList', 'IPArray'),
      'DBClusterIPArrayName',
      'SecurityIPList',
      'DBClusterIPArrayAttribute',
    ),
    publicEndpoints: clickhousePublicEndpoints(netInfo),
  };
}

const CLICKHOUSE: DatabaseApi = {
  product: 'clickhouse',
  listing: { action: 'DescribeDBClusters', items: ['DBClusters', 'DBCluster'], total: 'TotalCount', pageSize: 100 },
  id: 'DBClusterId',
  name: 'DBClusterDescription',
  type: 'clickhouse:cluster',
  whitelist: 'DescribeDBClusterAccessWhiteList',
  addresses: 'DescribeDBClusterNetInfoItems',
  normalize: (ref, _cluster, whitelist, netInfo) => normalizeClickhouseCluster(ref, whitelist, netInfo),
};

export function collectClickhouse(session: Session, region: string): Promise<DatabaseInstance[]> {
  return collectDatabases(session, region, CLICKHOUSE);
}
