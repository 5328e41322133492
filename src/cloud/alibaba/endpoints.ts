// Where each product's API answers. An account's `endpoints` override wins for its product, for
// every region; once any product is overridden (tests, a private cloud), a product without an
// override is not read at all rather than sent to the public cloud. Public endpoints follow the
// maps in aliyun/alibaba-cloud-sdk-go (services/<product>/endpoint.go, 2026-02): a few regions
// use the central host, every other region `<product>.<region>.aliyuncs.com`.
import type { AlibabaAccount } from '../accounts.js';
import { CallFailure } from './errors.js';

export type AlibabaProduct = keyof AlibabaAccount['endpoints'];

export const API_VERSIONS = {
  ecs: '2014-05-26',
  rds: '2014-08-15',
  'r-kvstore': '2015-01-01',
  dds: '2015-12-01',
  elasticsearch: '2017-06-13',
  sts: '2015-04-01',
  resourcemanager: '2020-03-31',
  slb: '2014-05-15',
  alb: '2020-06-16',
  alidns: '2015-01-09',
  cs: '2015-12-15',
  polardb: '2017-08-01',
  clickhouse: '2019-11-11',
  'amqp-open': '2019-12-12',
} as const satisfies Partial<Record<AlibabaProduct, string>>;

/** The RAM action namespace, used to name calls in coverage gaps (`kvstore:DescribeSecurityIps`). */
const RAM_NAMESPACE: Readonly<Record<AlibabaProduct, string>> = {
  ecs: 'ecs',
  rds: 'rds',
  'r-kvstore': 'kvstore',
  dds: 'dds',
  elasticsearch: 'elasticsearch',
  oss: 'oss',
  sts: 'sts',
  resourcemanager: 'resourcemanager',
  slb: 'slb',
  alb: 'alb',
  alidns: 'alidns',
  cs: 'cs',
  polardb: 'polardb',
  clickhouse: 'clickhouse',
  'amqp-open': 'amqp',
};

/** Actions whose RAM action is named otherwise (ApsaraMQ for RabbitMQ ListInstances is amqp:ListInstance). */
const RAM_ACTION: Readonly<Record<string, string>> = { 'amqp-open ListInstances': 'ListInstance' };

/** The RAM action of an API action, as a policy (and a coverage gap) names it. */
export function ramAction(product: AlibabaProduct, action: string): string {
  return `${RAM_NAMESPACE[product]}:${RAM_ACTION[`${product} ${action}`] ?? action}`;
}

const CENTRAL: Readonly<Partial<Record<AlibabaProduct, { host: string; regions: readonly string[] }>>> = {
  rds: {
    host: 'rds.aliyuncs.com',
    regions: [
      'cn-hangzhou',
      'cn-shanghai',
      'cn-beijing',
      'cn-qingdao',
      'cn-shenzhen',
      'cn-heyuan',
      'cn-wuhan',
      'cn-hongkong',
      'ap-southeast-1',
      'us-west-1',
      'us-east-1',
    ],
  },
  'r-kvstore': {
    host: 'r-kvstore.aliyuncs.com',
    regions: [
      'cn-hangzhou',
      'cn-shanghai',
      'cn-beijing',
      'cn-qingdao',
      'cn-shenzhen',
      'cn-heyuan',
      'cn-wuhan',
      'cn-wulanchabu',
      'cn-guangzhou',
    ],
  },
  dds: {
    host: 'mongodb.aliyuncs.com',
    regions: [
      'cn-hangzhou',
      'cn-shanghai',
      'cn-beijing',
      'cn-qingdao',
      'cn-shenzhen',
      'cn-heyuan',
      'cn-wuhan',
      'cn-wulanchabu',
      'cn-guangzhou',
    ],
  },
  // aliyun/alibaba-cloud-sdk-go services/polardb/endpoint.go and services/clickhouse/endpoint.go (public regions only).
  polardb: {
    host: 'polardb.aliyuncs.com',
    regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-qingdao', 'cn-shenzhen', 'cn-hongkong', 'ap-southeast-1'],
  },
  clickhouse: {
    host: 'clickhouse.aliyuncs.com',
    regions: [
      'cn-hangzhou',
      'cn-shanghai',
      'cn-beijing',
      'cn-qingdao',
      'cn-shenzhen',
      'cn-wuhan',
      'cn-fujian',
      'cn-hongkong',
      'ap-southeast-1',
      'us-west-1',
      'us-east-1',
      'me-east-1',
    ],
  },
  slb: {
    host: 'slb.aliyuncs.com',
    regions: [
      'cn-qingdao',
      'cn-beijing',
      'cn-hangzhou',
      'cn-shanghai',
      'cn-shenzhen',
      'cn-hongkong',
      'ap-southeast-1',
      'us-west-1',
      'us-east-1',
      'cn-wuhan',
      'cn-zhangbei',
    ],
  },
};

const REGIONAL_PREFIX: Readonly<Record<AlibabaProduct, string>> = {
  ecs: 'ecs',
  rds: 'rds',
  'r-kvstore': 'r-kvstore',
  dds: 'mongodb',
  elasticsearch: 'elasticsearch',
  oss: 'oss',
  sts: 'sts',
  resourcemanager: 'resourcemanager',
  slb: 'slb',
  alb: 'alb',
  alidns: 'alidns',
  cs: 'cs',
  polardb: 'polardb',
  clickhouse: 'clickhouse',
  'amqp-open': 'amqp-open',
};

export function isOverridden(account: AlibabaAccount, product: AlibabaProduct): boolean {
  return Boolean(account.endpoints[product]);
}

/** Any product overridden: the account is an emulator or a private cloud, and no public endpoint is used. */
export function overrideMode(account: AlibabaAccount): boolean {
  return Object.values(account.endpoints).some(Boolean);
}

/**
 * The base URL for `product` in `region` (no region: the product's global host). `ecsRegionEndpoints`
 * holds DescribeRegions' RegionEndpoint values. Throws an 'unavailable' CallFailure when other
 * products are overridden and this one is not.
 */
export function endpointFor(
  account: AlibabaAccount,
  product: AlibabaProduct,
  region?: string,
  ecsRegionEndpoints?: ReadonlyMap<string, string>,
): string {
  const override = account.endpoints[product];
  if (override) return override.replace(/\/+$/, '');
  if (overrideMode(account)) {
    throw new CallFailure(
      'unavailable',
      `no endpoint configured for ${product} while other products have one: the public endpoint is not used`,
      'NoEndpoint',
    );
  }
  if (product === 'sts') return 'https://sts.aliyuncs.com';
  if (product === 'resourcemanager') return 'https://resourcemanager.aliyuncs.com';
  // Alibaba Cloud DNS is one global service (its zones belong to no region).
  if (product === 'alidns') return 'https://alidns.aliyuncs.com';
  if (product === 'oss') return `https://oss-${region ?? 'cn-hangzhou'}.aliyuncs.com`;
  if (!region)
    return product === 'ecs' ? 'https://ecs.aliyuncs.com' : `https://${REGIONAL_PREFIX[product]}.aliyuncs.com`;
  if (product === 'ecs') {
    const listed = ecsRegionEndpoints?.get(region);
    return `https://${listed ?? `ecs.${region}.aliyuncs.com`}`;
  }
  const central = CENTRAL[product];
  if (central?.regions.includes(region)) return `https://${central.host}`;
  return `https://${REGIONAL_PREFIX[product]}.${region}.aliyuncs.com`;
}

/** The Host header an overridden ROA endpoint (Elasticsearch, ACK) is sent: the regional host the service would see (ROA calls carry no region otherwise). */
export function roaHost(product: 'elasticsearch' | 'cs', region: string): string {
  return `${product}.${region}.aliyuncs.com`;
}
