// How the emulated Alibaba Cloud answers the front-door APIs: CLB (slb 2014-05-15), ALB (alb
// 2020-06-16), Alibaba Cloud DNS (alidns 2015-01-09) over RPC, and ACK (cs 2015-12-15) over ROA.
// Response shapes follow the response structs of aliyun/alibaba-cloud-sdk-go (services/<product>/,
// json tags), snapshot 8666508d (2026-02-11), and for ACK aliyun/alibabacloud-go-sdk cs-20151215
// (describe_clusters_v1response_body_model.go):
//   slb DescribeLoadBalancers            describe_load_balancers.go (PageNumber, PageSize, TotalCount, LoadBalancers.LoadBalancer[])
//       DescribeLoadBalancerListeners    describe_load_balancer_listeners.go (NextToken, MaxResults, TotalCount, Listeners[]: not wrapped)
//       DescribeVServerGroupAttribute    describe_v_server_group_attribute.go (BackendServers.BackendServer[])
//       DescribeAccessControlListAttribute describe_access_control_list_attribute.go (TotalAclEntry, AclEntrys.AclEntry[])
//   alb ListLoadBalancers / ListListeners / ListAclEntries / ListServerGroupServers: NextToken, MaxResults, TotalCount, a plain array
//       GetListenerAttribute             get_listener_attribute.go (AclConfig, DefaultActions[])
//   alidns DescribeDomains               describe_domains.go (Domains.Domain[]), DescribeDomainRecords (DomainRecords.Record[])
//   cs  DescribeClustersV1               GET /api/v1/clusters: {clusters[], page_info{page_number, page_size, total_count}}
// Page-size limits are the ones the API references give (DescribeLoadBalancers ≤ 100, listeners
// and ALB lists ≤ 100, ACL entries ≤ 50, DescribeDomains ≤ 100, records ≤ 500, clusters ≤ 100);
// `pageCap` makes the service answer fewer than asked, as real services may, so that tests follow
// every page of small fixtures. Unknown ids answer the references' NotFound codes.
import { ApiError as FrontDoorError, type Json } from './alibaba-answer.js';

interface SlbRegion {
  /** DescribeLoadBalancers items. */
  readonly loadBalancers: Json[];
  /** DescribeLoadBalancerListeners items (each names its LoadBalancerId). */
  readonly listeners: Json[];
  /** DescribeVServerGroupAttribute bodies without RequestId, by VServerGroupId. */
  readonly vServerGroups: Record<string, Json>;
  /** AclEntrys.AclEntry items by AclId. */
  readonly acls: Record<string, Json[]>;
}

interface AlbRegion {
  readonly loadBalancers: Json[];
  /** GetListenerAttribute bodies without RequestId (each names its LoadBalancerId); ListListeners lists them. */
  readonly listeners: Json[];
  /** ListAclEntries items by AclId. */
  readonly acls: Record<string, Json[]>;
  /** ListServerGroupServers items by ServerGroupId. */
  readonly serverGroups: Record<string, Json[]>;
}

export interface FrontDoors {
  readonly slb?: Record<string, SlbRegion>;
  readonly alb?: Record<string, AlbRegion>;
  /** DescribeDomains items, and DescribeDomainRecords items by DomainName. */
  readonly alidns?: { readonly domains: Json[]; readonly records: Record<string, Json[]> };
  /** DescribeClustersV1 cluster items per region. */
  readonly ack?: Record<string, Json[]>;
}

function intParam(params: Readonly<Record<string, string>>, name: string, fallback: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new FrontDoorError(400, `InvalidParameter.${name}`, `The specified parameter ${name} is not valid.`);
  return value;
}

const tokenOf = (offset: number) => Buffer.from(`fd:${offset}`).toString('base64');
function offsetOf(token: string | undefined): number {
  if (!token) return 0;
  const match = /^fd:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw new FrontDoorError(400, 'IllegalParam.NextToken', 'The param of NextToken is illegal.');
  return Number(match[1]);
}

export class FrontDoorApi {
  constructor(
    private readonly doors: FrontDoors,
    /** At most this many items a page, whatever the caller asks (undefined: as asked). */
    private readonly pageCap?: number,
  ) {}

  private capped(size: number): number {
    return this.pageCap ? Math.min(size, this.pageCap) : size;
  }

  private numbered<T>(
    items: readonly T[],
    params: Readonly<Record<string, string>>,
    pageName: string,
    sizeName: string,
    fallback: number,
    max: number,
  ) {
    const size = this.capped(intParam(params, sizeName, fallback, max));
    const number = intParam(params, pageName, 1, 1_000_000);
    return { page: items.slice((number - 1) * size, number * size), number, size };
  }

  private tokened<T>(items: readonly T[], params: Readonly<Record<string, string>>, fallback: number, max: number) {
    const size = this.capped(intParam(params, 'MaxResults', fallback, max));
    const start = offsetOf(params.NextToken);
    return {
      page: items.slice(start, start + size),
      size,
      next: start + size < items.length ? tokenOf(start + size) : '',
    };
  }

  /** RPC answers for slb, alb and alidns (without RequestId). */
  rpc(product: string, action: string, params: Readonly<Record<string, string>>): Json {
    const region = params.RegionId ?? '';
    const required = (name: string) => {
      const value = params[name];
      if (!value) throw new FrontDoorError(400, `Missing${name}`, `${name} is mandatory for this action.`);
      return value;
    };
    switch (`${product} ${action}`) {
      case 'slb DescribeLoadBalancers': {
        const all = this.doors.slb?.[required('RegionId')]?.loadBalancers ?? [];
        const { page, number, size } = this.numbered(all, params, 'PageNumber', 'PageSize', 10, 100);
        return { PageNumber: number, PageSize: size, TotalCount: all.length, LoadBalancers: { LoadBalancer: page } };
      }
      case 'slb DescribeLoadBalancerListeners': {
        const ids = Object.entries(params)
          .filter(([name]) => /^LoadBalancerId\.\d+$/.test(name))
          .map(([, value]) => value);
        const all = (this.doors.slb?.[required('RegionId')]?.listeners ?? []).filter(
          (listener) => ids.length === 0 || ids.includes(String(listener.LoadBalancerId)),
        );
        const { page, size, next } = this.tokened(all, params, 20, 100);
        return { NextToken: next, MaxResults: size, TotalCount: all.length, Listeners: page };
      }
      case 'slb DescribeVServerGroupAttribute': {
        const id = required('VServerGroupId');
        const group = this.doors.slb?.[region]?.vServerGroups[id];
        if (!group)
          throw new FrontDoorError(
            404,
            'InvalidParameter.VServerGroupId',
            'The specified VServerGroupId does not exist.',
          );
        return { VServerGroupId: id, ...group };
      }
      case 'slb DescribeAccessControlListAttribute': {
        const id = required('AclId');
        const entries = this.doors.slb?.[region]?.acls[id];
        if (!entries) throw new FrontDoorError(404, 'AclNotExist', 'The specified acl does not exist.');
        const { page } = this.numbered(entries, params, 'Page', 'PageSize', 50, 50);
        return {
          AclId: id,
          AclName: id,
          AddressIPVersion: 'ipv4',
          TotalAclEntry: entries.length,
          AclEntrys: { AclEntry: page },
          RelatedListeners: { RelatedListener: [] },
        };
      }
      case 'alb ListLoadBalancers': {
        const all = this.doors.alb?.[required('RegionId')]?.loadBalancers ?? [];
        const { page, size, next } = this.tokened(all, params, 20, 100);
        return { NextToken: next, MaxResults: size, TotalCount: all.length, LoadBalancers: page };
      }
      case 'alb ListListeners': {
        const ids = Object.entries(params)
          .filter(([name]) => /^LoadBalancerIds\.\d+$/.test(name))
          .map(([, value]) => value);
        const all = (this.doors.alb?.[required('RegionId')]?.listeners ?? [])
          .filter((listener) => ids.length === 0 || ids.includes(String(listener.LoadBalancerId)))
          // The list carries no access control (GetListenerAttribute does).
          .map(({ AclConfig: _acl, ...summary }) => summary);
        const { page, size, next } = this.tokened(all, params, 20, 100);
        return { NextToken: next, MaxResults: size, TotalCount: all.length, Listeners: page };
      }
      case 'alb GetListenerAttribute': {
        const id = required('ListenerId');
        const listener = this.doors.alb?.[region]?.listeners.find((candidate) => candidate.ListenerId === id);
        if (!listener)
          throw new FrontDoorError(404, 'ResourceNotFound.Listener', 'The specified resource Listener is not found.');
        return listener;
      }
      case 'alb ListAclEntries': {
        const id = required('AclId');
        const entries = this.doors.alb?.[region]?.acls[id];
        if (!entries) throw new FrontDoorError(404, 'ResourceNotFound.Acl', 'The specified resource Acl is not found.');
        const { page, size, next } = this.tokened(entries, params, 20, 100);
        return { NextToken: next, MaxResults: size, TotalCount: entries.length, AclEntries: page };
      }
      case 'alb ListServerGroupServers': {
        const id = required('ServerGroupId');
        const servers = this.doors.alb?.[region]?.serverGroups[id];
        if (!servers)
          throw new FrontDoorError(
            404,
            'ResourceNotFound.ServerGroup',
            'The specified resource ServerGroup is not found.',
          );
        const { page, size, next } = this.tokened(servers, params, 20, 100);
        return { NextToken: next, MaxResults: size, TotalCount: servers.length, Servers: page };
      }
      case 'alidns DescribeDomains': {
        const all = this.doors.alidns?.domains ?? [];
        const { page, number, size } = this.numbered(all, params, 'PageNumber', 'PageSize', 20, 100);
        return { PageNumber: number, PageSize: size, TotalCount: all.length, Domains: { Domain: page } };
      }
      case 'alidns DescribeDomainRecords': {
        const domain = required('DomainName');
        const records = this.doors.alidns?.records[domain];
        if (!records)
          throw new FrontDoorError(
            400,
            'InvalidDomainName.NoExist',
            'The specified domain name does not exist. Refresh the page and try again.',
          );
        const { page, number, size } = this.numbered(records, params, 'PageNumber', 'PageSize', 20, 500);
        return { PageNumber: number, PageSize: size, TotalCount: records.length, DomainRecords: { Record: page } };
      }
      default:
        throw new FrontDoorError(
          404,
          'InvalidApi.NotFound',
          'Specified api is not found, please check your url and method.',
        );
    }
  }

  /** ACK ROA answers for `path` in `region` (taken from the Host header, as for Elasticsearch). */
  cs(
    region: string,
    path: string,
    query: Readonly<Record<string, string>>,
  ): { action: string; subject: Record<string, string>; answer: () => Json } {
    if (path === '/api/v1/clusters') {
      return {
        action: 'DescribeClustersV1',
        subject: {},
        answer: () => {
          const all = (this.doors.ack?.[region] ?? []).filter(
            (cluster) => !query.region_id || cluster.region_id === query.region_id,
          );
          const { page, number, size } = this.numbered(all, query, 'page_number', 'page_size', 10, 100);
          return { clusters: page, page_info: { page_number: number, page_size: size, total_count: all.length } };
        },
      };
    }
    return {
      action: 'Unknown',
      subject: {},
      answer: () => {
        throw new FrontDoorError(
          404,
          'InvalidApi.NotFound',
          'Specified api is not found, please check your url and method.',
        );
      },
    };
  }
}
