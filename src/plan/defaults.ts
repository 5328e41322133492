// Provider defaults for attributes a plan leaves unset (absent from `after`, or null, and not
// marked unknown). A plan written by Terraform usually carries schema defaults itself; this table
// covers plans where it does not, and the defaults the service (not the schema) applies.
//
// The plan JSON records the provider's version constraint (configuration.provider_config.*.
// version_constraint), never the version selected, so one table serves every version: the
// defaults of the old providers. alicloud up to 1.266 defaults enable_kibana_public_network to
// true in the schema (the plan says true); from 1.267 it is Optional+Computed, so a configuration
// that does not set it plans it as unknown until apply, and it is judged as unknown (values.ts).
const DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  alicloud_elasticsearch_instance: {
    enable_kibana_public_network: true,
    enable_public: false,
    protocol: 'HTTP',
    kibana_port: 5601,
    public_port: 9200,
  },
  alicloud_security_group_rule: { policy: 'accept', priority: 1, nic_type: 'internet', ip_protocol: 'all' },
  alicloud_oss_bucket: { acl: 'private' },
  // ApsaraMQ for RabbitMQ: an instance has an internet endpoint only when asked for.
  alicloud_amqp_instance: { support_eip: false },
  aws_db_instance: { publicly_accessible: false },
  aws_redshift_cluster: { publicly_accessible: false },
  aws_mq_broker: { publicly_accessible: false },
};

export function providerDefault(type: string, attribute: string): unknown {
  return DEFAULTS[type]?.[attribute];
}

/**
 * What the service sets when the configuration does not write the attribute at all and the
 * provider plans it as computed (unknown until apply): documented service defaults, all closed.
 * enable_kibana_public_network is deliberately absent: unwritten and computed, it stays unknown.
 */
const UNWRITTEN: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // A new OSS bucket is private; a new RDS / Redis / MongoDB instance or PolarDB / ClickHouse cluster admits only 127.0.0.1.
  alicloud_oss_bucket: { acl: 'private' },
  alicloud_db_instance: { security_ips: ['127.0.0.1'] },
  alicloud_kvstore_instance: { security_ips: ['127.0.0.1'] },
  alicloud_mongodb_instance: { security_ip_list: ['127.0.0.1'] },
  alicloud_polardb_cluster: { security_ips: ['127.0.0.1'] },
  // A new ApsaraDB for ClickHouse cluster's default group admits only 127.0.0.1 (configure-a-whitelist).
  alicloud_click_house_db_cluster: { db_cluster_access_white_list: [{ security_ip_list: '127.0.0.1' }] },
  // Not written: no inline rules; separate rule resources are read on their own.
  aws_security_group: { ingress: [] },
  // The deprecated inline acl / policy of a bucket are computed from the separate resources.
  aws_s3_bucket: { acl: 'private', policy: '' },
};

export function unwrittenDefault(type: string, attribute: string): unknown {
  return UNWRITTEN[type]?.[attribute];
}
