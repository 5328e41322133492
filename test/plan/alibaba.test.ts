// Alibaba Cloud resources in a Terraform plan, judged by the same rules as a live account: open
// and closed variants of each resource type, the provider defaults, and values left unknown until
// apply (which must come out as unknown findings, never as passes). Synthetic plan JSON built in
// the `terraform show -json` format (builder.ts); nothing is started.
import { describe, expect, it } from 'vitest';
import { findingsOf, inventoryOf, planOf, ref, verdicts, type PlanResourceSpec } from './builder.js';

const ES = 'alicloud_elasticsearch_instance';
const esBase = {
  description: 'logs',
  version: '6.7_with_X-Pack',
  instance_charge_type: 'PostPaid',
  data_node_amount: 2,
  vswitch_id: 'vsw-1',
  enable_public: false,
};
const es = (
  after: Record<string, unknown>,
  unknown: Record<string, unknown> = {
    kibana_whitelist: true,
    public_whitelist: true,
    kibana_domain: true,
    public_domain: true,
  },
): PlanResourceSpec => ({
  type: ES,
  name: 'logs',
  module: 'search',
  after: { ...esBase, ...after },
  unknown: { id: true, ...unknown },
});
const ADDRESS = 'module.search.alicloud_elasticsearch_instance.logs';

describe('alicloud_elasticsearch_instance', () => {
  it('Kibana not mentioned, alicloud <= 1.266 (the plan says true): public Kibana, firm', () => {
    expect(verdicts(planOf([es({ enable_kibana_public_network: true })]))).toEqual([
      `alibaba-kibana-public ${ADDRESS} firm high`,
    ]);
  });

  it('Kibana not mentioned, alicloud >= 1.267 (computed, unknown until apply): a unknown finding that says so', () => {
    const findings = findingsOf(
      planOf([es({}, { enable_kibana_public_network: true, kibana_whitelist: true })]),
    ).filter((finding) => finding.ruleId === 'alibaba-kibana-public');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      confidence: 'unknown',
      severity: 'high',
      resource: { id: ADDRESS, type: 'elasticsearch:instance', account: 'terraform', region: 'cn-shanghai' },
    });
    expect(findings[0]!.message).toContain('unknown until apply');
    expect(findings[0]!.resource?.terraform?.unknownUntilApply).toContain('kibana.public');
  });

  it('Kibana absent from the plan altogether (neither after nor after_unknown): the old default, on', () => {
    expect(verdicts(planOf([es({}, {})]))).toEqual([`alibaba-kibana-public ${ADDRESS} firm high`]);
  });

  it('Kibana public with a restricted whitelist: no finding (near miss)', () => {
    expect(
      verdicts(planOf([es({ enable_kibana_public_network: true, kibana_whitelist: ['203.0.113.0/24'] }, {})])),
    ).toEqual([]);
  });

  it('Kibana public with 0.0.0.0/0 written: firm, the entry named', () => {
    const [finding] = findingsOf(
      planOf([es({ enable_kibana_public_network: true, kibana_whitelist: ['0.0.0.0/0'] }, {})]),
    ).filter((candidate) => candidate.ruleId === 'alibaba-kibana-public');
    expect(finding?.evidence.openEntries).toEqual(['0.0.0.0/0']);
  });

  it('Kibana public with its whitelist written from an EIP known only after apply: unknown until apply (unknown), never firm', () => {
    const spec = es({ enable_kibana_public_network: true, kibana_whitelist: null }, { kibana_whitelist: true });
    const plan = planOf([
      { ...spec, expressions: { kibana_whitelist: ref('alicloud_eip_address.kibana', 'ip_address') } },
    ]);
    const [finding] = findingsOf(plan).filter((candidate) => candidate.ruleId === 'alibaba-kibana-public');
    expect(finding).toMatchObject({
      confidence: 'unknown',
      severity: 'high',
      evidence: { reachableFromInternet: 'unknown' },
    });
    expect(finding!.message).toContain('whitelist is unknown until apply');
    expect(finding!.resource?.terraform?.unknownUntilApply).toContain('kibana.whitelist');
  });

  it('Kibana off: no Kibana finding', () => {
    expect(verdicts(planOf([es({ enable_kibana_public_network: false })]))).toEqual([]);
  });

  it('public endpoint on with an open whitelist: alibaba-elasticsearch-public, firm, the domain made at apply', () => {
    const plan = planOf([
      es(
        { enable_kibana_public_network: false, enable_public: true, public_whitelist: ['0.0.0.0/0'] },
        { public_domain: true },
      ),
    ]);
    const [finding] = findingsOf(plan).filter((candidate) => candidate.ruleId === 'alibaba-elasticsearch-public');
    expect(finding).toMatchObject({ confidence: 'firm', severity: 'high' });
    expect(finding!.message).toContain('its public domain (known after apply)');
  });

  it('public endpoint on, whitelist unknown until apply: unknown', () => {
    expect(
      verdicts(planOf([es({ enable_kibana_public_network: false, enable_public: true }, { public_whitelist: true })])),
    ).toEqual([`alibaba-elasticsearch-public ${ADDRESS} unknown high`]);
  });

  it('public endpoint unknown until apply with an open whitelist: unknown', () => {
    expect(
      verdicts(
        planOf([
          es(
            { enable_kibana_public_network: false, enable_public: null, public_whitelist: ['0.0.0.0/0'] },
            { enable_public: true },
          ),
        ]),
      ),
    ).toEqual([`alibaba-elasticsearch-public ${ADDRESS} unknown high`]);
  });

  it('public endpoint off (the default): no finding even with an open whitelist', () => {
    expect(
      verdicts(
        planOf([es({ enable_kibana_public_network: false, enable_public: null, public_whitelist: ['0.0.0.0/0'] }, {})]),
      ),
    ).toEqual([]);
  });

  it('version 6.7_with_X-Pack is read as 6.7, and the managed build is not judged by upstream end-of-life dates', () => {
    const plan = planOf([es({ enable_kibana_public_network: false })]);
    expect(inventoryOf(plan).resources).toMatchObject([{ engine: 'elasticsearch', version: '6.7' }]);
    expect(findingsOf(plan)).toEqual([]);
  });

  it('a resource the plan deletes is not judged', () => {
    expect(verdicts(planOf([{ ...es({ enable_kibana_public_network: true }), actions: ['delete'] }]))).toEqual([]);
  });

  it('a resource the plan replaces is judged on what it becomes', () => {
    expect(
      verdicts(planOf([{ ...es({ enable_kibana_public_network: true }), actions: ['delete', 'create'] }])),
    ).toEqual([`alibaba-kibana-public ${ADDRESS} firm high`]);
  });
});

const GROUP: PlanResourceSpec = {
  type: 'alicloud_security_group',
  name: 'es',
  after: { name: 'es', vpc_id: 'vpc-1' },
  unknown: { id: true },
};
const rule = (
  name: string,
  after: Record<string, unknown>,
  unknown: Record<string, unknown> = {},
): PlanResourceSpec => ({
  type: 'alicloud_security_group_rule',
  name,
  after: {
    type: 'ingress',
    ip_protocol: 'tcp',
    nic_type: 'intranet',
    policy: 'accept',
    port_range: '9200/9200',
    priority: 1,
    cidr_ip: '0.0.0.0/0',
    ...after,
  },
  unknown: { id: true, security_group_id: true, ...unknown },
  expressions: { security_group_id: ref('alicloud_security_group.es') },
});
const SG = 'alicloud_security_group.es';

describe('alicloud_security_group and alicloud_security_group_rule', () => {
  it('9200 from 0.0.0.0/0: the group is open on 9200 (medium: it guards no public address yet)', () => {
    const findings = findingsOf(planOf([GROUP, rule('r9200', {})]));
    expect(
      findings.map(
        (finding) =>
          `${finding.ruleId} ${finding.resource?.id} ${finding.confidence} ${finding.severity} ${finding.evidence.port}`,
      ),
    ).toEqual([`alibaba-security-group-open-service-port ${SG} firm medium 9200`]);
    expect(findings[0]!.evidence.ruleId).toBe('alicloud_security_group_rule.r9200');
  });

  it('the rule joins its group through the configuration reference, not a known id', () => {
    const groups = inventoryOf(planOf([GROUP, rule('r9200', {})])).resources;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ kind: 'security-group', ref: { id: SG, type: 'ecs:security-group' } });
  });

  it('9200 from 10.0.0.0/8: closed (near miss)', () => {
    expect(verdicts(planOf([GROUP, rule('r9200', { cidr_ip: '10.0.0.0/8' })]))).toEqual([]);
  });

  it('::/0 through ipv6_cidr_ip is open too', () => {
    expect(verdicts(planOf([GROUP, rule('r9200', { cidr_ip: null, ipv6_cidr_ip: '::/0' })]))).toEqual([
      `alibaba-security-group-open-service-port ${SG} firm medium`,
    ]);
  });

  it('a Drop at a higher priority shadows the Accept', () => {
    expect(
      verdicts(planOf([GROUP, rule('drop', { policy: 'drop', priority: 1 }), rule('accept', { priority: 50 })])),
    ).toEqual([]);
  });

  it('egress rules and rules from another security group are not internet ingress', () => {
    expect(
      verdicts(
        planOf([
          GROUP,
          rule('out', { type: 'egress' }),
          rule('peer', { cidr_ip: null, source_security_group_id: 'sg-peer' }),
        ]),
      ),
    ).toEqual([]);
  });

  it('cidr_ip 10.0.0.0/8 with prefix_list_id computed by the provider (unknown, not written): decided by the CIDR, closed', () => {
    expect(verdicts(planOf([GROUP, rule('r9200', { cidr_ip: '10.0.0.0/8' }, { prefix_list_id: true })]))).toEqual([]);
  });

  it('cidr_ip 0.0.0.0/0 with prefix_list_id computed: open, firm', () => {
    expect(verdicts(planOf([GROUP, rule('r9200', {}, { prefix_list_id: true })]))).toEqual([
      `alibaba-security-group-open-service-port ${SG} firm medium`,
    ]);
  });

  it('prefix_list_id written from a value known after apply: undecided, unknown', () => {
    const spec = rule('r9200', { cidr_ip: '10.0.0.0/8' }, { prefix_list_id: true });
    const plan = planOf([
      GROUP,
      { ...spec, expressions: { ...spec.expressions, prefix_list_id: ref('alicloud_ecs_prefix_list.office', 'id') } },
    ]);
    expect(verdicts(plan)).toEqual([`alibaba-security-group-open-service-port ${SG} unknown medium`]);
  });

  it('cidr_ip unknown until apply: unknown, never closed', () => {
    const findings = findingsOf(planOf([GROUP, rule('r9200', { cidr_ip: null }, { cidr_ip: true })]));
    expect(findings.map((finding) => finding.confidence)).toEqual(['unknown']);
    expect(findings[0]!.message).toContain('known after apply');
  });

  it('port_range unknown until apply with 0.0.0.0/0: unknown for every service port', () => {
    const findings = findingsOf(planOf([GROUP, rule('any', { port_range: null }, { port_range: true })]));
    expect(findings.length).toBeGreaterThan(5);
    expect(new Set(findings.map((finding) => finding.confidence))).toEqual(new Set(['unknown']));
  });

  it('port_range unknown until apply from 10.0.0.0/8: still closed', () => {
    expect(
      verdicts(planOf([GROUP, rule('any', { port_range: null, cidr_ip: '10.0.0.0/8' }, { port_range: true })])),
    ).toEqual([]);
  });

  it('policy and priority left to the provider: accept at priority 1', () => {
    expect(verdicts(planOf([GROUP, rule('r9200', { policy: null, priority: null })]))).toEqual([
      `alibaba-security-group-open-service-port ${SG} firm medium`,
    ]);
  });

  it('a rule for a group the plan does not manage is judged on its own, at the rule\u2019s address', () => {
    const plan = planOf([
      { ...rule('existing', { security_group_id: 'sg-uf6existing' }, { security_group_id: false }), expressions: {} },
    ]);
    const [finding] = findingsOf(plan);
    expect(finding).toMatchObject({
      ruleId: 'alibaba-security-group-open-service-port',
      resource: { id: 'alicloud_security_group_rule.existing', name: 'sg-uf6existing' },
    });
  });

  it('a classic group (no vpc_id): intranet-NIC rules do not face the internet', () => {
    const classic = { ...GROUP, after: { name: 'es', vpc_id: null } };
    expect(verdicts(planOf([classic, rule('inner', { nic_type: 'intranet' })]))).toEqual([]);
    expect(verdicts(planOf([classic, rule('outer', { nic_type: 'internet' })]))).toEqual([
      `alibaba-security-group-open-service-port ${SG} firm medium`,
    ]);
  });
});

describe('alicloud_amqp_instance (support_eip)', () => {
  const TYPE = 'alicloud_amqp_instance';
  const extra = { instance_type: 'professional', instance_name: 'bus', payment_type: 'Subscription' };
  it('support_eip true is a public endpoint (firm; its host is made at apply)', () => {
    expect(verdicts(planOf([{ type: TYPE, name: 'bus', after: { ...extra, support_eip: true } }]))).toEqual([
      `alibaba-amqp-instance-public ${TYPE}.bus firm medium`,
    ]);
  });
  it('support_eip false, or not written, is no public endpoint', () => {
    expect(verdicts(planOf([{ type: TYPE, name: 'bus', after: { ...extra, support_eip: false } }]))).toEqual([]);
    expect(verdicts(planOf([{ type: TYPE, name: 'bus', after: { ...extra, support_eip: null } }]))).toEqual([]);
  });
  it('support_eip from a value made at apply is unknown: cannot tell yet', () => {
    const plan = planOf([
      {
        type: TYPE,
        name: 'bus',
        after: { ...extra, support_eip: null },
        unknown: { support_eip: true },
        expressions: { support_eip: ref('terraform_data.switches', 'output') },
      },
    ]);
    expect(verdicts(plan)).toEqual([`alibaba-amqp-instance-public ${TYPE}.bus unknown medium`]);
  });
});

describe('alicloud_click_house_db_cluster (db_cluster_access_white_list blocks)', () => {
  const TYPE = 'alicloud_click_house_db_cluster';
  const extra = {
    db_cluster_version: '23.8',
    category: 'Basic',
    db_cluster_class: 'S8',
    db_cluster_description: 'events',
  };
  const groups = (...lists: string[]) =>
    lists.map((list, index) => ({ db_cluster_ip_array_name: `g${index}`, security_ip_list: list }));
  it('groups that together admit every address are open (firm, medium: the public endpoint is made at apply)', () => {
    const plan = planOf([
      {
        type: TYPE,
        name: 'events',
        after: { ...extra, db_cluster_access_white_list: groups('10.0.0.0/8', '0.0.0.0/1,128.0.0.0/1') },
      },
    ]);
    expect(verdicts(plan)).toEqual([`alibaba-clickhouse-whitelist-open ${TYPE}.events firm medium`]);
    // No version: the managed build is not judged by upstream end-of-life dates.
    expect(inventoryOf(plan).resources).toMatchObject([{ engine: 'clickhouse', ref: { name: 'events' } }]);
    expect(inventoryOf(plan).resources[0]).not.toHaveProperty('version');
  });
  it('an office range only is closed (near miss)', () => {
    const plan = planOf([
      { type: TYPE, name: 'events', after: { ...extra, db_cluster_access_white_list: groups('198.51.100.0/24') } },
    ]);
    expect(verdicts(plan)).toEqual([]);
  });
  it('a group written from a value made at apply is unknown: cannot tell yet', () => {
    const plan = planOf([
      {
        type: TYPE,
        name: 'events',
        after: {
          ...extra,
          db_cluster_access_white_list: [{ db_cluster_ip_array_name: 'office', security_ip_list: null }],
        },
        unknown: { db_cluster_access_white_list: [{ security_ip_list: true }] },
        expressions: { db_cluster_access_white_list: ref('alicloud_eip.office', 'ip_address') },
      },
    ]);
    expect(verdicts(plan)).toEqual([`alibaba-clickhouse-whitelist-open ${TYPE}.events unknown medium`]);
  });
  it('no block written at all is the default group, 127.0.0.1: closed', () => {
    expect(
      verdicts(planOf([{ type: TYPE, name: 'events', after: { ...extra, db_cluster_access_white_list: null } }])),
    ).toEqual([]);
    const computed: PlanResourceSpec = {
      type: TYPE,
      name: 'events',
      after: { ...extra, db_cluster_access_white_list: null },
      unknown: { db_cluster_access_white_list: true },
    };
    expect(verdicts(planOf([computed]))).toEqual([]);
  });
});

describe('whitelists of alicloud_db_instance, alicloud_kvstore_instance, alicloud_mongodb_instance, alicloud_polardb_cluster', () => {
  const cases = [
    {
      type: 'alicloud_db_instance',
      field: 'security_ips',
      rule: 'alibaba-rds-whitelist-open',
      extra: { engine: 'MySQL', engine_version: '8.0' },
    },
    {
      type: 'alicloud_kvstore_instance',
      field: 'security_ips',
      rule: 'alibaba-redis-whitelist-open',
      extra: { instance_type: 'Redis', engine_version: '7.0' },
    },
    {
      type: 'alicloud_mongodb_instance',
      field: 'security_ip_list',
      rule: 'alibaba-mongodb-whitelist-open',
      extra: { engine_version: '7.0' },
    },
    {
      type: 'alicloud_polardb_cluster',
      field: 'security_ips',
      rule: 'alibaba-polardb-whitelist-open',
      extra: { db_type: 'MySQL', db_version: '8.0', db_node_class: 'polar.mysql.x4.large' },
    },
  ];
  it.each(cases)(
    '$type: 0.0.0.0/0 is open (firm, medium without a public connection string)',
    ({ type, field, rule: ruleId, extra }) => {
      expect(
        verdicts(planOf([{ type, name: 'db', after: { ...extra, [field]: ['10.0.0.0/8', '0.0.0.0/0'] } }])),
      ).toEqual([`${ruleId} ${type}.db firm medium`]);
    },
  );
  it.each(cases)('$type: 10.0.0.0/8 is closed (near miss)', ({ type, field, extra }) => {
    expect(verdicts(planOf([{ type, name: 'db', after: { ...extra, [field]: ['10.0.0.0/8'] } }]))).toEqual([]);
  });
  it.each(cases)(
    '$type: the whitelist written from a value made at apply is unknown: cannot tell yet',
    ({ type, field, rule: ruleId, extra }) => {
      const plan = planOf([
        {
          type,
          name: 'db',
          after: { ...extra, [field]: null },
          unknown: { [field]: true },
          expressions: { [field]: ref('alicloud_eip.office', 'ip_address') },
        },
      ]);
      expect(verdicts(plan)).toEqual([`${ruleId} ${type}.db unknown medium`]);
    },
  );
  it.each(cases)(
    '$type: no whitelist written at all is the service default 127.0.0.1: closed',
    ({ type, field, extra }) => {
      const spec: PlanResourceSpec = {
        type,
        name: 'db',
        after: { ...extra, [field]: null },
        unknown: { [field]: true },
      };
      expect(verdicts(planOf([spec]))).toEqual([]);
    },
  );
  it('PolarDB for PostgreSQL 14 and PolarDB MySQL 8.0, past upstream end of life, are not judged by it (near miss)', () => {
    const polardb = (name: string, db_type: string, db_version: string): PlanResourceSpec => ({
      type: 'alicloud_polardb_cluster',
      name,
      after: { db_type, db_version, db_node_class: 'polar.pg.x4.large', security_ips: ['10.0.0.0/8'] },
    });
    const plan = planOf([polardb('pg', 'PostgreSQL', '14'), polardb('my', 'MySQL', '8.0')]);
    expect(inventoryOf(plan).resources).toMatchObject([{ version: '14' }, { version: '8.0' }]);
    expect(findingsOf(plan, new Date('2026-12-07T00:00:00Z'))).toEqual([]);
  });
  it('a comma-separated whitelist string is split', () => {
    expect(
      verdicts(
        planOf([
          {
            type: 'alicloud_db_instance',
            name: 'db',
            after: { engine: 'PostgreSQL', security_ips: ['10.0.0.0/8,0.0.0.0'] },
          },
        ]),
      ),
    ).toEqual(['alibaba-rds-whitelist-open alicloud_db_instance.db firm medium']);
  });
});

describe('alicloud_oss_bucket and its acl, policy and public access block', () => {
  const bucket = (after: Record<string, unknown> = {}, unknown: Record<string, unknown> = {}): PlanResourceSpec => ({
    type: 'alicloud_oss_bucket',
    name: 'assets',
    after: { bucket: 'acme-assets', ...after },
    unknown,
  });
  const child = (
    type: string,
    after: Record<string, unknown>,
    unknown: Record<string, unknown> = {},
  ): PlanResourceSpec => ({
    type,
    name: 'assets',
    after: { bucket: 'acme-assets', ...after },
    unknown,
    expressions: { bucket: ref('alicloud_oss_bucket.assets', 'bucket') },
  });
  const B = 'alicloud_oss_bucket.assets';

  it('acl public-read on the bucket: public', () => {
    expect(verdicts(planOf([bucket({ acl: 'public-read' })]))).toEqual([`alibaba-oss-bucket-public ${B} firm high`]);
  });
  it('alicloud_oss_bucket_acl public-read-write: critical', () => {
    expect(
      verdicts(
        planOf([bucket({ acl: null }, { acl: true }), child('alicloud_oss_bucket_acl', { acl: 'public-read-write' })]),
      ),
    ).toEqual([`alibaba-oss-bucket-public ${B} firm critical`]);
  });
  it('no acl written anywhere (computed by newer providers): a new bucket is private', () => {
    expect(verdicts(planOf([bucket({ acl: null }, { acl: true })]))).toEqual([]);
  });
  it('acl written from a value made at apply: unknown', () => {
    const spec = { ...bucket({ acl: null }, { acl: true }), expressions: { acl: ref('random_shuffle.acl', 'result') } };
    expect(verdicts(planOf([spec]))).toEqual([`alibaba-oss-bucket-public ${B} unknown high`]);
  });
  it('a policy granting Principal * without a condition: public; with acs:SourceIp pinned: not', () => {
    const policy = (condition?: unknown) =>
      JSON.stringify({
        Version: '1',
        Statement: [
          {
            Effect: 'Allow',
            Principal: ['*'],
            Action: ['oss:GetObject'],
            Resource: ['acs:oss:*:*:acme-assets/*'],
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      });
    expect(
      verdicts(planOf([bucket({ acl: 'private' }), child('alicloud_oss_bucket_policy', { policy: policy() })])),
    ).toEqual([`alibaba-oss-bucket-public ${B} firm high`]);
    expect(
      verdicts(
        planOf([
          bucket({ acl: 'private' }),
          child('alicloud_oss_bucket_policy', {
            policy: policy({ IpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } }),
          }),
        ]),
      ),
    ).toEqual([]);
  });
  it('Block Public Access on neutralises a public ACL (near miss)', () => {
    expect(
      verdicts(
        planOf([
          bucket({ acl: 'public-read' }),
          child('alicloud_oss_bucket_public_access_block', { block_public_access: true }),
        ]),
      ),
    ).toEqual([]);
  });
  it('Block Public Access unknown until apply with a public ACL: unknown', () => {
    expect(
      verdicts(
        planOf([
          bucket({ acl: 'public-read' }),
          child(
            'alicloud_oss_bucket_public_access_block',
            { block_public_access: null },
            { block_public_access: true },
          ),
        ]),
      ),
    ).toEqual([`alibaba-oss-bucket-public ${B} unknown high`]);
  });
});

describe('resource refs of a plan', () => {
  it('provider, account terraform, the provider\u2019s literal region, the address as id; unknown region when not a literal', () => {
    const plan = planOf([es({ enable_kibana_public_network: true })]);
    expect(inventoryOf(plan).resources[0]!.ref).toMatchObject({
      provider: 'alibaba',
      account: 'terraform',
      region: 'cn-shanghai',
      id: ADDRESS,
      terraform: { address: ADDRESS },
    });
    const configuration = plan.configuration as {
      provider_config: { alicloud: { expressions: Record<string, unknown> } };
    };
    configuration.provider_config.alicloud.expressions = { region: { references: ['var.region'] } };
    expect(inventoryOf(plan).resources[0]!.ref.region).toBe('unknown');
  });
});

describe('child modules', () => {
  it('a rule in a module joins the root module\u2019s group through the variable the module call sets', () => {
    const plan = planOf([
      GROUP,
      {
        ...rule('r9200', {}),
        module: 'network',
        expressions: { security_group_id: { references: ['var.security_group_id'] } },
      },
    ]);
    const calls = (plan.configuration as { root_module: { module_calls: Record<string, Record<string, unknown>> } })
      .root_module.module_calls;
    calls.network!.expressions = { security_group_id: ref('alicloud_security_group.es') };
    const groups = inventoryOf(plan).resources;
    expect(groups.map((group) => group.ref.id)).toEqual([SG]);
    expect(verdicts(plan)).toEqual([`alibaba-security-group-open-service-port ${SG} firm medium`]);
  });

  it('without the module call\u2019s expression the rule is judged on its own, at its module address', () => {
    const plan = planOf([
      GROUP,
      {
        ...rule('r9200', {}),
        module: 'network',
        expressions: { security_group_id: { references: ['var.security_group_id'] } },
      },
    ]);
    expect(verdicts(plan)).toEqual([
      'alibaba-security-group-open-service-port module.network.alicloud_security_group_rule.r9200 firm medium',
    ]);
  });

  it('resources in counted modules keep their full address', () => {
    const plan = planOf([es({ enable_kibana_public_network: true })]) as {
      resource_changes: { address: string; module_address: string }[];
      planned_values: unknown;
    };
    plan.resource_changes[0]!.address = 'module.search[1].alicloud_elasticsearch_instance.logs';
    plan.resource_changes[0]!.module_address = 'module.search[1]';
    plan.planned_values = {};
    expect(verdicts(plan as never)).toEqual([
      'alibaba-kibana-public module.search[1].alicloud_elasticsearch_instance.logs firm high',
    ]);
  });
});
