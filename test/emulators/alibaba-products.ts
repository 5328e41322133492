// What the emulated Alibaba Cloud account holds and how each API answers from it. Response
// shapes follow the API reference pages (help.aliyun.com / alibabacloud.com, "返回参数" and the
// JSON examples) and the response structs of aliyun/alibaba-cloud-sdk-go (services/<product>/,
// json tags), snapshot 8666508d (2026-02-11):
//   sts   GetCallerIdentity                      get_caller_identity.go
//   ecs   DescribeRegions                        struct_region.go (Regions.Region[])
//         DescribeSecurityGroups                 describe_security_groups.go (NextToken, TotalCount, SecurityGroups.SecurityGroup[])
//         DescribeSecurityGroupAttribute         describe_security_group_attribute.go, struct_permission.go (Priority is a string)
//         DescribePrefixListAttributes           describe_prefix_list_attributes.go (Entries.Entry[].Cidr)
//         DescribeInstances                      describe_instances.go, struct_instance.go (PublicIpAddress.IpAddress[], EipAddress.IpAddress)
//   rds   DescribeDBInstances                    describe_db_instances.go (Items.DBInstance[], TotalRecordCount, PageRecordCount)
//         DescribeDBInstanceIPArrayList          struct_db_instance_ip_array.go (Items.DBInstanceIPArray[])
//         DescribeDBInstanceNetInfo              struct_db_instance_net_info.go (DBInstanceNetInfos.DBInstanceNetInfo[], Port a string)
//   r-kvstore DescribeInstances                  describe_instances.go (Instances.KVStoreInstance[], TotalCount)
//         DescribeSecurityIps                    struct_security_ip_group.go (SecurityIpGroups.SecurityIpGroup[])
//         DescribeDBInstanceNetInfo              struct_instance_net_info.go (NetInfoItems.InstanceNetInfo[]; IPType Public/Inner/Private)
//   dds   DescribeDBInstances                    describe_db_instances.go (DBInstances.DBInstance[]; DBInstanceType defaults to replicate)
//         DescribeSecurityIps                    describe_security_ips.go (SecurityIps and SecurityIpGroups.SecurityIpGroup[])
//         DescribeReplicaSetRole                 struct_replica_set.go (ReplicaSets.ReplicaSet[]: ConnectionDomain, ConnectionPort, NetworkType)
//         DescribeShardingNetworkAddress         struct_network_address.go (NetworkAddresses.NetworkAddress[])
//   elasticsearch ListInstance / DescribeInstance list_instance.go (Headers.X-Total-Count, Result[]), struct_result_in_describe_instance.go
//   oss   ListBuckets, GetBucketAcl, GetBucketPolicyStatus, GetBucketPublicAccessBlock: OSS API reference XML
//         (ListAllMyBucketsResult; AccessControlPolicy/AccessControlList/Grant; PolicyStatus/IsPublic;
//         PublicAccessBlockConfiguration/BlockPublicAccess), aliyun/alibabacloud-oss-go-sdk-v2 oss/api_op_*.go.
// Errors for missing resources use the codes those references list (InvalidSecurityGroupId.NotFound…).
import type { FrontDoors } from './alibaba-front-doors.js';
import { ApiError, type Json } from './alibaba-answer.js';
import type { Warehouses } from './alibaba-warehouses.js';

interface EcsRegion {
  /** DescribeSecurityGroups items. A group without VpcId is a classic-network group. */
  readonly securityGroups: Json[];
  /** Permission[] per group id (Direction, NicType, Policy, Priority…). */
  readonly permissions: Record<string, Json[]>;
  /** DescribeInstances items. */
  readonly instances: Json[];
  /** DescribePrefixListAttributes bodies (without RequestId) per prefix list id. */
  readonly prefixLists: Record<string, Json>;
}

interface RdsInstance {
  readonly instance: Json;
  readonly ipArrays: Json[];
  readonly netInfos: Json[];
}

interface RedisInstance {
  readonly instance: Json;
  readonly securityIpGroups: Json[];
  readonly netInfos: Json[];
}

interface MongoInstance {
  /** DescribeDBInstances item; DBInstanceType replicate or sharding. */
  readonly instance: Json;
  /** DescribeSecurityIps body without RequestId. */
  readonly securityIps: Json;
  readonly replicaSets?: Json[];
  readonly networkAddresses?: Json[];
}

export interface OssBucket {
  readonly name: string;
  /** cn-shanghai */
  readonly region: string;
  readonly acl: 'private' | 'public-read' | 'public-read-write';
  readonly policyPublic: boolean;
  readonly blockPublicAccess: boolean;
}

export interface EmulatedAccount {
  readonly accountId: string;
  /** DescribeRegions items. */
  readonly regions: Json[];
  readonly ecs: Record<string, EcsRegion>;
  readonly rds: Record<string, RdsInstance[]>;
  readonly redis: Record<string, RedisInstance[]>;
  readonly mongodb: Record<string, MongoInstance[]>;
  /** DescribeInstance Result objects per region. */
  readonly elasticsearch: Record<string, Json[]>;
  readonly oss: OssBucket[];
  /** CLB, ALB, DNS and ACK (alibaba-front-doors.ts); none when absent. */
  readonly frontDoors?: FrontDoors;
  /** PolarDB, ClickHouse and ApsaraMQ for RabbitMQ (alibaba-warehouses.ts); none when absent. */
  readonly warehouses?: Warehouses;
}

const token = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
const offsetOf = (text: string | undefined) => {
  if (!text) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(text, 'base64').toString('utf8'));
  if (!match) throw new ApiError(400, 'InvalidNextToken.Malformed', 'The specified parameter NextToken is not valid.');
  return Number(match[1]);
};

function intParam(
  params: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ApiError(400, `InvalidParameter.${name}`, `The specified parameter ${name} is not valid.`);
  return value;
}

/** A NextToken/MaxResults page. */
function tokenPage<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  fallback: number,
  max: number,
  min = 1,
): { page: T[]; next: string } {
  const size = intParam(params, 'MaxResults', fallback, min, max);
  const start = offsetOf(params.NextToken);
  const page = items.slice(start, start + size);
  return { page, next: start + size < items.length ? token(start + size) : '' };
}

/** A PageNumber/PageSize page. */
function numberedPage<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  fallback: number,
  max: number,
): { page: T[]; pageNumber: number; pageSize: number } {
  const pageSize = intParam(params, 'PageSize', fallback, 1, max);
  const pageNumber = intParam(params, 'PageNumber', 1, 1, 1_000_000);
  return { page: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), pageNumber, pageSize };
}

function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (!value) throw new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
  return value;
}

/** RPC answers (without RequestId, which the server adds). */
export function rpcAnswer(
  account: EmulatedAccount,
  product: string,
  action: string,
  params: Readonly<Record<string, string>>,
): Json {
  const region = params.RegionId ?? '';
  const key = `${product} ${action}`;
  switch (key) {
    case 'sts GetCallerIdentity':
      return {
        AccountId: account.accountId,
        UserId: account.accountId,
        PrincipalId: account.accountId,
        IdentityType: 'Account',
        Arn: `acs:ram::${account.accountId}:root`,
      };
    case 'ecs DescribeRegions':
      return { Regions: { Region: account.regions } };
    case 'ecs DescribeSecurityGroups': {
      const groups = account.ecs[required(params, 'RegionId')]?.securityGroups ?? [];
      const { page, next } = tokenPage(groups, params, 10, 100);
      return { RegionId: region, NextToken: next, TotalCount: groups.length, SecurityGroups: { SecurityGroup: page } };
    }
    case 'ecs DescribeSecurityGroupAttribute': {
      const ecs = account.ecs[required(params, 'RegionId')];
      const id = required(params, 'SecurityGroupId');
      const group = ecs?.securityGroups.find((candidate) => candidate.SecurityGroupId === id);
      if (!ecs || !group)
        throw new ApiError(404, 'InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.');
      const classic = !group.VpcId;
      // Classic groups: NicType internet (default) or intranet, one per call; VPC groups: intranet only.
      const nicType = classic ? params.NicType || 'internet' : 'intranet';
      const direction = params.Direction || 'all';
      const rules = (ecs.permissions[id] ?? []).filter(
        (rule) => (direction === 'all' || rule.Direction === direction) && (rule.NicType ?? 'intranet') === nicType,
      );
      const { page, next } = tokenPage(rules, params, 500, 1000, 10);
      return {
        RegionId: region,
        SecurityGroupId: id,
        SecurityGroupName: group.SecurityGroupName ?? '',
        Description: group.Description ?? '',
        VpcId: group.VpcId ?? '',
        InnerAccessPolicy: 'Accept',
        NextToken: next,
        Permissions: { Permission: page },
      };
    }
    case 'ecs DescribePrefixListAttributes': {
      const id = required(params, 'PrefixListId');
      const prefixList = account.ecs[required(params, 'RegionId')]?.prefixLists[id];
      if (!prefixList)
        throw new ApiError(404, 'InvalidPrefixListId.NotFound', 'The specified prefix list was not found.');
      return { PrefixListId: id, ...prefixList };
    }
    case 'ecs DescribeInstances': {
      const instances = account.ecs[required(params, 'RegionId')]?.instances ?? [];
      const { page, next } = tokenPage(instances, params, 10, 100);
      return { NextToken: next, TotalCount: instances.length, Instances: { Instance: page } };
    }
    case 'rds DescribeDBInstances': {
      const instances = (account.rds[required(params, 'RegionId')] ?? []).map((entry) => entry.instance);
      const { page, pageNumber } = numberedPage(instances, params, 30, 100);
      return {
        PageNumber: pageNumber,
        PageRecordCount: page.length,
        TotalRecordCount: instances.length,
        Items: { DBInstance: page },
      };
    }
    case 'rds DescribeDBInstanceIPArrayList':
    case 'rds DescribeDBInstanceNetInfo': {
      const id = required(params, 'DBInstanceId');
      const entry = Object.values(account.rds)
        .flat()
        .find((candidate) => candidate.instance.DBInstanceId === id);
      if (!entry) throw new ApiError(404, 'InvalidDBInstanceId.NotFound', 'The specified instance is not found.');
      if (action === 'DescribeDBInstanceIPArrayList') return { Items: { DBInstanceIPArray: entry.ipArrays } };
      return {
        InstanceNetworkType: entry.instance.InstanceNetworkType ?? 'VPC',
        SecurityIPMode: 'normal',
        DBInstanceNetInfos: { DBInstanceNetInfo: entry.netInfos },
      };
    }
    case 'r-kvstore DescribeInstances': {
      const instances = (account.redis[required(params, 'RegionId')] ?? []).map((entry) => entry.instance);
      const { page, pageNumber, pageSize } = numberedPage(instances, params, 30, 50);
      return {
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalCount: instances.length,
        Instances: { KVStoreInstance: page },
      };
    }
    case 'r-kvstore DescribeSecurityIps':
    case 'r-kvstore DescribeDBInstanceNetInfo': {
      const id = required(params, 'InstanceId');
      const entry = Object.values(account.redis)
        .flat()
        .find((candidate) => candidate.instance.InstanceId === id);
      if (!entry)
        throw new ApiError(404, 'InvalidInstanceId.NotFound', 'The InstanceId provided does not exist in our records.');
      if (action === 'DescribeSecurityIps') return { SecurityIpGroups: { SecurityIpGroup: entry.securityIpGroups } };
      return {
        InstanceNetworkType: entry.instance.NetworkType ?? 'VPC',
        NetInfoItems: { InstanceNetInfo: entry.netInfos },
      };
    }
    case 'dds DescribeDBInstances': {
      const type = params.DBInstanceType || 'replicate';
      const instances = (account.mongodb[required(params, 'RegionId')] ?? [])
        .map((entry) => entry.instance)
        .filter((instance) => instance.DBInstanceType === type);
      const { page, pageNumber, pageSize } = numberedPage(instances, params, 30, 100);
      return {
        PageNumber: pageNumber,
        PageSize: pageSize,
        TotalCount: instances.length,
        DBInstances: { DBInstance: page },
      };
    }
    case 'dds DescribeSecurityIps':
    case 'dds DescribeReplicaSetRole':
    case 'dds DescribeShardingNetworkAddress': {
      const id = required(params, 'DBInstanceId');
      const entry = Object.values(account.mongodb)
        .flat()
        .find((candidate) => candidate.instance.DBInstanceId === id);
      const sharded = entry?.instance.DBInstanceType === 'sharding';
      // DescribeReplicaSetRole is for replica set and standalone instances, DescribeShardingNetworkAddress for sharded clusters.
      if (
        !entry ||
        (action === 'DescribeReplicaSetRole' && sharded) ||
        (action === 'DescribeShardingNetworkAddress' && !sharded)
      ) {
        throw new ApiError(404, 'InvalidDBInstanceId.NotFound', 'Specified instance does not exist.');
      }
      if (action === 'DescribeSecurityIps') return entry.securityIps;
      if (action === 'DescribeReplicaSetRole')
        return { DBInstanceId: id, ReplicaSets: { ReplicaSet: entry.replicaSets ?? [] } };
      return {
        NetworkAddresses: { NetworkAddress: entry.networkAddresses ?? [] },
        CompatibleConnections: { CompatibleConnection: [] },
      };
    }
    default:
      throw new ApiError(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.');
  }
}

/** Elasticsearch ROA answers for `path` in `region`. */
export function esAnswer(
  account: EmulatedAccount,
  region: string,
  path: string,
  query: Readonly<Record<string, string>>,
): { action: string; subject: Record<string, string>; answer: () => Json } {
  const instances = account.elasticsearch[region] ?? [];
  if (path === '/openapi/instances') {
    return {
      action: 'ListInstance',
      subject: {},
      answer: () => {
        const page = intParam(query, 'page', 1, 1, 1_000_000);
        const size = intParam(query, 'size', 10, 1, 100);
        // The list carries no network fields (those come from DescribeInstance).
        const result = instances.slice((page - 1) * size, page * size).map((instance) => ({
          instanceId: instance.instanceId,
          description: instance.description,
          esVersion: instance.esVersion,
          status: instance.status,
          paymentType: instance.paymentType,
          domain: instance.domain,
          port: instance.port,
          createdAt: instance.createdAt,
        }));
        return { Headers: { 'X-Total-Count': instances.length }, Result: result };
      },
    };
  }
  const match = /^\/openapi\/instances\/([^/]+)$/.exec(path);
  if (match) {
    const id = decodeURIComponent(match[1] ?? '');
    return {
      action: 'DescribeInstance',
      subject: { InstanceId: id },
      answer: () => {
        const instance = instances.find((candidate) => candidate.instanceId === id);
        if (!instance) throw new ApiError(404, 'InstanceNotFound', `The instanceId provided does not exist.`);
        return { Result: instance };
      },
    };
  }
  return {
    action: 'Unknown',
    subject: {},
    answer: () => {
      throw new ApiError(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.');
    },
  };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const owner = (account: EmulatedAccount) =>
  `<Owner><ID>${account.accountId}</ID><DisplayName>${account.accountId}</DisplayName></Owner>`;

/** ListBuckets: marker (exclusive) and max-keys (default and maximum 1000). */
export function ossListBuckets(account: EmulatedAccount, query: Readonly<Record<string, string>>): string {
  const maxKeys = intParam(query, 'max-keys', 1000, 1, 1000);
  const sorted = [...account.oss].sort((a, b) => (a.name < b.name ? -1 : 1));
  const start = query.marker ? sorted.findIndex((bucket) => bucket.name > (query.marker ?? '')) : 0;
  const page = start < 0 ? [] : sorted.slice(start, start + maxKeys);
  const truncated = start >= 0 && start + maxKeys < sorted.length;
  const buckets = page
    .map(
      (bucket) =>
        `<Bucket><CreationDate>2024-05-01T08:00:00.000Z</CreationDate><ExtranetEndpoint>oss-${bucket.region}.aliyuncs.com</ExtranetEndpoint><IntranetEndpoint>oss-${bucket.region}-internal.aliyuncs.com</IntranetEndpoint><Location>oss-${bucket.region}</Location><Name>${xmlEscape(bucket.name)}</Name><Region>${bucket.region}</Region><StorageClass>Standard</StorageClass></Bucket>`,
    )
    .join('');
  return `${XML_HEAD}<ListAllMyBucketsResult>${query.marker ? `<Marker>${xmlEscape(query.marker)}</Marker>` : ''}<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextMarker>${xmlEscape(page[page.length - 1]?.name ?? '')}</NextMarker>` : ''}${owner(account)}<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`;
}

export function ossBucketAnswer(account: EmulatedAccount, bucket: OssBucket, subresource: string): string {
  switch (subresource) {
    case 'acl':
      return `${XML_HEAD}<AccessControlPolicy>${owner(account)}<AccessControlList><Grant>${bucket.acl}</Grant></AccessControlList></AccessControlPolicy>`;
    case 'policyStatus':
      return `${XML_HEAD}<PolicyStatus><IsPublic>${bucket.policyPublic}</IsPublic></PolicyStatus>`;
    case 'publicAccessBlock':
      return `${XML_HEAD}<PublicAccessBlockConfiguration><BlockPublicAccess>${bucket.blockPublicAccess}</BlockPublicAccess></PublicAccessBlockConfiguration>`;
    default:
      throw new ApiError(501, 'NotImplemented', 'The emulator only answers acl, policyStatus and publicAccessBlock.');
  }
}

/** The OSS action name of a bucket sub-resource, for deny/throttle rules and the request log. */
export const OSS_ACTIONS: Readonly<Record<string, string>> = {
  acl: 'GetBucketAcl',
  policyStatus: 'GetBucketPolicyStatus',
  publicAccessBlock: 'GetBucketPublicAccessBlock',
};
