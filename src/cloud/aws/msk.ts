// Amazon MSK provisioned clusters (restJson, service signing name `kafka`): ListClustersV2
// (GET /api/v2/clusters, maxResults / nextToken) lists every cluster with its broker node group,
// whose ConnectivityInfo.PublicAccess.Type is SERVICE_PROVIDED_EIPS when public access is on, and
// its security groups. For a public cluster GetBootstrapBrokers
// (GET /v1/clusters/{arn}/bootstrap-brokers) names the public broker endpoints: one string per
// client authentication (TLS 9194, SASL/SCRAM 9196, IAM 9198). The security groups are judged on
// those ports later (src/cloud/reachability.ts). MSK Serverless clusters have no public access
// and are left out. A public cluster whose bootstrap brokers could not be read is left out too:
// the gap names it.
import {
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListClustersV2Command,
  type Cluster,
  type GetBootstrapBrokersResponse,
} from '@aws-sdk/client-kafka';
import type { DatabaseInstance } from '../inventory.js';
import { brokerEndpoints, MSK_PUBLIC_ACCESS } from './msk-access.js';
import { readAll, type AwsSession } from './session.js';

/** The public bootstrap brokers, every authentication's, without repeats. */
function publicBrokers(brokers: GetBootstrapBrokersResponse | undefined): { host: string; port: number }[] {
  const all = [
    ...brokerEndpoints(brokers?.BootstrapBrokerStringPublicTls),
    ...brokerEndpoints(brokers?.BootstrapBrokerStringPublicSaslScram),
    ...brokerEndpoints(brokers?.BootstrapBrokerStringPublicSaslIam),
  ];
  return [...new Map(all.map((endpoint) => [`${endpoint.host}:${endpoint.port}`, endpoint])).values()];
}

function isPublicCluster(cluster: Cluster): boolean {
  return cluster.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type === MSK_PUBLIC_ACCESS;
}

function normalizeKafkaCluster(
  cluster: Cluster,
  brokers: GetBootstrapBrokersResponse | undefined,
  account: string,
  region: string,
): DatabaseInstance {
  const publiclyAccessible = isPublicCluster(cluster);
  const version = cluster.Provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion;
  return {
    kind: 'database',
    ref: {
      provider: 'aws',
      account,
      region,
      type: 'kafka:cluster',
      id: cluster.ClusterArn ?? cluster.ClusterName ?? '',
      ...(cluster.ClusterName ? { name: cluster.ClusterName } : {}),
    },
    engine: 'kafka',
    ...(version ? { version } : {}),
    // update-connectivity names the version it changes (the fix's --current-version).
    ...(cluster.CurrentVersion ? { revision: cluster.CurrentVersion } : {}),
    publiclyAccessible,
    publicEndpoints: publiclyAccessible ? publicBrokers(brokers) : [],
    securityGroups: [...(cluster.Provisioned?.BrokerNodeGroupInfo?.SecurityGroups ?? [])],
  };
}

export async function collectKafkaClusters(session: AwsSession, region: string): Promise<DatabaseInstance[]> {
  const client = session.sdkClient('kafka', region, KafkaClient);
  const clusters = await readAll(
    session,
    'kafka:ListClustersV2',
    region,
    (token, abortSignal) =>
      client.send(new ListClustersV2Command({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }), {
        abortSignal,
      }),
    (page) => page.ClusterInfoList,
    (page) => page.NextToken,
  );
  const provisioned = (clusters ?? []).filter((cluster) => cluster.ClusterType !== 'SERVERLESS');
  const read = await Promise.all(
    provisioned.map(async (cluster) => {
      if (!isPublicCluster(cluster)) return [normalizeKafkaCluster(cluster, undefined, session.accountLabel, region)];
      const arn = cluster.ClusterArn ?? '';
      const brokers = await session.read(
        'kafka:GetBootstrapBrokers',
        region,
        (abortSignal) => client.send(new GetBootstrapBrokersCommand({ ClusterArn: arn }), { abortSignal }),
        cluster.ClusterName ?? arn,
      );
      return brokers.ok ? [normalizeKafkaCluster(cluster, brokers.value, session.accountLabel, region)] : [];
    }),
  );
  return read.flat();
}
