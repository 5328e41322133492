// Container Service for Kubernetes (ACK, CS 2015-12-15, ROA): whether a cluster's API server has
// a public endpoint. DescribeClustersV1 (GET /api/v1/clusters?region_id&page_number&page_size,
// page_size ≤ 100; answer {clusters[], page_info {page_number, page_size, total_count}}) carries
// each cluster's `master_url`, a JSON string {"api_server_endpoint": "https://<EIP>:6443",
// "intranet_api_server_endpoint": "https://<VPC IP>:6443"}; an empty api_server_endpoint means
// the API server is reachable from the VPC only (aliyun/alibabacloud-go-sdk cs-20151215
// DescribeClustersV1ResponseBodyClusters). The access-control list ACK can put on the API
// server's CLB is not read here: see rules/cloud-alibaba/alibaba-ack-api-server-public.md.
import type { KubernetesCluster } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text } from './json.js';
import { allNumberedPages, type Session } from './session.js';

const PAGE = 100;

/** The public API server host and port in a master_url string; undefined when there is none. */
function publicApiServer(masterUrl: string | undefined): { host: string; port: number } | undefined {
  if (!masterUrl) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(masterUrl);
  } catch {
    return undefined;
  }
  const endpoint = text(parsed, 'api_server_endpoint');
  if (!endpoint) return undefined;
  try {
    const url = new URL(endpoint);
    return { host: url.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port: url.port ? Number(url.port) : 443 };
  } catch {
    return undefined;
  }
}

function normalizeAckCluster(cluster: Json, account: string, region: string): KubernetesCluster {
  const endpoint = publicApiServer(text(cluster, 'master_url'));
  const version = text(cluster, 'current_version');
  const name = text(cluster, 'name');
  return {
    kind: 'kubernetes-cluster',
    ref: {
      provider: 'alibaba',
      account,
      region,
      type: 'cs:cluster',
      id: text(cluster, 'cluster_id') ?? '',
      ...(name ? { name } : {}),
    },
    ...(version ? { version } : {}),
    ...(endpoint ? { publicEndpoint: endpoint } : {}),
  };
}

export async function collectAckClusters(session: Session, region: string): Promise<KubernetesCluster[]> {
  const clusters = await session.attempt(region, session.call('cs', 'DescribeClustersV1'), () =>
    allNumberedPages(
      (pageNumber) =>
        session.csGet(region, '/api/v1/clusters', {
          region_id: region,
          page_number: String(pageNumber),
          page_size: String(PAGE),
        }),
      (page) => list(page, 'clusters'),
      (page) => int(page.page_info, 'total_count'),
      PAGE,
    ),
  );
  return (clusters ?? [])
    .filter((cluster) => text(cluster, 'cluster_id') && (text(cluster, 'region_id') ?? region) === region)
    .map((cluster) => normalizeAckCluster(cluster, session.accountLabel, region));
}
