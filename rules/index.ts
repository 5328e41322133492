// Every rule exposcan ships. A test checks this list against the files under rules/, so a rule
// cannot exist without being registered, nor be registered without its file, doc and tests.
// One import and one list line per rule, sorted by family, so additions never collide.
import type { Rule } from '../src/engine/rule.js';
import alibabaAckApiServerPublic from './cloud-alibaba/alibaba-ack-api-server-public.js';
import alibabaAmqpInstancePublic from './cloud-alibaba/alibaba-amqp-instance-public.js';
import alibabaClickhouseWhitelistOpen from './cloud-alibaba/alibaba-clickhouse-whitelist-open.js';
import alibabaElasticsearchPublic from './cloud-alibaba/alibaba-elasticsearch-public.js';
import alibabaKibanaPublic from './cloud-alibaba/alibaba-kibana-public.js';
import alibabaLoadBalancerPublicServicePort from './cloud-alibaba/alibaba-load-balancer-public-service-port.js';
import alibabaMongodbWhitelistOpen from './cloud-alibaba/alibaba-mongodb-whitelist-open.js';
import alibabaPolardbWhitelistOpen from './cloud-alibaba/alibaba-polardb-whitelist-open.js';
import alibabaOssBucketPublic from './cloud-alibaba/alibaba-oss-bucket-public.js';
import alibabaRdsWhitelistOpen from './cloud-alibaba/alibaba-rds-whitelist-open.js';
import alibabaRedisWhitelistOpen from './cloud-alibaba/alibaba-redis-whitelist-open.js';
import alibabaSecurityGroupOpenServicePort from './cloud-alibaba/alibaba-security-group-open-service-port.js';
import awsEksEndpointPublic from './cloud-aws/aws-eks-endpoint-public.js';
import awsLoadBalancerPublicServicePort from './cloud-aws/aws-load-balancer-public-service-port.js';
import awsOpensearchDomainPublic from './cloud-aws/aws-opensearch-domain-public.js';
import awsMqBrokerPublic from './cloud-aws/aws-mq-broker-public.js';
import awsMskClusterPublic from './cloud-aws/aws-msk-cluster-public.js';
import awsRedshiftPubliclyAccessible from './cloud-aws/aws-redshift-publicly-accessible.js';
import awsRdsPubliclyAccessible from './cloud-aws/aws-rds-publicly-accessible.js';
import awsS3BucketPublic from './cloud-aws/aws-s3-bucket-public.js';
import awsSecurityGroupOpenServicePort from './cloud-aws/aws-security-group-open-service-port.js';
import adminerExposed from './adminer/adminer-exposed.js';
import cassandraUnauthenticated from './cassandra/cassandra-unauthenticated.js';
import clickhouseUnauthenticated from './clickhouse/clickhouse-unauthenticated.js';
import consulUnauthenticated from './consul/consul-unauthenticated.js';
import couchdbAdminParty from './couchdb/couchdb-admin-party.js';
import dockerApiUnauthenticated from './docker/docker-api-unauthenticated.js';
import cerebroExposed from './elasticsearch/cerebro-exposed.js';
import elasticsearchHeadExposed from './elasticsearch/elasticsearch-head-exposed.js';
import elasticsearchUnauthenticated from './elasticsearch/elasticsearch-unauthenticated.js';
import etcdUnauthenticated from './etcd/etcd-unauthenticated.js';
import grafanaAnonymousAccess from './grafana/grafana-anonymous-access.js';
import grafanaDefaultCredentials from './grafana/grafana-default-credentials.js';
import grafanaLoginExposed from './grafana/grafana-login-exposed.js';
import hadoopYarnUnauthenticated from './hadoop/hadoop-yarn-unauthenticated.js';
import honeypotSuspected from './honeypot/honeypot-suspected.js';
import influxdbDebugVarsExposed from './influxdb/influxdb-debug-vars-exposed.js';
import influxdbUnauthenticated from './influxdb/influxdb-unauthenticated.js';
import jenkinsLoginExposed from './jenkins/jenkins-login-exposed.js';
import jenkinsUnauthenticated from './jenkins/jenkins-unauthenticated.js';
import jupyterLoginExposed from './jupyter/jupyter-login-exposed.js';
import jupyterUnauthenticated from './jupyter/jupyter-unauthenticated.js';
import kibanaLoginExposed from './kibana/kibana-login-exposed.js';
import kibanaUnauthenticated from './kibana/kibana-unauthenticated.js';
import kubeletUnauthenticated from './kubernetes/kubelet-unauthenticated.js';
import kubernetesApiAnonymous from './kubernetes/kubernetes-api-anonymous.js';
import kubernetesDashboardExposed from './kubernetes/kubernetes-dashboard-exposed.js';
import softwareEndOfLife from './lifecycle/software-end-of-life.js';
import softwareKnownVulnerable from './lifecycle/software-known-vulnerable.js';
import logstashApiExposed from './logstash/logstash-api-exposed.js';
import memcachedUnauthenticated from './memcached/memcached-unauthenticated.js';
import mongoExpressUnauthenticated from './mongodb/mongo-express-unauthenticated.js';
import mongodbUnauthenticated from './mongodb/mongodb-unauthenticated.js';
import mqttAnonymous from './mqtt/mqtt-anonymous.js';
import natsUnauthenticated from './nats/nats-unauthenticated.js';
import mysqlEmptyPassword from './mysql/mysql-empty-password.js';
import opensearchUnauthenticated from './opensearch/opensearch-unauthenticated.js';
import opensearchDashboardsLoginExposed from './opensearch-dashboards/opensearch-dashboards-login-exposed.js';
import opensearchDashboardsUnauthenticated from './opensearch-dashboards/opensearch-dashboards-unauthenticated.js';
import phpmyadminLoginExposed from './phpmyadmin/phpmyadmin-login-exposed.js';
import phpmyadminUnauthenticated from './phpmyadmin/phpmyadmin-unauthenticated.js';
import pgadminLoginExposed from './postgresql/pgadmin-login-exposed.js';
import postgresTrustAuth from './postgresql/postgres-trust-auth.js';
import prometheusUnauthenticated from './prometheus/prometheus-unauthenticated.js';
import rabbitmqAmqpDefaultCredentials from './rabbitmq/rabbitmq-amqp-default-credentials.js';
import rabbitmqDefaultCredentials from './rabbitmq/rabbitmq-default-credentials.js';
import rabbitmqManagementExposed from './rabbitmq/rabbitmq-management-exposed.js';
import redisCommanderUnauthenticated from './redis/redis-commander-unauthenticated.js';
import redisUnauthenticated from './redis/redis-unauthenticated.js';
import redisinsightUnauthenticated from './redis/redisinsight-unauthenticated.js';
import solrAdminUnauthenticated from './solr/solr-admin-unauthenticated.js';
import zookeeperUnauthenticated from './zookeeper/zookeeper-unauthenticated.js';

export const RULES: readonly Rule[] = [
  alibabaAckApiServerPublic,
  alibabaAmqpInstancePublic,
  alibabaClickhouseWhitelistOpen,
  alibabaElasticsearchPublic,
  alibabaKibanaPublic,
  alibabaLoadBalancerPublicServicePort,
  alibabaMongodbWhitelistOpen,
  alibabaOssBucketPublic,
  alibabaPolardbWhitelistOpen,
  alibabaRdsWhitelistOpen,
  alibabaRedisWhitelistOpen,
  alibabaSecurityGroupOpenServicePort,
  awsEksEndpointPublic,
  awsLoadBalancerPublicServicePort,
  awsMqBrokerPublic,
  awsMskClusterPublic,
  awsOpensearchDomainPublic,
  awsRdsPubliclyAccessible,
  awsRedshiftPubliclyAccessible,
  awsS3BucketPublic,
  awsSecurityGroupOpenServicePort,
  adminerExposed,
  cassandraUnauthenticated,
  clickhouseUnauthenticated,
  consulUnauthenticated,
  couchdbAdminParty,
  dockerApiUnauthenticated,
  cerebroExposed,
  elasticsearchHeadExposed,
  elasticsearchUnauthenticated,
  etcdUnauthenticated,
  grafanaAnonymousAccess,
  grafanaDefaultCredentials,
  grafanaLoginExposed,
  hadoopYarnUnauthenticated,
  honeypotSuspected,
  influxdbDebugVarsExposed,
  influxdbUnauthenticated,
  jenkinsLoginExposed,
  jenkinsUnauthenticated,
  jupyterLoginExposed,
  jupyterUnauthenticated,
  kibanaLoginExposed,
  kibanaUnauthenticated,
  kubeletUnauthenticated,
  kubernetesApiAnonymous,
  kubernetesDashboardExposed,
  softwareEndOfLife,
  softwareKnownVulnerable,
  logstashApiExposed,
  memcachedUnauthenticated,
  mongoExpressUnauthenticated,
  mongodbUnauthenticated,
  mqttAnonymous,
  natsUnauthenticated,
  mysqlEmptyPassword,
  opensearchUnauthenticated,
  opensearchDashboardsLoginExposed,
  opensearchDashboardsUnauthenticated,
  phpmyadminLoginExposed,
  phpmyadminUnauthenticated,
  pgadminLoginExposed,
  postgresTrustAuth,
  prometheusUnauthenticated,
  rabbitmqAmqpDefaultCredentials,
  rabbitmqDefaultCredentials,
  rabbitmqManagementExposed,
  redisCommanderUnauthenticated,
  redisUnauthenticated,
  redisinsightUnauthenticated,
  solrAdminUnauthenticated,
  zookeeperUnauthenticated,
];
