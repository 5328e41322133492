// EKS control planes: whether the Kubernetes API server has a public endpoint, and from which
// addresses (publicAccessCidrs; AWS reports 0.0.0.0/0 when public access is unrestricted).
import { DescribeClusterCommand, EKSClient, ListClustersCommand, type Cluster } from '@aws-sdk/client-eks';
import type { KubernetesCluster } from '../inventory.js';
import { readAll, type AwsSession } from './session.js';

function normalizeCluster(cluster: Cluster, account: string, region: string): KubernetesCluster {
  const vpc = cluster.resourcesVpcConfig;
  let host: string | undefined;
  try {
    host = cluster.endpoint ? new URL(cluster.endpoint).hostname : undefined;
  } catch {
    host = undefined;
  }
  const publicAccess = vpc?.endpointPublicAccess === true;
  return {
    kind: 'kubernetes-cluster',
    ref: { provider: 'aws', account, region, type: 'eks:cluster', id: cluster.name ?? '' },
    ...(cluster.version ? { version: cluster.version } : {}),
    ...(publicAccess && host ? { publicEndpoint: { host: host.toLowerCase(), port: 443 } } : {}),
    ...(publicAccess ? { publicAccessCidrs: [...(vpc?.publicAccessCidrs ?? ['0.0.0.0/0'])] } : {}),
  };
}

export async function collectClusters(session: AwsSession, region: string): Promise<KubernetesCluster[]> {
  const eks = session.sdkClient('eks', region, EKSClient);
  const names = await readAll(
    session,
    'eks:ListClusters',
    region,
    (token, abortSignal) => eks.send(new ListClustersCommand(token ? { nextToken: token } : {}), { abortSignal }),
    (page) => page.clusters,
    (page) => page.nextToken,
  );
  const described = await Promise.all(
    [...(names ?? [])].sort().map(async (name) => {
      const read = await session.read(
        'eks:DescribeCluster',
        region,
        (abortSignal) => eks.send(new DescribeClusterCommand({ name }), { abortSignal }),
        name,
      );
      return read.ok && read.value.cluster ? [normalizeCluster(read.value.cluster, session.accountLabel, region)] : [];
    }),
  );
  return described.flat();
}
