// One resource per cloud rule (more where the fix takes another path) that the rule reports: the
// fix tests run every rule's generator over these. A cloud rule without a case fails fix.test.ts.
import type { CloudResource, DatabaseInstance } from '../../src/cloud/inventory.js';
import {
  bucket,
  database,
  ingress,
  kubernetesCluster,
  loadBalancer,
  ref,
  searchDomain,
  securityGroup,
} from '../helpers/cloud.js';

export interface FixCase {
  readonly ruleId: string;
  readonly name: string;
  readonly resource: CloudResource;
}

const awsDatabase = (type: string, id: string, overrides: Partial<DatabaseInstance> = {}): DatabaseInstance =>
  database('aws', {
    ref: ref('aws', type, id),
    publiclyAccessible: true,
    publicEndpoints: [{ host: `${id}.example.amazonaws.com`, port: 5432 }],
    ...overrides,
  });

const alibabaDatabase = (type: string, id: string, overrides: Partial<DatabaseInstance> = {}): DatabaseInstance =>
  database('alibaba', {
    ref: ref('alibaba', type, id),
    whitelist: ['10.0.0.0/8', '0.0.0.0/0'],
    whitelistGroups: [
      { name: 'default', entries: ['10.0.0.0/8'] },
      { name: 'open_all', entries: ['0.0.0.0/0'] },
    ],
    publicEndpoints: [{ host: `${id}.example.aliyuncs.com`, port: 3306 }],
    ...overrides,
  });

export const FIX_CASES: readonly FixCase[] = [
  {
    ruleId: 'aws-security-group-open-service-port',
    name: 'tcp 9200 open to 0.0.0.0/0 and ::/0',
    resource: {
      ...securityGroup('aws', [ingress({ sources: ['10.0.0.0/8', '0.0.0.0/0', '::/0'] })]),
      ref: ref('aws', 'ec2:security-group', 'sg-0abc1234def567890'),
    },
  },
  {
    ruleId: 'aws-security-group-open-service-port',
    name: 'every protocol open (-1)',
    resource: {
      ...securityGroup('aws', [ingress({ protocol: 'all', fromPort: 0, toPort: 65535 })]),
      ref: ref('aws', 'ec2:security-group', 'sg-0all'),
    },
  },
  {
    ruleId: 'alibaba-security-group-open-service-port',
    name: 'a rule with its SecurityGroupRuleId',
    resource: {
      ...securityGroup('alibaba', [ingress({ id: 'sgr-bp1open', fromPort: 6379, toPort: 6379 })]),
      ref: ref('alibaba', 'ecs:security-group', 'sg-bp1abc'),
    },
  },
  {
    ruleId: 'alibaba-security-group-open-service-port',
    name: 'a rule without an id (IPv6 source)',
    resource: {
      ...securityGroup('alibaba', [ingress({ fromPort: 5601, toPort: 5601, sources: ['::/0'] })]),
      ref: ref('alibaba', 'ecs:security-group', 'sg-bp1noid'),
    },
  },
  {
    ruleId: 'aws-rds-publicly-accessible',
    name: 'a public RDS instance',
    resource: awsDatabase('rds:db-instance', 'orders-db', { engine: 'postgresql' }),
  },
  {
    ruleId: 'aws-redshift-publicly-accessible',
    name: 'a public Redshift cluster',
    resource: awsDatabase('redshift:cluster', 'analytics', { engine: 'redshift' }),
  },
  {
    ruleId: 'aws-mq-broker-public',
    name: 'a public RabbitMQ broker',
    resource: awsDatabase('mq:broker', 'b-1234abcd-56ef-78ab-90cd-ef1234567890', { engine: 'rabbitmq' }),
  },
  {
    ruleId: 'aws-msk-cluster-public',
    name: 'a public MSK cluster at its current version',
    resource: awsDatabase(
      'kafka:cluster',
      'arn:aws:kafka:us-east-1:123456789012:cluster/events/5a1b2c3d-4e5f-6789-abcd-ef0123456789-2',
      { engine: 'kafka', revision: 'K3AEGXETSR30VB' },
    ),
  },
  {
    ruleId: 'aws-msk-cluster-public',
    name: 'a public MSK cluster whose current version was not read',
    resource: awsDatabase('kafka:cluster', 'arn:aws:kafka:us-east-1:123456789012:cluster/logs/0a1b2c3d-2', {
      engine: 'kafka',
    }),
  },
  {
    ruleId: 'aws-opensearch-domain-public',
    name: 'a public domain with an open policy',
    resource: searchDomain('aws', {
      ref: ref('aws', 'opensearch:domain', 'logs'),
      publicEndpoint: { host: 'search-logs-abc.us-east-1.es.amazonaws.com', port: 443, protocol: 'https' },
      accessPolicyOpen: true,
    }),
  },
  {
    ruleId: 'aws-s3-bucket-public',
    name: 'a bucket with a public ACL grant',
    resource: bucket('aws', { publicGrants: ['AllUsers:READ'] }),
  },
  {
    ruleId: 'aws-eks-endpoint-public',
    name: 'a public API server for 0.0.0.0/0',
    resource: kubernetesCluster(),
  },
  {
    ruleId: 'aws-load-balancer-public-service-port',
    name: 'an ALB listener with its ARN',
    resource: loadBalancer({
      listeners: [
        {
          id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/kibana-public/50dc6c495c0c9188/f2f7dc8efc522ab2',
          port: 443,
          protocol: 'https',
          targets: [{ name: 'kibana-tg', port: 5601, healthy: 1, registered: 1 }],
        },
      ],
    }),
  },
  {
    ruleId: 'aws-load-balancer-public-service-port',
    name: 'a Classic ELB listener',
    resource: loadBalancer({
      ref: ref('aws', 'elb:load-balancer', 'legacy-search'),
      flavour: 'classic',
      listeners: [{ port: 443, protocol: 'https', targets: [{ name: 'instance port 9200', port: 9200 }] }],
    }),
  },
  {
    ruleId: 'alibaba-load-balancer-public-service-port',
    name: 'a CLB TCP listener without access control',
    resource: loadBalancer({
      ref: ref('alibaba', 'slb:load-balancer', 'lb-bp1slb'),
      flavour: 'classic',
      dnsName: '203.0.113.7',
      securityGroups: [],
      firewall: 'none',
      listeners: [{ port: 6379, protocol: 'tcp', targets: [{ name: 'backend port 6379', port: 6379 }] }],
    }),
  },
  {
    ruleId: 'alibaba-load-balancer-public-service-port',
    name: 'an ALB listener with its ListenerId',
    resource: loadBalancer({
      ref: ref('alibaba', 'alb:load-balancer', 'alb-bp1alb'),
      flavour: 'application',
      securityGroups: [],
      firewall: 'none',
      listeners: [{ id: 'lsn-bp1kib', port: 80, protocol: 'http', targets: [{ name: 'sgp-kibana', port: 5601 }] }],
    }),
  },
  {
    ruleId: 'alibaba-elasticsearch-public',
    name: 'a public cluster whose whitelist admits everyone',
    resource: searchDomain('alibaba', {
      ref: ref('alibaba', 'elasticsearch:instance', 'es-cn-n6w1o1x0w001c'),
      publicEndpoint: { host: 'es-cn-n6w1o1x0w001c.public.elasticsearch.aliyuncs.com', port: 9200, protocol: 'http' },
      publicWhitelist: ['0.0.0.0/0'],
    }),
  },
  {
    ruleId: 'alibaba-kibana-public',
    name: 'a public Kibana whose whitelist admits everyone',
    resource: searchDomain('alibaba', {
      ref: ref('alibaba', 'elasticsearch:instance', 'es-cn-kibana0001'),
      kibana: {
        public: true,
        host: 'es-cn-kibana0001.kibana.elasticsearch.aliyuncs.com',
        port: 5601,
        whitelist: ['0.0.0.0/0'],
      },
    }),
  },
  {
    ruleId: 'alibaba-ack-api-server-public',
    name: 'an API server on an EIP',
    resource: kubernetesCluster({
      ref: ref('alibaba', 'cs:cluster', 'c82e6987e2961451182edacd74faf****'.replaceAll('*', '0')),
      publicEndpoint: { host: '203.0.113.20', port: 6443 },
    }),
  },
  {
    ruleId: 'alibaba-oss-bucket-public',
    name: 'a public-read bucket',
    resource: bucket('alibaba', { acl: 'public-read' }),
  },
  {
    ruleId: 'alibaba-rds-whitelist-open',
    name: 'an open entry in its own group',
    resource: alibabaDatabase('rds:instance', 'rm-bp1open'),
  },
  {
    ruleId: 'alibaba-rds-whitelist-open',
    name: 'an open entry beside a private one in the default group',
    resource: alibabaDatabase('rds:instance', 'rm-bp1mixed', {
      whitelistGroups: [{ name: 'default', entries: ['10.0.0.0/8', '0.0.0.0/0'] }],
    }),
  },
  {
    ruleId: 'alibaba-redis-whitelist-open',
    name: 'an open Redis whitelist',
    resource: alibabaDatabase('kvstore:instance', 'r-bp1open', { engine: 'redis' }),
  },
  {
    ruleId: 'alibaba-mongodb-whitelist-open',
    name: 'an open MongoDB whitelist (no groups read)',
    resource: alibabaDatabase('dds:instance', 'dds-bp1open', { engine: 'mongodb', whitelistGroups: undefined }),
  },
  {
    ruleId: 'alibaba-polardb-whitelist-open',
    name: 'an open PolarDB whitelist (the two halves)',
    resource: alibabaDatabase('polardb:cluster', 'pc-bp1open', {
      whitelist: ['0.0.0.0/1', '128.0.0.0/1'],
      whitelistGroups: [{ name: 'default', entries: ['0.0.0.0/1', '128.0.0.0/1'] }],
    }),
  },
  {
    ruleId: 'alibaba-clickhouse-whitelist-open',
    name: 'an open ClickHouse whitelist (the two halves beside a private entry)',
    resource: alibabaDatabase('clickhouse:cluster', 'cc-bp1open', {
      engine: 'clickhouse',
      whitelist: ['10.0.0.0/8', '0.0.0.0/1', '128.0.0.0/1'],
      whitelistGroups: [{ name: 'default', entries: ['10.0.0.0/8', '0.0.0.0/1', '128.0.0.0/1'] }],
    }),
  },
  {
    ruleId: 'alibaba-amqp-instance-public',
    name: 'an instance with an internet endpoint',
    resource: database('alibaba', {
      ref: ref('alibaba', 'amqp:instance', 'amqp-cn-jte1a2b3c'),
      engine: 'rabbitmq',
      publiclyAccessible: true,
      publicEndpoints: [{ host: 'amqp-cn-jte1a2b3c.cn-hangzhou.amqp-0.net.mq.amqp.aliyuncs.com', port: 5672 }],
    }),
  },
];
