// Each CLI operation a fix uses, with the parameter names its reference documents and the ones it
// requires, and where that is written. Recorded from the pages below (AWS CLI v2 command reference,
// Alibaba Cloud OpenAPI reference, ossutil 2.0 reference) on 2026-12-07. For ROA APIs the names
// are the path and body parameters. The tools' global options (--region) are not listed.
// documented-parameters.test.ts holds every generated command to this table.

export interface DocumentedOperation {
  readonly source: `https://${string}`;
  /** Every parameter the operation documents that a fix may set (a switch and its --no- form both). */
  readonly parameters: readonly string[];
  /** Parameters the reference marks required. */
  readonly required: readonly string[];
  /** ROA APIs: the method and path (path parameters in braces). */
  readonly route?: { readonly method: 'POST' | 'PUT' | 'DELETE'; readonly path: string };
}

export const DOCUMENTED_OPERATIONS: Readonly<Record<string, DocumentedOperation>> = {
  'aws ec2 revoke-security-group-ingress': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/ec2/revoke-security-group-ingress.html',
    parameters: [
      '--cidr',
      '--from-port',
      '--group-id',
      '--group-name',
      '--ip-permissions',
      '--ip-protocol',
      '--source-group-name',
      '--source-group-owner-id',
      '--to-port',
      '--security-group-rule-ids',
      '--dry-run',
      '--no-dry-run',
      '--protocol',
      '--port',
      '--source-group',
      '--group-owner',
    ],
    // Either --group-id or --group-name names the group; the reference marks none required.
    required: [],
  },
  'aws rds modify-db-instance': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/rds/modify-db-instance.html',
    parameters: [
      '--db-instance-identifier',
      '--publicly-accessible',
      '--no-publicly-accessible',
      '--apply-immediately',
      '--no-apply-immediately',
    ],
    required: ['--db-instance-identifier'],
  },
  'aws redshift modify-cluster': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/redshift/modify-cluster.html',
    parameters: ['--cluster-identifier', '--publicly-accessible', '--no-publicly-accessible'],
    required: ['--cluster-identifier'],
  },
  'aws mq describe-broker': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/mq/describe-broker.html',
    parameters: ['--broker-id'],
    required: ['--broker-id'],
  },
  'aws mq delete-broker': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/mq/delete-broker.html',
    parameters: ['--broker-id'],
    required: ['--broker-id'],
  },
  'aws kafka update-connectivity': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/kafka/update-connectivity.html',
    parameters: ['--cluster-arn', '--connectivity-info', '--current-version'],
    required: ['--cluster-arn', '--connectivity-info', '--current-version'],
  },
  'aws kafka describe-cluster-v2': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/kafka/describe-cluster-v2.html',
    parameters: ['--cluster-arn'],
    required: ['--cluster-arn'],
  },
  'aws opensearch update-domain-config': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/opensearch/update-domain-config.html',
    parameters: [
      '--domain-name',
      '--access-policies',
      '--vpc-options',
      '--advanced-security-options',
      '--dry-run',
      '--no-dry-run',
    ],
    required: ['--domain-name'],
  },
  'aws s3api put-public-access-block': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/s3api/put-public-access-block.html',
    parameters: [
      '--bucket',
      '--content-md5',
      '--checksum-algorithm',
      '--public-access-block-configuration',
      '--expected-bucket-owner',
    ],
    required: ['--bucket', '--public-access-block-configuration'],
  },
  'aws eks update-cluster-config': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/eks/update-cluster-config.html',
    parameters: ['--name', '--resources-vpc-config', '--logging', '--client-request-token', '--access-config'],
    required: ['--name'],
  },
  'aws elbv2 delete-listener': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/elbv2/delete-listener.html',
    parameters: ['--listener-arn'],
    required: ['--listener-arn'],
  },
  'aws elb delete-load-balancer-listeners': {
    source: 'https://docs.aws.amazon.com/cli/latest/reference/elb/delete-load-balancer-listeners.html',
    parameters: ['--load-balancer-name', '--load-balancer-ports'],
    required: ['--load-balancer-name', '--load-balancer-ports'],
  },
  'aliyun ecs RevokeSecurityGroup': {
    source: 'https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-revokesecuritygroup',
    parameters: [
      'RegionId',
      'SecurityGroupId',
      'SecurityGroupRuleId.1',
      'ClientToken',
      'Permissions.1.Policy',
      'Permissions.1.Priority',
      'Permissions.1.IpProtocol',
      'Permissions.1.SourceCidrIp',
      'Permissions.1.Ipv6SourceCidrIp',
      'Permissions.1.SourceGroupId',
      'Permissions.1.SourcePrefixListId',
      'Permissions.1.PortRange',
      'Permissions.1.DestCidrIp',
      'Permissions.1.Ipv6DestCidrIp',
      'Permissions.1.SourcePortRange',
      'Permissions.1.NicType',
      'Permissions.1.Description',
    ],
    required: ['RegionId', 'SecurityGroupId'],
  },
  'aliyun rds ModifySecurityIps': {
    source: 'https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-modifysecurityips',
    parameters: [
      'DBInstanceId',
      'SecurityIps',
      'DBInstanceIPArrayName',
      'DBInstanceIPArrayAttribute',
      'SecurityIPType',
      'WhitelistNetworkType',
      'ModifyMode',
      'FreshWhiteListReadins',
    ],
    required: ['DBInstanceId', 'SecurityIps'],
  },
  'aliyun r-kvstore ModifySecurityIps': {
    source:
      'https://www.alibabacloud.com/help/en/redis/developer-reference/api-r-kvstore-2015-01-01-modifysecurityips-redis',
    parameters: ['InstanceId', 'SecurityIpGroupName', 'SecurityIps', 'ModifyMode', 'SecurityIpGroupAttribute'],
    required: ['InstanceId', 'SecurityIps'],
  },
  'aliyun dds ModifySecurityIps': {
    source: 'https://www.alibabacloud.com/help/en/mongodb/developer-reference/api-dds-2015-12-01-modifysecurityips',
    parameters: ['DBInstanceId', 'SecurityIps', 'ModifyMode', 'SecurityIpGroupName', 'SecurityIpGroupAttribute'],
    required: ['DBInstanceId', 'SecurityIps'],
  },
  'aliyun polardb ModifyDBClusterAccessWhitelist': {
    source:
      'https://www.alibabacloud.com/help/en/polardb/polardb-for-mysql/developer-reference/api-polardb-2017-08-01-modifydbclusteraccesswhitelist',
    parameters: [
      'DBClusterId',
      'SecurityIps',
      'DBClusterIPArrayName',
      'DBClusterIPArrayAttribute',
      'WhiteListType',
      'SecurityGroupIds',
      'ModifyMode',
    ],
    required: ['DBClusterId'],
  },
  'aliyun clickhouse ModifyDBClusterAccessWhiteList': {
    source:
      'https://www.alibabacloud.com/help/en/clickhouse/developer-reference/api-clickhouse-2019-11-11-modifydbclusteraccesswhitelist',
    parameters: ['DBClusterId', 'SecurityIps', 'DBClusterIPArrayName', 'DBClusterIPArrayAttribute', 'ModifyMode'],
    required: ['DBClusterId', 'SecurityIps'],
  },
  'aliyun amqp-open UpdateInstance': {
    source:
      'https://www.alibabacloud.com/help/en/apsaramq-for-rabbitmq/developer-reference/api-amqp-open-2019-12-12-updateinstance',
    parameters: [
      'ClientToken',
      'InstanceId',
      'ModifyType',
      'InstanceType',
      'ServerlessChargeType',
      'MaxPrivateTps',
      'SupportEip',
      'MaxEipTps',
      'QueueCapacity',
      'MaxConnections',
      'StorageSize',
      'SupportTracing',
      'TracingStorageTime',
    ],
    required: ['InstanceId', 'ModifyType'],
  },
  'aliyun slb DeleteLoadBalancerListener': {
    source:
      'https://www.alibabacloud.com/help/en/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-deleteloadbalancerlistener',
    parameters: ['RegionId', 'LoadBalancerId', 'ListenerPort', 'ListenerProtocol'],
    required: ['RegionId', 'LoadBalancerId', 'ListenerPort'],
  },
  'aliyun alb DeleteListener': {
    source:
      'https://www.alibabacloud.com/help/en/slb/application-load-balancer/developer-reference/api-alb-2020-06-16-deletelistener',
    parameters: ['ListenerId', 'ClientToken', 'DryRun'],
    required: ['ListenerId'],
  },
  'aliyun elasticsearch TriggerNetwork': {
    source: 'https://www.alibabacloud.com/help/en/es/developer-reference/api-triggernetwork',
    parameters: ['InstanceId', 'clientToken', 'nodeType', 'networkType', 'actionType'],
    required: ['InstanceId', 'nodeType', 'networkType', 'actionType'],
    route: { method: 'POST', path: '/openapi/instances/{InstanceId}/actions/network-trigger' },
  },
  'aliyun cs ModifyCluster': {
    source:
      'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-modifycluster',
    parameters: [
      'ClusterId',
      'api_server_eip',
      'api_server_eip_id',
      'deletion_protection',
      'instance_deletion_protection',
      'resource_group_id',
      'maintenance_window',
      'enable_rrsa',
    ],
    required: ['ClusterId'],
    route: { method: 'PUT', path: '/api/v2/clusters/{ClusterId}' },
  },
  'ossutil api put-bucket-acl': {
    source: 'https://www.alibabacloud.com/help/en/oss/developer-reference/manage-bucket-access-permissions',
    parameters: ['--bucket', '--acl'],
    required: ['--bucket', '--acl'],
  },
};
