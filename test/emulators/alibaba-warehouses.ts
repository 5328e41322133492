// The Alibaba managed databases and brokers with public switches, for the Alibaba emulator
// (./alibaba.ts): PolarDB (polardb 2017-08-01). Response shapes follow the API reference pages'
// JSON examples and aliyun/alibaba-cloud-sdk-go services/polardb (describe_db_clusters.go:
// Items.DBCluster[], TotalRecordCount, PageRecordCount, PageNumber;
// describe_db_cluster_access_whitelist.go: Items.DBClusterIPArray[] with SecurityIps and
// DBClusterSecurityGroups.DBClusterSecurityGroup[]; describe_db_cluster_endpoints.go and
// struct_db_endpoint.go: Items is a plain list of endpoints, each with AddressItems[], Port a
// string). Missing clusters answer InvalidDBClusterId.NotFound (404), as the references list.
// ApsaraDB for ClickHouse (clickhouse 2019-11-11) from its API reference pages and
// aliyun/alibaba-cloud-sdk-go services/clickhouse (describe_db_clusters.go: DBClusters.DBCluster[],
// TotalCount, PageSize, PageNumber; describe_db_cluster_access_white_list.go:
// DBClusterAccessWhiteList.IPArray[]; describe_db_cluster_net_info_items.go and
// struct_net_info_item.go: NetInfoItems.NetInfoItem[], ports as strings); missing clusters answer
// InvalidDBCluster.NotFound (404). ApsaraMQ for RabbitMQ (amqp-open 2019-12-12) ListInstances from its
// API reference: MaxResults 1–100 (InvalidParameter otherwise), NextToken, and
// Data.{Instances[], NextToken, MaxResults}; the last page's NextToken is empty.
import { ApiError, type Json } from './alibaba-answer.js';

interface PolardbCluster {
  /** DescribeDBClusters item (DBClusterId, DBClusterDescription, DBType, DBVersion…). */
  readonly cluster: Json;
  /** Whitelist groups: DBClusterIPArrayName, DBClusterIPArrayAttribute, SecurityIps. */
  readonly ipArrays: readonly Json[];
  /** DescribeDBClusterEndpoints items (DBEndpointId, EndpointType, AddressItems[]). */
  readonly endpoints: readonly Json[];
}

interface ClickhouseCluster {
  /** DescribeDBClusters item (DBClusterId, DBClusterDescription, EngineVersion…). */
  readonly cluster: Json;
  /** Whitelist groups: DBClusterIPArrayName, DBClusterIPArrayAttribute, SecurityIPList. */
  readonly ipArrays: readonly Json[];
  /** DescribeDBClusterNetInfoItems items (NetType, ConnectionString, HttpPort, JdbcPort…). */
  readonly netInfo: readonly Json[];
}

export interface Warehouses {
  /** PolarDB clusters per region. */
  readonly polardb?: Readonly<Record<string, readonly PolardbCluster[]>>;
  /** ApsaraDB for ClickHouse clusters per region. */
  readonly clickhouse?: Readonly<Record<string, readonly ClickhouseCluster[]>>;
  /** ApsaraMQ for RabbitMQ ListInstances items (InstanceVO) per region. */
  readonly amqp?: Readonly<Record<string, readonly Json[]>>;
}

export const WAREHOUSE_PRODUCTS = new Set(['polardb', 'clickhouse', 'amqp-open']);

const pageToken = (offset: number) => Buffer.from(`amqp:${offset}`).toString('base64');

/** A NextToken this emulator issued, back to its offset; anything else is refused as the service would. */
function offsetOf(token: string | undefined): number {
  if (!token) return 0;
  const match = /^amqp:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw new ApiError(400, 'InvalidParameter.NextToken', 'The specified parameter NextToken is not valid.');
  return Number(match[1]);
}

function intParam(
  params: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
  valid: (value: number) => boolean,
): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || !valid(value))
    throw new ApiError(400, `InvalidParameter.${name}`, `The specified parameter ${name} is not valid.`);
  return value;
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (!value) throw new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  return value;
}

/** PolarDB's and ClickHouse's PageSize is one of 30, 50, 100 (API references); the emulator also takes a cap for tests. */
function numbered<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  cap: number | undefined,
): { page: T[]; pageNumber: number } {
  const pageSize = Math.min(
    intParam(params, 'PageSize', 30, (value) => [30, 50, 100].includes(value)),
    cap ?? Infinity,
  );
  const pageNumber = intParam(params, 'PageNumber', 1, (value) => value >= 1);
  return { page: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), pageNumber };
}

export function warehouseAnswer(
  warehouses: Warehouses,
  product: string,
  action: string,
  params: Readonly<Record<string, string>>,
  pageCap?: number,
): Json {
  const region = required(params, 'RegionId');
  switch (`${product} ${action}`) {
    case 'polardb DescribeDBClusters': {
      const clusters = (warehouses.polardb?.[region] ?? []).map((entry) => entry.cluster);
      const { page, pageNumber } = numbered(clusters, params, pageCap);
      return {
        PageNumber: pageNumber,
        PageRecordCount: page.length,
        TotalRecordCount: clusters.length,
        Items: { DBCluster: page },
      };
    }
    case 'polardb DescribeDBClusterAccessWhitelist':
    case 'polardb DescribeDBClusterEndpoints': {
      const id = required(params, 'DBClusterId');
      const entry = (warehouses.polardb?.[region] ?? []).find((candidate) => candidate.cluster.DBClusterId === id);
      if (!entry)
        throw new ApiError(
          404,
          'InvalidDBClusterId.NotFound',
          'The DBClusterId provided does not exist in our records.',
        );
      if (action === 'DescribeDBClusterAccessWhitelist')
        return { DBClusterSecurityGroups: { DBClusterSecurityGroup: [] }, Items: { DBClusterIPArray: entry.ipArrays } };
      return { Items: entry.endpoints.map((endpoint) => ({ DBClusterId: id, ...endpoint })) };
    }
    case 'clickhouse DescribeDBClusters': {
      const clusters = (warehouses.clickhouse?.[region] ?? []).map((entry) => entry.cluster);
      const { page, pageNumber } = numbered(clusters, params, pageCap);
      return {
        PageNumber: pageNumber,
        PageSize: page.length,
        TotalCount: clusters.length,
        DBClusters: { DBCluster: page },
      };
    }
    case 'clickhouse DescribeDBClusterAccessWhiteList':
    case 'clickhouse DescribeDBClusterNetInfoItems': {
      const id = required(params, 'DBClusterId');
      const entry = (warehouses.clickhouse?.[region] ?? []).find((candidate) => candidate.cluster.DBClusterId === id);
      if (!entry)
        throw new ApiError(404, 'InvalidDBCluster.NotFound', 'The DBClusterId provided does not exist in our records.');
      if (action === 'DescribeDBClusterAccessWhiteList')
        return { DBClusterAccessWhiteList: { IPArray: entry.ipArrays } };
      return { ClusterNetworkType: 'VPC', EnableSLB: true, NetInfoItems: { NetInfoItem: entry.netInfo } };
    }
    case 'amqp-open ListInstances': {
      const instances = warehouses.amqp?.[region] ?? [];
      const maxResults = Math.min(
        intParam(params, 'MaxResults', 100, (value) => value >= 1 && value <= 100),
        pageCap ?? Infinity,
      );
      const offset = offsetOf(params['NextToken']);
      const page = instances.slice(offset, offset + maxResults);
      const next = offset + page.length < instances.length ? pageToken(offset + page.length) : '';
      return { Data: { Instances: page, NextToken: next, MaxResults: maxResults } };
    }
    default:
      throw new ApiError(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.');
  }
}
