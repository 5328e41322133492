// The pure halves of the AWS collector: API shapes (as the SDK returns them) → normalised
// inventory fields, policy reading, error classification. No network; the wire is tested in
// collect.test.ts against the local emulator.
import type { Instance, IpPermission, NetworkInterface } from '@aws-sdk/client-ec2';
import type { DomainStatus } from '@aws-sdk/client-opensearch';
import { describe, expect, it } from 'vitest';
import { anonymousListingUrl, summariseListing } from '../../../src/cloud/aws/anonymous.js';
import { ingressRules, guardedBy, normalizeSecurityGroup } from '../../../src/cloud/aws/ec2.js';
import { normalizeProtocol } from '../../../src/cloud/aws/ec2-protocol.js';
import { classifyAwsError } from '../../../src/cloud/aws/errors.js';
import { loginRequired, normalizeDomain } from '../../../src/cloud/aws/opensearch.js';
import { accessPolicyOpen, parseEngineVersion } from '../../../src/cloud/aws/opensearch-policy.js';
import { openStatements, parsePolicy } from '../../../src/cloud/aws/policy.js';
import { normalizeDbInstance } from '../../../src/cloud/aws/rds.js';
import { databaseEngine } from '../../../src/cloud/aws/rds-engine.js';
import { blocksPublicAccess, bucketRegion, mayBePublic, publicGrants } from '../../../src/cloud/aws/s3.js';
import { endpointOverrides, homeRegion } from '../../../src/cloud/aws/session.js';
import { portVerdict } from '../../../src/cloud/ingress.js';
import { UsageError } from '../../../src/errors.js';

const policy = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('resource policies: which statements anyone can use', () => {
  it.each([
    ['Principal "*"', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }, true],
    ['Principal {"AWS": "*"}', { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject' }, true],
    [
      '"*" among AWS principals',
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } },
      true,
    ],
    ['one account', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, false],
    ['a service principal', { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' } }, false],
    ['Deny to everyone', { Effect: 'Deny', Principal: '*', Action: 's3:*' }, false],
    [
      'Allow with NotPrincipal (everyone else)',
      { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } },
      true,
    ],
    [
      'an office source IP',
      { Effect: 'Allow', Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } } },
      false,
    ],
    [
      'source IP 0.0.0.0/0 pins nothing',
      { Effect: 'Allow', Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      true,
    ],
    [
      'NotIpAddress still admits the internet',
      { Effect: 'Allow', Principal: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } } },
      true,
    ],
    [
      'a VPC endpoint',
      { Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } },
      false,
    ],
    [
      'the organisation (case-insensitive key)',
      { Effect: 'Allow', Principal: '*', Condition: { StringEquals: { 'AWS:PrincipalOrgID': 'o-abc' } } },
      false,
    ],
    [
      'TLS only does not say who',
      { Effect: 'Allow', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      true,
    ],
  ])('%s', (_, statement, open) => {
    expect(openStatements(parsePolicy(policy(statement))!)).toEqual(open ? ['Statement[0]'] : []);
  });

  it('labels statements by Sid, else by index; a single statement object is a list of one', () => {
    const statements = parsePolicy(
      policy(
        { Sid: 'Private', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' } },
        { Sid: 'PublicRead', Effect: 'Allow', Principal: '*' },
        { Effect: 'Allow', Principal: '*' },
      ),
    )!;
    expect(openStatements(statements)).toEqual(['PublicRead', 'Statement[2]']);
    expect(openStatements(parsePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*' } }))!)).toEqual([
      'Statement[0]',
    ]);
  });

  it('text that is not a policy document is undefined, never "no open statements"', () => {
    expect(parsePolicy('{not json')).toBeUndefined();
    expect(parsePolicy('"a string"')).toBeUndefined();
    expect(parsePolicy(JSON.stringify({ Statement: ['x'] }))).toBeUndefined();
    expect(parsePolicy(JSON.stringify({ Version: '2012-10-17' }))).toEqual([]);
  });
});

describe('S3', () => {
  it('GetBucketLocation: empty is us-east-1, "EU" is eu-west-1', () => {
    expect([bucketRegion(undefined), bucketRegion(''), bucketRegion('EU'), bucketRegion('ap-southeast-2')]).toEqual([
      'us-east-1',
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
    ]);
  });

  it('a public access block neutralises public access only when it ignores public ACLs and restricts public policies', () => {
    expect(blocksPublicAccess(undefined)).toBe(false);
    expect(blocksPublicAccess({ BlockPublicAcls: true, BlockPublicPolicy: true })).toBe(false);
    expect(blocksPublicAccess({ IgnorePublicAcls: true })).toBe(false);
    expect(blocksPublicAccess({ IgnorePublicAcls: true, RestrictPublicBuckets: true })).toBe(true);
  });

  it('public grants are the AllUsers and AuthenticatedUsers groups, as Group:PERMISSION', () => {
    expect(
      publicGrants([
        { Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
        {
          Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' },
          Permission: 'WRITE',
        },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, Permission: 'WRITE' },
      ]),
    ).toEqual(['AllUsers:READ', 'AuthenticatedUsers:WRITE']);
  });

  it('an unsigned listing is attempted when something reads public or a deciding read failed', () => {
    const ref = { provider: 'aws', account: '1', region: 'eu-west-1', type: 's3:bucket', id: 'b' } as const;
    const closed = { kind: 'bucket', ref, publicGrants: [], policyPublic: false, openPolicyStatements: [] } as const;
    expect(mayBePublic(closed)).toBe(false);
    expect(mayBePublic({ ...closed, publicGrants: ['AllUsers:READ'] })).toBe(true);
    expect(mayBePublic({ ...closed, policyPublic: true })).toBe(true);
    expect(mayBePublic({ kind: 'bucket', ref, policyPublic: false, openPolicyStatements: [] })).toBe(true);
  });

  it('the listing URL: virtual-hosted on AWS, path-style for dotted names and overrides, .com.cn in China', () => {
    expect(anonymousListingUrl({ bucket: 'logs', region: 'eu-west-1' }).href).toBe(
      'https://logs.s3.eu-west-1.amazonaws.com/?list-type=2&max-keys=1',
    );
    expect(anonymousListingUrl({ bucket: 'www.example.com', region: 'us-east-1' }).href).toBe(
      'https://s3.us-east-1.amazonaws.com/www.example.com?list-type=2&max-keys=1',
    );
    expect(anonymousListingUrl({ bucket: 'logs', region: 'cn-north-1' }).href).toBe(
      'https://logs.s3.cn-north-1.amazonaws.com.cn/?list-type=2&max-keys=1',
    );
    expect(
      anonymousListingUrl({ bucket: 'logs', region: 'eu-west-1', endpoint: new URL('http://127.0.0.1:4566') }).href,
    ).toBe('http://127.0.0.1:4566/logs?list-type=2&max-keys=1');
  });

  it('a listing is summarised by its count alone', () => {
    const body =
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><KeyCount>1</KeyCount><Contents><Key>secret/name.csv</Key></Contents></ListBucketResult>';
    expect(summariseListing(body)).toEqual({ keyCount: 1, hasKeys: true });
    expect(summariseListing('<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount></ListBucketResult>')).toEqual({
      keyCount: 0,
      hasKeys: false,
    });
    expect(summariseListing('<html>a website</html>')).toBeUndefined();
  });
});

describe('EC2 security groups', () => {
  it.each([
    ['-1', 'all'],
    ['6', 'tcp'],
    ['TCP', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['47', 'gre'],
    ['115', '115'],
  ])('IpProtocol %s → %s', (ipProtocol, protocol) => {
    expect(normalizeProtocol(ipProtocol)).toBe(protocol);
  });

  const prefixLists = new Map<string, readonly string[] | undefined>([
    ['pl-office', ['192.0.2.0/24']],
    ['pl-denied', undefined],
  ]);

  it('maps ports, IPv4 and IPv6 ranges and resolved prefix lists; -1 and ICMP cover every port', () => {
    const permissions: IpPermission[] = [
      {
        IpProtocol: 'tcp',
        FromPort: 9200,
        ToPort: 9300,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      },
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      {
        IpProtocol: 'tcp',
        FromPort: 5601,
        ToPort: 5601,
        PrefixListIds: [{ PrefixListId: 'pl-office' }],
        IpRanges: [{ CidrIp: '198.51.100.7/32' }],
      },
    ];
    expect(ingressRules(permissions, prefixLists)).toEqual([
      { protocol: 'tcp', fromPort: 9200, toPort: 9300, sources: ['0.0.0.0/0', '::/0'], policy: 'accept', priority: 1 },
      { protocol: 'all', fromPort: 0, toPort: 65535, sources: ['10.0.0.0/8'], policy: 'accept', priority: 1 },
      { protocol: 'icmp', fromPort: 0, toPort: 65535, sources: ['0.0.0.0/0'], policy: 'accept', priority: 1 },
      {
        protocol: 'tcp',
        fromPort: 5601,
        toPort: 5601,
        sources: ['198.51.100.7/32', '192.0.2.0/24'],
        policy: 'accept',
        priority: 1,
      },
    ]);
  });

  it('a prefix list that could not be read stays named; group-to-group rules are skipped, CIDRs beside them kept', () => {
    expect(
      ingressRules(
        [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: 'pl-denied' }] },
          { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-self' }] },
          {
            IpProtocol: 'tcp',
            FromPort: 9200,
            ToPort: 9200,
            UserIdGroupPairs: [{ GroupId: 'sg-app' }],
            IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          },
        ],
        prefixLists,
      ),
    ).toEqual([
      {
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        sources: [],
        unresolvedSources: ['pl-denied'],
        policy: 'accept',
        priority: 1,
      },
      { protocol: 'tcp', fromPort: 9200, toPort: 9200, sources: ['0.0.0.0/0'], policy: 'accept', priority: 1 },
    ]);
  });

  it('the normalised rules mean what AWS means to the shared firewall semantics', () => {
    const rules = (permission: IpPermission) => ingressRules([permission], prefixLists);
    expect(
      portVerdict(rules({ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 9200)
        .state,
    ).toBe('open');
    expect(
      portVerdict(rules({ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }), 9200)
        .state,
    ).toBe('open');
    expect(portVerdict(rules({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 5601).state).toBe('open');
    expect(
      portVerdict(
        rules({ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
        9200,
      ).state,
    ).toBe('closed');
    expect(
      portVerdict(
        rules({ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, PrefixListIds: [{ PrefixListId: 'pl-denied' }] }),
        9200,
      ).state,
    ).toBe('unknown');
    expect(portVerdict(rules({ IpProtocol: '47', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), 22).state).toBe('closed');
  });

  it('what a group guards: public IPv4 (primary and secondary), IPv6, instances; terminated instances are gone', () => {
    const instances: Instance[] = [
      {
        InstanceId: 'i-1',
        State: { Name: 'running' },
        NetworkInterfaces: [
          {
            Groups: [{ GroupId: 'sg-a' }],
            Association: { PublicIp: '203.0.113.1' },
            Ipv6Addresses: [{ Ipv6Address: '2001:db8::1' }],
          },
        ],
      },
      {
        InstanceId: 'i-2',
        State: { Name: 'stopped' },
        NetworkInterfaces: [{ Groups: [{ GroupId: 'sg-a' }, { GroupId: 'sg-b' }] }],
      },
      {
        InstanceId: 'i-3',
        State: { Name: 'terminated' },
        NetworkInterfaces: [{ Groups: [{ GroupId: 'sg-a' }], Association: { PublicIp: '203.0.113.9' } }],
      },
      {
        InstanceId: 'i-4',
        State: { Name: 'running' },
        PublicIpAddress: '203.0.113.4',
        SecurityGroups: [{ GroupId: 'sg-c' }],
      },
    ];
    const interfaces: NetworkInterface[] = [
      { Groups: [{ GroupId: 'sg-a' }], Association: { PublicIp: '203.0.113.1' }, Attachment: { InstanceId: 'i-1' } },
      {
        Groups: [{ GroupId: 'sg-b' }],
        PrivateIpAddresses: [
          { Association: { PublicIp: '203.0.113.20' } },
          { Association: { PublicIp: '203.0.113.21' } },
        ],
      },
    ];
    const guarded = guardedBy(instances, interfaces);
    const view = (id: string) => ({
      publicIps: [...(guarded.get(id)?.publicIps ?? [])].sort(),
      instances: [...(guarded.get(id)?.instances ?? [])].sort(),
    });
    expect(view('sg-a')).toEqual({ publicIps: ['2001:db8::1', '203.0.113.1'], instances: ['i-1', 'i-2'] });
    expect(view('sg-b')).toEqual({ publicIps: ['203.0.113.20', '203.0.113.21'], instances: ['i-2'] });
    expect(view('sg-c')).toEqual({ publicIps: ['203.0.113.4'], instances: ['i-4'] });
  });

  it('a group that guards nothing has empty lists', () => {
    expect(
      normalizeSecurityGroup(
        { GroupId: 'sg-x', GroupName: 'x', IpPermissions: [] },
        '1',
        'eu-west-1',
        new Map(),
        undefined,
      ),
    ).toEqual({
      kind: 'security-group',
      ref: { provider: 'aws', account: '1', region: 'eu-west-1', type: 'ec2:security-group', id: 'sg-x', name: 'x' },
      rules: [],
      publicIps: [],
      instances: [],
    });
  });
});

describe('OpenSearch', () => {
  it.each([
    ['Elasticsearch_6.8', { engine: 'elasticsearch', version: '6.8' }],
    ['Elasticsearch_7.10', { engine: 'elasticsearch', version: '7.10' }],
    ['OpenSearch_2.11', { engine: 'opensearch', version: '2.11' }],
    ['OpenSearch_1.3', { engine: 'opensearch', version: '1.3' }],
    ['7.4', { engine: 'elasticsearch', version: '7.4' }],
    [undefined, { engine: 'opensearch' }],
  ])('EngineVersion %s', (engineVersion, expected) => {
    expect(parseEngineVersion(engineVersion)).toEqual(expected);
  });

  it('access policy: open to anyone unless a condition pins the source; none at all is IAM-only', () => {
    expect(accessPolicyOpen(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*' }))).toBe(true);
    expect(
      accessPolicyOpen(
        policy({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'es:*',
          Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } },
        }),
      ),
    ).toBe(false);
    expect(
      accessPolicyOpen(
        policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'es:*' }),
      ),
    ).toBe(false);
    expect(accessPolicyOpen('')).toBe(false);
    expect(accessPolicyOpen(undefined)).toBe(false);
    expect(accessPolicyOpen('{broken')).toBeUndefined();
  });

  it('a login stands in front only with fine-grained access control on and anonymous auth off', () => {
    expect(
      loginRequired({ AdvancedSecurityOptions: { Enabled: true, AnonymousAuthEnabled: false } } as DomainStatus),
    ).toBe(true);
    expect(
      loginRequired({ AdvancedSecurityOptions: { Enabled: true, AnonymousAuthEnabled: true } } as DomainStatus),
    ).toBe(false);
    expect(loginRequired({} as DomainStatus)).toBe(false);
  });

  it('a VPC domain has no public endpoint and no public Dashboards, whatever its policy', () => {
    const vpc = {
      DomainName: 'd',
      EngineVersion: 'OpenSearch_2.11',
      Endpoints: { vpc: 'vpc-d.eu-west-1.es.amazonaws.com' },
      VPCOptions: { VPCId: 'vpc-1' },
      AccessPolicies: policy({ Effect: 'Allow', Principal: '*' }),
    } as unknown as DomainStatus;
    expect(normalizeDomain(vpc, '1', 'eu-west-1')).toEqual({
      kind: 'search-domain',
      ref: { provider: 'aws', account: '1', region: 'eu-west-1', type: 'opensearch:domain', id: 'd' },
      engine: 'opensearch',
      version: '2.11',
      accessPolicyOpen: true,
      fineGrainedAccessControl: false,
      kibana: { public: false },
    });
  });
});

describe('RDS', () => {
  it.each([
    ['mysql', 'mysql'],
    ['aurora-mysql', 'mysql'],
    ['mariadb', 'mariadb'],
    ['postgres', 'postgresql'],
    ['aurora-postgresql', 'postgresql'],
    ['sqlserver-ex', 'sqlserver'],
    ['docdb', 'mongodb'],
    ['oracle-ee', 'other'],
    ['neptune', 'other'],
  ])('engine %s → %s', (engine, expected) => {
    expect(databaseEngine(engine)).toBe(expected);
  });

  it('only a publicly accessible instance with an endpoint has a public endpoint', () => {
    const base = {
      DBInstanceIdentifier: 'db',
      Engine: 'postgres',
      EngineVersion: '16.3',
      Endpoint: { Address: 'db.x.eu-west-1.rds.amazonaws.com', Port: 5432 },
    };
    expect(normalizeDbInstance({ ...base, PubliclyAccessible: true }, '1', 'eu-west-1').publicEndpoints).toEqual([
      { host: 'db.x.eu-west-1.rds.amazonaws.com', port: 5432 },
    ]);
    expect(normalizeDbInstance({ ...base, PubliclyAccessible: false }, '1', 'eu-west-1').publicEndpoints).toEqual([]);
    // Still being created: public, but no DNS name yet.
    expect(
      normalizeDbInstance({ ...base, Endpoint: undefined, PubliclyAccessible: true }, '1', 'eu-west-1'),
    ).toMatchObject({ publiclyAccessible: true, publicEndpoints: [] });
  });
});

describe('failed calls → coverage reasons', () => {
  const awsError = (name: string, message = 'm', extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, attempts: 1 }, ...extra });
  const context = { call: 's3:GetBucketAcl', timedOut: false, timeoutMs: 5000, credentialsVerified: true };

  it.each([
    ['AccessDenied', 'denied'],
    ['UnauthorizedOperation', 'denied'],
    ['AccessDeniedException', 'denied'],
    ['SignatureDoesNotMatch', 'credentials'],
    ['InvalidAccessKeyId', 'credentials'],
    ['ExpiredToken', 'credentials'],
    ['RequestTimeTooSkewed', 'credentials'],
    ['Throttling', 'throttled'],
    ['SlowDown', 'throttled'],
    ['RequestLimitExceeded', 'throttled'],
    ['OptInRequired', 'unavailable'],
    ['InternalError', 'error'],
  ])('%s → %s', (name, reason) => {
    expect(classifyAwsError(awsError(name), context).reason).toBe(reason);
  });

  it('an unknown-key code after STS accepted the keys means the region is not enabled', () => {
    expect(classifyAwsError(awsError('AuthFailure'), context)).toMatchObject({
      reason: 'unavailable',
      message: expect.stringContaining('region is probably not enabled'),
    });
    expect(classifyAwsError(awsError('AuthFailure'), { ...context, credentialsVerified: false })).toMatchObject({
      reason: 'credentials',
    });
  });

  it('messages say what to do: the missing permission, the retries spent, the timeout', () => {
    expect(
      classifyAwsError(awsError('AccessDenied', 'Access Denied'), { ...context, call: 's3:GetPublicAccessBlock' })
        .message,
    ).toBe('AccessDenied: Access Denied (needs s3:GetBucketPublicAccessBlock)');
    expect(
      classifyAwsError(
        awsError('SlowDown', 'Please reduce your request rate.', { $metadata: { attempts: 3 } }),
        context,
      ).message,
    ).toBe('SlowDown after 3 attempts: Please reduce your request rate.');
    expect(classifyAwsError(new Error('aborted'), { ...context, timedOut: true })).toEqual({
      reason: 'error',
      message: 'no answer within 5000 ms (per-call timeout)',
    });
    expect(
      classifyAwsError(
        Object.assign(new Error('getaddrinfo ENOTFOUND es.ap-east-2.amazonaws.com'), { code: 'ENOTFOUND' }),
        context,
      ).reason,
    ).toBe('unavailable');
    expect(
      classifyAwsError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), {
        ...context,
        credentialsVerified: false,
      }).message,
    ).toContain('No AWS credentials were found');
  });
});

describe('account-wide calls', () => {
  it('go to us-east-1, or to the home of the China / GovCloud partition the configured regions are in', () => {
    expect([
      homeRegion([]),
      homeRegion(['eu-west-1', 'af-south-1']),
      homeRegion(['cn-northwest-1']),
      homeRegion(['us-gov-east-1']),
    ]).toEqual(['us-east-1', 'us-east-1', 'cn-north-1', 'us-gov-west-1']);
  });
});

describe('endpoint overrides', () => {
  const account = (endpoints: Record<string, string>) => ({ name: 'test', regions: [], endpoints });
  const all = {
    sts: 'http://127.0.0.1:1',
    s3: 'http://127.0.0.1:2',
    s3control: 'http://127.0.0.1:3',
    ec2: 'http://127.0.0.1:4',
    rds: 'http://127.0.0.1:5',
    opensearch: 'http://127.0.0.1:6',
    elbv2: 'http://127.0.0.1:7',
    elb: 'http://127.0.0.1:8',
    route53: 'http://127.0.0.1:9',
    eks: 'http://127.0.0.1:10',
    redshift: 'http://127.0.0.1:11',
    mq: 'http://127.0.0.1:12',
    kafka: 'http://127.0.0.1:13',
  };

  it('none (the real endpoints) or all of them', () => {
    expect(endpointOverrides(account({}))).toEqual({});
    expect(Object.keys(endpointOverrides(account(all)))).toEqual([
      'sts',
      's3',
      's3control',
      'ec2',
      'rds',
      'opensearch',
      'elbv2',
      'elb',
      'route53',
      'eks',
      'redshift',
      'mq',
      'kafka',
    ]);
  });

  it('some but not all is a configuration error naming the missing ones', () => {
    const { rds: _rds, s3control: _s3control, ...partial } = all;
    expect(() => endpointOverrides(account(partial))).toThrow(UsageError);
    expect(() => endpointOverrides(account(partial))).toThrow(/not for s3control, rds/);
  });

  it('an override must be an http(s) URL', () => {
    expect(() => endpointOverrides(account({ ...all, ec2: 'localhost:4566' }))).toThrow(UsageError);
    expect(() => endpointOverrides(account({ ...all, ec2: 'not a url' }))).toThrow(/not a URL/);
  });
});
