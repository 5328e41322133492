// Every rule exposcan ships. A test checks this list against the files under rules/, so a rule
// cannot exist without being registered, nor be registered without its file, doc and tests.
// One import and one list line per rule, sorted by family, so additions never collide.
import type { Rule } from '../src/engine/rule.js';
import alibabaElasticsearchPublic from './cloud-alibaba/alibaba-elasticsearch-public.js';
import alibabaKibanaPublic from './cloud-alibaba/alibaba-kibana-public.js';
import alibabaMongodbWhitelistOpen from './cloud-alibaba/alibaba-mongodb-whitelist-open.js';
import alibabaOssBucketPublic from './cloud-alibaba/alibaba-oss-bucket-public.js';
import alibabaRdsWhitelistOpen from './cloud-alibaba/alibaba-rds-whitelist-open.js';
import alibabaRedisWhitelistOpen from './cloud-alibaba/alibaba-redis-whitelist-open.js';
import alibabaSecurityGroupOpenServicePort from './cloud-alibaba/alibaba-security-group-open-service-port.js';
import awsOpensearchDomainPublic from './cloud-aws/aws-opensearch-domain-public.js';
import awsRdsPubliclyAccessible from './cloud-aws/aws-rds-publicly-accessible.js';
import awsS3BucketPublic from './cloud-aws/aws-s3-bucket-public.js';
import awsSecurityGroupOpenServicePort from './cloud-aws/aws-security-group-open-service-port.js';
import elasticsearchUnauthenticated from './elasticsearch/elasticsearch-unauthenticated.js';
import honeypotSuspected from './honeypot/honeypot-suspected.js';
import kibanaUnauthenticated from './kibana/kibana-unauthenticated.js';
import softwareEndOfLife from './lifecycle/software-end-of-life.js';
import softwareKnownVulnerable from './lifecycle/software-known-vulnerable.js';
import postgresTrustAuth from './postgresql/postgres-trust-auth.js';
import redisUnauthenticated from './redis/redis-unauthenticated.js';

export const RULES: readonly Rule[] = [
  alibabaElasticsearchPublic,
  alibabaKibanaPublic,
  alibabaMongodbWhitelistOpen,
  alibabaOssBucketPublic,
  alibabaRdsWhitelistOpen,
  alibabaRedisWhitelistOpen,
  alibabaSecurityGroupOpenServicePort,
  awsOpensearchDomainPublic,
  awsRdsPubliclyAccessible,
  awsS3BucketPublic,
  awsSecurityGroupOpenServicePort,
  elasticsearchUnauthenticated,
  honeypotSuspected,
  kibanaUnauthenticated,
  softwareEndOfLife,
  softwareKnownVulnerable,
  postgresTrustAuth,
  redisUnauthenticated,
];
