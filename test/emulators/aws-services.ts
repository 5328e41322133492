// RDS and STS (awsQuery: form POST, <Action>Response/<Action>Result XML) and OpenSearch
// (restJson) for the AWS emulator.
import type { EmulatedBroker, EmulatedDomain, EmulatedKafkaCluster } from './aws-model.js';
import { jsonReply, page, queryReply, regionOf, ServiceError, type Operation } from './aws-wire.js';
import { el, leaf } from './aws-xml.js';

export function rdsOperation(action: string, params: URLSearchParams, pageSize: number): Operation | undefined {
  if (action !== 'DescribeDBInstances') return undefined;
  return {
    action: 'rds:DescribeDBInstances',
    run: (caller) => {
      const { items: instances, next } = page(
        regionOf(caller!.account, caller!.region).dbInstances ?? [],
        params.get('Marker') ?? undefined,
        pageSize,
        action,
      );
      return queryReply(
        'rds',
        action,
        [
          el(
            'DBInstances',
            ...instances.map((db) =>
              el(
                'DBInstance',
                leaf('DBInstanceIdentifier', db.DBInstanceIdentifier),
                leaf('DBInstanceClass', 'db.t3.micro'),
                leaf('Engine', db.Engine),
                leaf('DBInstanceStatus', 'available'),
                db.Endpoint
                  ? el(
                      'Endpoint',
                      leaf('Address', db.Endpoint.Address),
                      leaf('Port', db.Endpoint.Port),
                      leaf('HostedZoneId', 'Z29XKXDKYMONMX'),
                    )
                  : undefined,
                leaf('EngineVersion', db.EngineVersion),
                leaf('PubliclyAccessible', db.PubliclyAccessible),
                db.VpcSecurityGroups
                  ? el(
                      'VpcSecurityGroups',
                      ...db.VpcSecurityGroups.map((id) =>
                        el('VpcSecurityGroupMembership', leaf('VpcSecurityGroupId', id), leaf('Status', 'active')),
                      ),
                    )
                  : undefined,
                leaf(
                  'DBInstanceArn',
                  `arn:aws:rds:${caller!.region}:${caller!.account.accountId}:db:${db.DBInstanceIdentifier}`,
                ),
              ),
            ),
          ),
          leaf('Marker', next),
        ].join(''),
      );
    },
  };
}

/**
 * Redshift DescribeClusters: <Clusters><Cluster>…</Cluster></Clusters> and <Marker>, the shape of
 * the Redshift API reference (DescribeClusters response, Cluster data type); VpcSecurityGroups
 * hold <VpcSecurityGroup> members with VpcSecurityGroupId and Status.
 */
export function redshiftOperation(action: string, params: URLSearchParams, pageSize: number): Operation | undefined {
  if (action !== 'DescribeClusters') return undefined;
  return {
    action: 'redshift:DescribeClusters',
    run: (caller) => {
      const { items: clusters, next } = page(
        regionOf(caller!.account, caller!.region).redshiftClusters ?? [],
        params.get('Marker') ?? undefined,
        Math.min(pageSize, Number(params.get('MaxRecords') ?? pageSize)),
        action,
      );
      return queryReply(
        'redshift',
        action,
        [
          el(
            'Clusters',
            ...clusters.map((cluster) =>
              el(
                'Cluster',
                leaf('ClusterIdentifier', cluster.ClusterIdentifier),
                leaf('NodeType', 'ra3.xlplus'),
                leaf('ClusterStatus', 'available'),
                leaf('MasterUsername', 'awsuser'),
                leaf('DBName', 'dev'),
                cluster.Endpoint
                  ? el('Endpoint', leaf('Address', cluster.Endpoint.Address), leaf('Port', cluster.Endpoint.Port))
                  : undefined,
                leaf('ClusterVersion', cluster.ClusterVersion),
                leaf('PubliclyAccessible', cluster.PubliclyAccessible),
                leaf('Encrypted', true),
                leaf('NumberOfNodes', 2),
                cluster.VpcSecurityGroups
                  ? el(
                      'VpcSecurityGroups',
                      ...cluster.VpcSecurityGroups.map((id) =>
                        el('VpcSecurityGroup', leaf('VpcSecurityGroupId', id), leaf('Status', 'active')),
                      ),
                    )
                  : undefined,
                leaf(
                  'ClusterNamespaceArn',
                  `arn:aws:redshift:${caller!.region}:${caller!.account.accountId}:namespace:${cluster.ClusterIdentifier}`,
                ),
              ),
            ),
          ),
          leaf('Marker', next),
        ].join(''),
      );
    },
  };
}

/**
 * Amazon MQ (restJson, lowerCamel JSON as the MQ REST API reference shows it): ListBrokers answers
 * brokerSummaries and nextToken; DescribeBroker the broker with brokerInstances (consoleURL,
 * endpoints, ipAddress), publiclyAccessible and securityGroups. An unknown id is NotFoundException.
 */
function brokerHost(broker: EmulatedBroker, region: string, instance: number): string {
  return `${broker.BrokerId}-${instance}.mq.${region}.amazonaws.com`;
}

export function mqOperation(method: string, url: URL, pageSize: number): Operation | undefined {
  if (method !== 'GET') return undefined;
  if (url.pathname === '/v1/brokers') {
    return {
      action: 'mq:ListBrokers',
      run: (caller) => {
        const max = Number(url.searchParams.get('maxResults') ?? 100);
        if (!Number.isInteger(max) || max < 1 || max > 100)
          throw new ServiceError(400, 'BadRequestException', 'maxResults must be between 1 and 100');
        const { items, next } = page(
          regionOf(caller!.account, caller!.region).brokers ?? [],
          url.searchParams.get('nextToken') ?? undefined,
          Math.min(pageSize, max),
          'ListBrokers',
        );
        return jsonReply({
          brokerSummaries: items.map((broker) => ({
            brokerId: broker.BrokerId,
            brokerName: broker.BrokerName,
            brokerState: 'RUNNING',
            deploymentMode: 'SINGLE_INSTANCE',
            engineType: broker.EngineType,
            hostInstanceType: 'mq.m5.large',
            created: '2025-03-01T08:00:00.000Z',
          })),
          ...(next ? { nextToken: next } : {}),
        });
      },
    };
  }
  const match = /^\/v1\/brokers\/([^/]+)$/.exec(url.pathname);
  if (!match) return undefined;
  const id = decodeURIComponent(match[1]!);
  return {
    action: 'mq:DescribeBroker',
    resource: id,
    run: (caller) => {
      const broker = (regionOf(caller!.account, caller!.region).brokers ?? []).find(
        (candidate) => candidate.BrokerId === id,
      );
      if (!broker) throw new ServiceError(404, 'NotFoundException', `Can't find requested broker [${id}].`);
      const rabbit = broker.EngineType === 'RABBITMQ';
      const host = brokerHost(broker, caller!.region, 1);
      return jsonReply({
        brokerId: broker.BrokerId,
        brokerArn: `arn:aws:mq:${caller!.region}:${caller!.account.accountId}:broker:${broker.BrokerName}:${broker.BrokerId}`,
        brokerName: broker.BrokerName,
        brokerState: 'RUNNING',
        deploymentMode: 'SINGLE_INSTANCE',
        engineType: broker.EngineType,
        engineVersion: broker.EngineVersion,
        hostInstanceType: 'mq.m5.large',
        publiclyAccessible: broker.PubliclyAccessible,
        autoMinorVersionUpgrade: true,
        brokerInstances: [
          rabbit
            ? { consoleURL: `https://${host}`, endpoints: [`amqps://${host}:5671`] }
            : {
                consoleURL: `https://${host}:8162`,
                endpoints: [
                  `ssl://${host}:61617`,
                  `amqp+ssl://${host}:5671`,
                  `stomp+ssl://${host}:61614`,
                  `mqtt+ssl://${host}:8883`,
                  `wss://${host}:61619`,
                ],
                ipAddress: '198.51.100.77',
              },
        ],
        securityGroups: broker.SecurityGroups ?? [],
        subnetIds: ['subnet-0a1b2c3d'],
        users: [],
      });
    },
  };
}

/**
 * Amazon MSK (restJson, service `kafka`, lowerCamel JSON as the MSK REST API reference shows it):
 * ListClustersV2 answers clusterInfoList (each with provisioned.brokerNodeGroupInfo,
 * connectivityInfo.publicAccess.type and securityGroups) and nextToken; GetBootstrapBrokers the
 * private strings, and the public ones (b-N-public…:9194/9196/9198) only for a cluster whose public
 * access is on. An unknown ARN is NotFoundException. maxResults outside 1–100 is BadRequestException.
 */
const PUBLIC_PORT = { tls: 9194, scram: 9196, iam: 9198 } as const;
const PRIVATE_PORT = { tls: 9094, scram: 9096, iam: 9098 } as const;

function kafkaArn(cluster: EmulatedKafkaCluster, region: string, accountId: string): string {
  return `arn:aws:kafka:${region}:${accountId}:cluster/${cluster.ClusterName}/${cluster.ClusterUuid}`;
}

function bootstrap(
  cluster: EmulatedKafkaCluster,
  region: string,
  auth: 'tls' | 'scram' | 'iam',
  visibility: 'public' | 'private',
): string | undefined {
  if (!cluster.Authentication.includes(auth)) return undefined;
  const port = visibility === 'public' ? PUBLIC_PORT[auth] : PRIVATE_PORT[auth];
  const suffix = visibility === 'public' ? '-public' : '';
  return Array.from(
    { length: cluster.Brokers },
    (_, index) =>
      `b-${index + 1}${suffix}.${cluster.ClusterName}.${cluster.ClusterUuid.slice(0, 6)}.c3.kafka.${region}.amazonaws.com:${port}`,
  ).join(',');
}

export function kafkaOperation(method: string, url: URL, pageSize: number): Operation | undefined {
  if (method !== 'GET') return undefined;
  if (url.pathname === '/api/v2/clusters') {
    return {
      action: 'kafka:ListClustersV2',
      run: (caller) => {
        const max = Number(url.searchParams.get('maxResults') ?? 10);
        if (!Number.isInteger(max) || max < 1 || max > 100)
          throw new ServiceError(400, 'BadRequestException', 'maxResults must be between 1 and 100');
        const region = caller!.region;
        const { items, next } = page(
          regionOf(caller!.account, region).kafkaClusters ?? [],
          url.searchParams.get('nextToken') ?? undefined,
          Math.min(pageSize, max),
          'ListClustersV2',
        );
        return jsonReply({
          clusterInfoList: items.map((cluster) => {
            const arn = kafkaArn(cluster, region, caller!.account.accountId);
            const common = {
              clusterArn: arn,
              clusterName: cluster.ClusterName,
              creationTime: '2025-06-01T08:00:00.000Z',
              currentVersion: 'K3AEGXETSR30VB',
              state: 'ACTIVE',
              tags: {},
            };
            if (cluster.ClusterType === 'SERVERLESS')
              return {
                ...common,
                clusterType: 'SERVERLESS',
                serverless: {
                  vpcConfigs: [{ subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: [...cluster.SecurityGroups] }],
                  clientAuthentication: { sasl: { iam: { enabled: true } } },
                },
              };
            return {
              ...common,
              clusterType: 'PROVISIONED',
              provisioned: {
                brokerNodeGroupInfo: {
                  brokerAZDistribution: 'DEFAULT',
                  clientSubnets: ['subnet-0a1b2c3d', 'subnet-1a2b3c4d', 'subnet-2a3b4c5d'],
                  instanceType: 'kafka.m5.large',
                  securityGroups: [...cluster.SecurityGroups],
                  storageInfo: { ebsStorageInfo: { volumeSize: 100 } },
                  connectivityInfo: {
                    publicAccess: { type: cluster.PublicAccess },
                    vpcConnectivity: {
                      clientAuthentication: {
                        sasl: { scram: { enabled: false }, iam: { enabled: false } },
                        tls: { enabled: false },
                      },
                    },
                  },
                },
                currentBrokerSoftwareInfo: { kafkaVersion: cluster.KafkaVersion },
                clientAuthentication: {
                  sasl: {
                    scram: { enabled: cluster.Authentication.includes('scram') },
                    iam: { enabled: cluster.Authentication.includes('iam') },
                  },
                  tls: { enabled: cluster.Authentication.includes('tls'), certificateAuthorityArnList: [] },
                  unauthenticated: { enabled: false },
                },
                encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } },
                enhancedMonitoring: 'DEFAULT',
                numberOfBrokerNodes: cluster.Brokers,
                zookeeperConnectString: `z-1.${cluster.ClusterName}.${cluster.ClusterUuid.slice(0, 6)}.c3.kafka.${region}.amazonaws.com:2181`,
              },
            };
          }),
          ...(next ? { nextToken: next } : {}),
        });
      },
    };
  }
  const match = /^\/v1\/clusters\/(.+)\/bootstrap-brokers$/.exec(url.pathname);
  if (!match) return undefined;
  const arn = decodeURIComponent(match[1]!);
  return {
    action: 'kafka:GetBootstrapBrokers',
    resource: arn,
    run: (caller) => {
      const region = caller!.region;
      const cluster = (regionOf(caller!.account, region).kafkaClusters ?? []).find(
        (candidate) => kafkaArn(candidate, region, caller!.account.accountId) === arn,
      );
      if (!cluster || cluster.ClusterType === 'SERVERLESS')
        throw new ServiceError(404, 'NotFoundException', `The requested resource ${arn} doesn't exist.`);
      const open = cluster.PublicAccess === 'SERVICE_PROVIDED_EIPS';
      const strings: Record<string, string | undefined> = {
        bootstrapBrokerStringTls: bootstrap(cluster, region, 'tls', 'private'),
        bootstrapBrokerStringSaslScram: bootstrap(cluster, region, 'scram', 'private'),
        bootstrapBrokerStringSaslIam: bootstrap(cluster, region, 'iam', 'private'),
        ...(open
          ? {
              bootstrapBrokerStringPublicTls: bootstrap(cluster, region, 'tls', 'public'),
              bootstrapBrokerStringPublicSaslScram: bootstrap(cluster, region, 'scram', 'public'),
              bootstrapBrokerStringPublicSaslIam: bootstrap(cluster, region, 'iam', 'public'),
            }
          : {}),
      };
      return jsonReply(Object.fromEntries(Object.entries(strings).filter(([, value]) => value !== undefined)));
    },
  };
}

export function stsOperation(action: string): Operation | undefined {
  if (action !== 'GetCallerIdentity') return undefined;
  return {
    action: 'sts:GetCallerIdentity',
    run: (caller) =>
      queryReply(
        'sts',
        action,
        [
          leaf('Arn', `arn:aws:iam::${caller!.account.accountId}:user/${caller!.account.userName}`),
          leaf('UserId', 'AIDAEXAMPLEUSERID0001'),
          leaf('Account', caller!.account.accountId),
        ].join(''),
      ),
  };
}

function domainStatus(domain: EmulatedDomain, accountId: string, region: string): Record<string, unknown> {
  const policy =
    typeof domain.AccessPolicies === 'string'
      ? domain.AccessPolicies
      : domain.AccessPolicies
        ? JSON.stringify(domain.AccessPolicies)
        : '';
  return {
    ARN: `arn:aws:es:${region}:${accountId}:domain/${domain.DomainName}`,
    DomainId: `${accountId}/${domain.DomainName}`,
    DomainName: domain.DomainName,
    Created: true,
    Deleted: false,
    Processing: false,
    UpgradeProcessing: false,
    EngineVersion: domain.EngineVersion,
    ...(domain.Endpoint ? { Endpoint: domain.Endpoint } : {}),
    ...(domain.VpcEndpoint ? { Endpoints: { vpc: domain.VpcEndpoint } } : {}),
    ...(domain.VPCId
      ? {
          VPCOptions: {
            VPCId: domain.VPCId,
            SubnetIds: ['subnet-0a1b2c3d'],
            SecurityGroupIds: ['sg-0domain'],
            AvailabilityZones: [`${region}a`],
          },
        }
      : {}),
    ClusterConfig: {
      InstanceType: 't3.small.search',
      InstanceCount: 1,
      DedicatedMasterEnabled: false,
      ZoneAwarenessEnabled: false,
    },
    AccessPolicies: policy,
    AdvancedSecurityOptions: {
      Enabled: domain.FineGrainedAccessControl === true,
      InternalUserDatabaseEnabled: domain.FineGrainedAccessControl === true,
      AnonymousAuthEnabled: domain.AnonymousAuthEnabled === true,
    },
    DomainEndpointOptions: {
      EnforceHTTPS: domain.FineGrainedAccessControl === true,
      TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07',
    },
    NodeToNodeEncryptionOptions: { Enabled: domain.FineGrainedAccessControl === true },
    EncryptionAtRestOptions: { Enabled: domain.FineGrainedAccessControl === true },
  };
}

export function openSearchOperation(method: string, path: string, body: Buffer): Operation | undefined {
  if (method === 'GET' && path === '/2021-01-01/domain') {
    return {
      action: 'es:ListDomainNames',
      run: (caller) => {
        const domains = regionOf(caller!.account, caller!.region).domains ?? [];
        return jsonReply({
          DomainNames: domains.map((domain) => ({
            DomainName: domain.DomainName,
            EngineType: domain.EngineVersion.startsWith('OpenSearch') ? 'OpenSearch' : 'Elasticsearch',
          })),
        });
      },
    };
  }
  if (method === 'POST' && path === '/2021-01-01/opensearch/domain-info') {
    return {
      action: 'es:DescribeDomains',
      run: (caller) => {
        let names: unknown;
        try {
          names = (JSON.parse(body.toString('utf8')) as { DomainNames?: unknown }).DomainNames;
        } catch {
          throw new ServiceError(400, 'SerializationException', 'Malformed JSON body');
        }
        if (!Array.isArray(names) || names.length === 0 || names.length > 5)
          throw new ServiceError(400, 'ValidationException', 'DomainNames must name 1 to 5 domains');
        const domains = regionOf(caller!.account, caller!.region).domains ?? [];
        return jsonReply({
          DomainStatusList: domains
            .filter((domain) => names.includes(domain.DomainName))
            .map((domain) => domainStatus(domain, caller!.account.accountId, caller!.region)),
        });
      },
    };
  }
  return undefined;
}
