// collectAlibaba against an emulated account. These tests run against a local emulator
// (test/emulators/alibaba.ts) that verifies RPC, ROA and OSS signatures as the service does and
// answers with the documented response shapes; every product endpoint is a loopback override.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectAlibaba } from '../../../src/cloud/alibaba/collect.js';
import type { IngressRule } from '../../../src/cloud/ingress.js';
import { portVerdict } from '../../../src/cloud/ingress.js';
import type { CloudResource, SecurityGroup } from '../../../src/cloud/inventory.js';
import type { AlibabaEmulator } from '../../emulators/alibaba.js';
import { ACCOUNT_ID } from '../../emulators/alibaba-account.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, accountFor, options, ref, startEmulator } from './helpers.js';

const SHANGHAI = 'cn-shanghai';
const HANGZHOU = 'cn-hangzhou';
const DENIED =
  "Forbidden.RAM: User not authorized to operate on the specified resource, or this API doesn't support RAM.";

const tcp = (id: string, port: number, sources: string[], extra: Partial<IngressRule> = {}): IngressRule => ({
  id,
  protocol: 'tcp',
  fromPort: port,
  toPort: port,
  sources,
  policy: 'accept',
  priority: 1,
  ...extra,
});

const EXPECTED_RESOURCES: CloudResource[] = [
  {
    kind: 'security-group',
    ref: ref(SHANGHAI, 'ecs:security-group', 'sg-uf6open', 'es-public'),
    // The egress rule is not asked for (Direction=ingress).
    rules: [tcp('sgr-open4', 9200, ['0.0.0.0/0']), tcp('sgr-open6', 9200, ['::/0'])],
    publicIps: ['47.100.10.20'],
    instances: ['i-uf6es'],
  },
  {
    kind: 'security-group',
    ref: ref(SHANGHAI, 'ecs:security-group', 'sg-uf6shadow', 'kibana-classic'),
    // The rule from another security group is not an internet source; the intranet-NIC rule of
    // this classic group is not asked for (NicType=internet).
    rules: [
      tcp('sgr-shadowdrop', 5601, ['0.0.0.0/0'], { policy: 'drop' }),
      tcp('sgr-shadowaccept', 5601, ['0.0.0.0/0'], { priority: 50 }),
    ],
    publicIps: ['47.100.30.40'],
    instances: ['i-uf6kibana'],
  },
  {
    kind: 'security-group',
    ref: ref(SHANGHAI, 'ecs:security-group', 'sg-uf6prefix', 'office-postgres'),
    rules: [
      tcp('sgr-prefixoffice', 5432, ['198.51.100.0/24', '203.0.113.0/24']),
      tcp('sgr-prefixsecret', 5432, [], { unresolvedSources: ['pl-uf6secret'], priority: 2 }),
    ],
    publicIps: ['47.100.10.20'],
    instances: ['i-uf6es'],
  },
  {
    kind: 'security-group',
    ref: ref(SHANGHAI, 'ecs:security-group', 'sg-uf6many', 'many-rules'),
    rules: Array.from({ length: 120 }, (_, index) =>
      tcp(`sgr-many${index}`, 10000 + index, [`10.${index}.0.0/16`], { priority: 1 + (index % 100) }),
    ),
    publicIps: [],
    instances: ['i-uf6private'],
  },
  {
    kind: 'database',
    ref: ref(SHANGHAI, 'rds:instance', 'rm-uf6private', 'orders'),
    engine: 'mysql',
    version: '8.0',
    whitelist: ['10.0.0.0/8'],
    whitelistGroups: [{ name: 'default', entries: ['10.0.0.0/8'] }],
    publicEndpoints: [],
  },
  {
    kind: 'database',
    ref: ref(SHANGHAI, 'rds:instance', 'pgm-uf6open', 'analytics'),
    engine: 'postgresql',
    version: '13.0',
    whitelist: ['0.0.0.0/0', '127.0.0.1'],
    whitelistGroups: [{ name: 'default', entries: ['0.0.0.0/0', '127.0.0.1'] }],
    publicEndpoints: [{ host: 'pgm-uf6open-pub.pg.rds.aliyuncs.com', port: 5432 }],
  },
  {
    kind: 'database',
    ref: ref(SHANGHAI, 'kvstore:instance', 'r-uf6open', 'sessions'),
    engine: 'redis',
    version: '5.0',
    whitelist: ['0.0.0.0/0'],
    whitelistGroups: [{ name: 'default', entries: ['0.0.0.0/0'] }],
    publicEndpoints: [{ host: 'r-uf6open-pub.redis.rds.aliyuncs.com', port: 6379 }],
  },
  {
    kind: 'database',
    ref: ref(SHANGHAI, 'dds:instance', 'dds-uf6rs', 'catalog'),
    engine: 'mongodb',
    version: '4.2',
    whitelist: ['127.0.0.1', '203.0.113.0/24'],
    whitelistGroups: [
      { name: 'default', entries: ['127.0.0.1'] },
      { name: 'office', entries: ['203.0.113.0/24'] },
    ],
    publicEndpoints: [{ host: 'dds-uf6rs-pub.mongodb.rds.aliyuncs.com', port: 3717 }],
  },
  {
    kind: 'database',
    ref: ref(SHANGHAI, 'dds:instance', 'dds-uf6sh', 'events'),
    engine: 'mongodb',
    version: '4.4',
    whitelist: ['0.0.0.0/0'],
    whitelistGroups: [{ name: 'default', entries: ['0.0.0.0/0'] }],
    publicEndpoints: [{ host: 's-uf6a-pub.mongodb.rds.aliyuncs.com', port: 3717 }],
  },
  {
    kind: 'search-domain',
    ref: ref(SHANGHAI, 'elasticsearch:instance', 'es-cn-2022open', 'police-logs'),
    engine: 'elasticsearch',
    version: '6.3.2',
    publicEndpoint: { host: 'es-cn-2022open.public.elasticsearch.aliyuncs.com', port: 9200, protocol: 'http' },
    publicWhitelist: ['0.0.0.0/0'],
    kibana: {
      public: true,
      host: 'es-cn-2022open.kibana.elasticsearch.aliyuncs.com',
      port: 5601,
      whitelist: ['0.0.0.0/0'],
    },
  },
  {
    kind: 'search-domain',
    ref: ref(HANGZHOU, 'elasticsearch:instance', 'es-bp-closed', 'metrics'),
    engine: 'elasticsearch',
    version: '7.10.0',
    publicWhitelist: [],
    kibana: {
      public: false,
      host: 'es-bp-closed.kibana.elasticsearch.aliyuncs.com',
      port: 5601,
      whitelist: ['127.0.0.1'],
    },
  },
  // ListBuckets answers in name order; acme-beijing-archive is outside the scanned regions.
  {
    kind: 'bucket',
    ref: ref(HANGZHOU, 'oss:bucket', 'acme-policy-share'),
    acl: 'private',
    policyPublic: true,
    blockPublicAccess: false,
  },
  {
    kind: 'bucket',
    ref: ref(SHANGHAI, 'oss:bucket', 'acme-private-logs'),
    acl: 'private',
    policyPublic: false,
    blockPublicAccess: false,
  },
  {
    kind: 'bucket',
    ref: ref(SHANGHAI, 'oss:bucket', 'acme-public-assets'),
    acl: 'public-read',
    policyPublic: false,
    blockPublicAccess: false,
  },
];

describe('collectAlibaba against the emulated account', () => {
  let emulator: AlibabaEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('reads every product into the normalised inventory, with a gap for each denied call', async () => {
    emulator.deny({
      product: 'ecs',
      action: 'DescribeSecurityGroupAttribute',
      when: { SecurityGroupId: 'sg-uf6denied' },
    });
    emulator.deny({ product: 'ecs', action: 'DescribePrefixListAttributes', when: { PrefixListId: 'pl-uf6secret' } });
    emulator.throttle({
      product: 'rds',
      action: 'DescribeDBInstanceIPArrayList',
      when: { DBInstanceId: 'pgm-uf6open' },
      times: 2,
    });

    const inventory = await collectAlibaba(accountFor(emulator), options());

    expect(inventory).toEqual({
      resources: EXPECTED_RESOURCES,
      gaps: [
        {
          provider: 'alibaba',
          account: ACCOUNT_ID,
          region: SHANGHAI,
          call: 'ecs:DescribePrefixListAttributes',
          reason: 'denied',
          message: `${DENIED} (rules using it have unresolved sources)`,
          resource: 'pl-uf6secret',
        },
        // The denied group is left out rather than shown with no rules.
        {
          provider: 'alibaba',
          account: ACCOUNT_ID,
          region: SHANGHAI,
          call: 'ecs:DescribeSecurityGroupAttribute',
          reason: 'denied',
          message: `${DENIED} (group left out: its rules are unknown)`,
          resource: 'sg-uf6denied',
        },
      ],
    });
  });

  it('asks what the semantics need: ingress only, the internet NIC of classic groups, every page, and retries throttling', async () => {
    emulator.throttle({
      product: 'rds',
      action: 'DescribeDBInstanceIPArrayList',
      when: { DBInstanceId: 'pgm-uf6open' },
      times: 2,
    });
    await collectAlibaba(accountFor(emulator), options());

    const rulesOf = (id: string) =>
      emulator.requests.filter(
        (request) => request.action === 'DescribeSecurityGroupAttribute' && request.subject.SecurityGroupId === id,
      );
    expect(rulesOf('sg-uf6shadow').map((request) => request.subject)).toEqual([
      expect.objectContaining({ Direction: 'ingress', NicType: 'internet' }),
    ]);
    expect(rulesOf('sg-uf6open').map((request) => request.subject.NicType)).toEqual([undefined]);
    // 120 rules, 100 a page.
    expect(rulesOf('sg-uf6many').map((request) => request.subject.NextToken !== undefined)).toEqual([false, true]);
    // Sharded MongoDB clusters are listed only when asked for.
    expect(
      emulator.requests
        .filter(
          (request) =>
            request.product === 'dds' && request.action === 'DescribeDBInstances' && request.region === SHANGHAI,
        )
        .map((request) => request.subject.DBInstanceType),
    ).toEqual(['replicate', 'sharding']);
    // Throttled twice, answered the third time.
    expect(
      emulator.requests
        .filter(
          (request) =>
            request.action === 'DescribeDBInstanceIPArrayList' && request.subject.DBInstanceId === 'pgm-uf6open',
        )
        .map((request) => request.code ?? request.status),
    ).toEqual(['Throttling.User', 'Throttling.User', 200]);
    // Elasticsearch and OSS are routed on the Host header, as the services are.
    expect(
      new Set(
        emulator.requests.filter((request) => request.product === 'elasticsearch').map((request) => request.host),
      ),
    ).toEqual(new Set(['elasticsearch.cn-shanghai.aliyuncs.com', 'elasticsearch.cn-hangzhou.aliyuncs.com']));
    expect(
      emulator.requests.filter((request) => request.action === 'GetBucketAcl').map((request) => request.host),
    ).toEqual([
      'acme-policy-share.oss-cn-hangzhou.aliyuncs.com',
      'acme-private-logs.oss-cn-shanghai.aliyuncs.com',
      'acme-public-assets.oss-cn-shanghai.aliyuncs.com',
    ]);
    // Every request passed the signature check; the only errors were the ones asked for.
    expect(emulator.requests.filter((request) => request.status !== 200).map((request) => request.code)).toEqual([
      'Throttling.User',
      'Throttling.User',
    ]);
  });

  it('the inventory supports the firewall semantics: open, shadowed, unknown', async () => {
    emulator.deny({ product: 'ecs', action: 'DescribePrefixListAttributes', when: { PrefixListId: 'pl-uf6secret' } });
    const { resources } = await collectAlibaba(accountFor(emulator), options());
    const group = (id: string) =>
      resources.find(
        (resource): resource is SecurityGroup => resource.kind === 'security-group' && resource.ref.id === id,
      ) as SecurityGroup;
    expect(portVerdict(group('sg-uf6open').rules, 9200)).toMatchObject({ state: 'open', source: '0.0.0.0/0' });
    expect(portVerdict(group('sg-uf6shadow').rules, 5601).state).toBe('closed');
    expect(portVerdict(group('sg-uf6prefix').rules, 5432).state).toBe('unknown');
  });

  it('a wrong AccessKey secret is one credentials gap with a clear, redacted message', async () => {
    const inventory = await collectAlibaba(
      accountFor(emulator),
      options({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-the-secret-at-all' } }),
    );
    expect(inventory).toEqual({
      resources: [],
      gaps: [
        {
          provider: 'alibaba',
          account: 'test-account',
          region: 'global',
          call: 'sts:GetCallerIdentity',
          reason: 'credentials',
          message:
            'SignatureDoesNotMatch: Specified signature is not matched with our calculation. (nothing else was read)',
        },
      ],
    });
    expect(emulator.requests).toHaveLength(1);
  });

  it('an unknown AccessKey id is a credentials gap too', async () => {
    const inventory = await collectAlibaba(
      accountFor(emulator),
      options({ credentials: { accessKeyId: 'LTAI5tNobodyKnowsThis', secretAccessKey: ACCESS_KEY_SECRET } }),
    );
    expect(inventory.gaps).toEqual([
      expect.objectContaining({
        reason: 'credentials',
        message: 'InvalidAccessKeyId.NotFound: Specified access key is not found. (nothing else was read)',
      }),
    ]);
    expect(JSON.stringify(inventory)).not.toContain('LTAI5tNobodyKnowsThis');
  });

  it('without configured regions, reads every region DescribeRegions lists, and every bucket', async () => {
    const { resources, gaps } = await collectAlibaba(accountFor(emulator, []), options());
    expect(gaps).toEqual([]);
    expect(emulator.requests[1]).toMatchObject({ product: 'ecs', action: 'DescribeRegions' });
    expect(
      resources
        .filter((resource) => resource.kind === 'bucket')
        .map((resource) => `${resource.ref.region}/${resource.ref.id}`),
    ).toEqual([
      'cn-beijing/acme-beijing-archive',
      'cn-hangzhou/acme-policy-share',
      'cn-shanghai/acme-private-logs',
      'cn-shanghai/acme-public-assets',
    ]);
    expect(resources.find((resource) => resource.ref.id === 'es-bp-closed')?.ref.region).toBe(HANGZHOU);
  });

  it('a product not offered in a region is an "unavailable" gap, and the other regions are still read', async () => {
    emulator.unavailable('rds', HANGZHOU);
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options());
    expect(gaps).toEqual([
      {
        provider: 'alibaba',
        account: ACCOUNT_ID,
        region: HANGZHOU,
        call: 'rds:DescribeDBInstances',
        reason: 'unavailable',
        message: 'Forbidden.RegionNotFound: The provided RegionId does not exist in our record.',
      },
    ]);
    expect(resources.filter((resource) => resource.ref.type === 'rds:instance')).toHaveLength(2);
  });

  it('throttling that does not stop is a "throttled" gap after four tries', async () => {
    emulator.throttle({ product: 'r-kvstore', action: 'DescribeInstances', when: { RegionId: SHANGHAI } });
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options());
    expect(gaps).toEqual([
      {
        provider: 'alibaba',
        account: ACCOUNT_ID,
        region: SHANGHAI,
        call: 'kvstore:DescribeInstances',
        reason: 'throttled',
        message: 'Throttling.User: Request was denied due to user flow control. (after 4 tries)',
      },
    ]);
    expect(
      emulator.requests.filter((request) => request.product === 'r-kvstore' && request.region === SHANGHAI),
    ).toHaveLength(4);
    expect(resources.some((resource) => resource.ref.type === 'kvstore:instance')).toBe(false);
  });

  it('an instance whose whitelist could not be read is left out, never shown without one', async () => {
    emulator.deny({ product: 'dds', action: 'DescribeSecurityIps', when: { DBInstanceId: 'dds-uf6sh' } });
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options());
    expect(resources.map((resource) => resource.ref.id)).not.toContain('dds-uf6sh');
    expect(resources.map((resource) => resource.ref.id)).toContain('dds-uf6rs');
    expect(gaps).toEqual([
      expect.objectContaining({
        call: 'dds:DescribeSecurityIps',
        reason: 'denied',
        resource: 'dds-uf6sh',
        message: `${DENIED} (instance left out)`,
      }),
    ]);
  });

  it('a bucket whose ACL could not be read is left out', async () => {
    emulator.deny({ product: 'oss', action: 'GetBucketAcl', when: { Bucket: 'acme-public-assets' } });
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options());
    expect(resources.map((resource) => resource.ref.id)).not.toContain('acme-public-assets');
    expect(gaps).toEqual([
      {
        provider: 'alibaba',
        account: ACCOUNT_ID,
        region: SHANGHAI,
        call: 'oss:GetBucketAcl',
        reason: 'denied',
        message: 'AccessDenied: You have no right to access this object because of bucket acl. (bucket left out)',
        resource: 'acme-public-assets',
      },
    ]);
  });

  it('security groups are left out when the instances they guard cannot be listed', async () => {
    emulator.deny({ product: 'ecs', action: 'DescribeInstances' });
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options());
    expect(resources.some((resource) => resource.kind === 'security-group')).toBe(false);
    expect(gaps).toEqual([
      {
        provider: 'alibaba',
        account: ACCOUNT_ID,
        region: SHANGHAI,
        call: 'ecs:DescribeInstances',
        reason: 'denied',
        message: `${DENIED} (5 security groups left out: the public IPs they guard are unknown)`,
      },
    ]);
  });

  it('a call that does not answer in time is a gap; the rest of the scan goes on', async () => {
    // The slow call never answers in the test's life; the budget leaves every other call room on a loaded machine.
    emulator.delay({ product: 'dds', action: 'DescribeDBInstances', when: { RegionId: SHANGHAI }, ms: 600_000 });
    const { resources, gaps } = await collectAlibaba(accountFor(emulator), options({ timeoutMs: 10_000 }));
    expect(gaps).toEqual([
      {
        provider: 'alibaba',
        account: ACCOUNT_ID,
        region: SHANGHAI,
        call: 'dds:DescribeDBInstances',
        reason: 'error',
        message: 'no answer within 10000 ms',
      },
    ]);
    expect(resources.some((resource) => resource.ref.id === 'es-cn-2022open')).toBe(true);
  });

  it('stops when the signal aborts', async () => {
    emulator.delay({ product: 'ecs', action: 'DescribeSecurityGroups', ms: 2000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('scan stopped')), 100);
    await expect(collectAlibaba(accountFor(emulator), options({ signal: controller.signal }))).rejects.toThrow(
      'scan stopped',
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a product without an endpoint override is never sent to the public cloud once others are overridden', async () => {
    const account = { name: 'test-account', regions: [SHANGHAI], endpoints: { ecs: emulator.endpoints.ecs } };
    const { gaps } = await collectAlibaba(account, options());
    expect(new Set(emulator.requests.map((request) => request.product))).toEqual(new Set(['ecs']));
    expect(gaps.map((entry) => [entry.region, entry.call, entry.reason])).toEqual([
      [SHANGHAI, 'alb:ListLoadBalancers', 'unavailable'],
      [SHANGHAI, 'amqp:ListInstance', 'unavailable'],
      [SHANGHAI, 'clickhouse:DescribeDBClusters', 'unavailable'],
      [SHANGHAI, 'cs:DescribeClustersV1', 'unavailable'],
      [SHANGHAI, 'dds:DescribeDBInstances', 'unavailable'],
      [SHANGHAI, 'elasticsearch:ListInstance', 'unavailable'],
      [SHANGHAI, 'kvstore:DescribeInstances', 'unavailable'],
      [SHANGHAI, 'polardb:DescribeDBClusters', 'unavailable'],
      [SHANGHAI, 'rds:DescribeDBInstances', 'unavailable'],
      [SHANGHAI, 'slb:DescribeLoadBalancers', 'unavailable'],
      ['global', 'alidns:DescribeDomains', 'unavailable'],
      ['global', 'oss:ListBuckets', 'unavailable'],
    ]);
    expect(gaps[0]?.message).toBe(
      'no endpoint configured for alb while other products have one: the public endpoint is not used',
    );
    // Without STS the configured name labels the account.
    expect(gaps[0]?.account).toBe('test-account');
  });

  it('no gap message carries the AccessKey id, the secret or a signature', async () => {
    // A closed port: pop-core's own error message (with the request URL) is what gets reported.
    const refused = await collectAlibaba(
      { ...accountFor(emulator), endpoints: { ...emulator.endpoints, dds: 'http://127.0.0.1:9' } },
      options(),
    );
    expect(refused.gaps.map((entry) => [entry.call, entry.reason, entry.message])).toEqual([
      ['dds:DescribeDBInstances', 'error', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'],
      ['dds:DescribeDBInstances', 'error', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'],
    ]);
    const wrong = await collectAlibaba(
      accountFor(emulator),
      options({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'wrong' } }),
    );
    emulator.deny({ product: 'ecs', action: 'DescribeSecurityGroups' });
    const denied = await collectAlibaba(accountFor(emulator), options());
    for (const inventory of [refused, wrong, denied]) {
      const text = JSON.stringify(inventory.gaps);
      expect(text).not.toContain(ACCESS_KEY_ID);
      expect(text).not.toContain(ACCESS_KEY_SECRET);
      expect(text).not.toMatch(/Signature=|SignatureNonce|string to sign/i);
    }
  });
});
