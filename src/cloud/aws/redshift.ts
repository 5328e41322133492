// Redshift provisioned clusters (DescribeClusters, awsQuery, Marker pagination): whether a cluster
// is PubliclyAccessible, its endpoint and its VPC security groups. As for RDS, the flag alone does
// not open it: src/cloud/reachability.ts adds what the groups say about the port before the rules
// run. Redshift speaks the PostgreSQL wire protocol, so its endpoint is probed as PostgreSQL.
import { DescribeClustersCommand, RedshiftClient, type Cluster } from '@aws-sdk/client-redshift';
import type { DatabaseInstance } from '../inventory.js';
import { readAll, type AwsSession } from './session.js';

function normalizeRedshiftCluster(cluster: Cluster, account: string, region: string): DatabaseInstance {
  const publiclyAccessible = cluster.PubliclyAccessible === true;
  const { Address: host, Port: port } = cluster.Endpoint ?? {};
  return {
    kind: 'database',
    ref: { provider: 'aws', account, region, type: 'redshift:cluster', id: cluster.ClusterIdentifier ?? '' },
    engine: 'redshift',
    ...(cluster.ClusterVersion ? { version: cluster.ClusterVersion } : {}),
    ...(cluster.PubliclyAccessible !== undefined ? { publiclyAccessible } : {}),
    publicEndpoints: publiclyAccessible && host && port ? [{ host: host.toLowerCase(), port }] : [],
    ...(cluster.VpcSecurityGroups
      ? {
          securityGroups: cluster.VpcSecurityGroups.flatMap((group) =>
            group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : [],
          ),
        }
      : {}),
  };
}

export async function collectRedshiftClusters(session: AwsSession, region: string): Promise<DatabaseInstance[]> {
  const client = session.sdkClient('redshift', region, RedshiftClient);
  const clusters = await readAll(
    session,
    'redshift:DescribeClusters',
    region,
    (token, abortSignal) => client.send(new DescribeClustersCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.Clusters,
    (page) => page.Marker,
  );
  return (clusters ?? []).map((cluster) => normalizeRedshiftCluster(cluster, session.accountLabel, region));
}
