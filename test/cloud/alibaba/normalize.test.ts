// The pure normalisers: API answers (shaped as the API reference documents them) to the
// normalised inventory. No network here; collect.test.ts runs them against a local emulator that
// verifies signatures as the service does.
import { describe, expect, it } from 'vitest';
import { instanceTargets, normalizePermission, parsePortRange } from '../../../src/cloud/alibaba/ecs.js';
import { esVersionNumber, normalizeSearchInstance } from '../../../src/cloud/alibaba/elasticsearch.js';
import { mongoPublicEndpoints, mongoWhitelist } from '../../../src/cloud/alibaba/mongodb.js';
import { parseBucketList } from '../../../src/cloud/alibaba/oss.js';
import { normalizeRdsInstance, rdsEngine } from '../../../src/cloud/alibaba/rds.js';
import { normalizeRedisInstance } from '../../../src/cloud/alibaba/redis.js';
import { permission } from '../../emulators/alibaba-account.js';
import { ref } from './helpers.js';

const noLists = new Map<string, string[] | undefined>();

describe('security group rules', () => {
  it('port ranges: a/b, -1/-1 for every port, and nothing unreadable taken as "no port"', () => {
    expect(parsePortRange('22/22')).toEqual({ fromPort: 22, toPort: 22 });
    expect(parsePortRange('8000/9000')).toEqual({ fromPort: 8000, toPort: 9000 });
    expect(parsePortRange('-1/-1')).toEqual({ fromPort: 1, toPort: 65535 });
    expect(parsePortRange('')).toEqual({ fromPort: 1, toPort: 65535 });
    expect(parsePortRange('9/1')).toEqual({ fromPort: 1, toPort: 65535 });
  });

  it('protocol lower-cased, Policy and Priority read whatever their case and type', () => {
    expect(
      normalizePermission(
        permission({ IpProtocol: 'ALL', Policy: 'DROP', Priority: 7, SourceCidrIp: '0.0.0.0/0' }),
        noLists,
      ),
    ).toEqual({ protocol: 'all', fromPort: 1, toPort: 65535, sources: ['0.0.0.0/0'], policy: 'drop', priority: 7 });
    expect(
      normalizePermission(permission({ Policy: 'accept', Priority: '100', SourceCidrIp: '10.0.0.0/8' }), noLists),
    ).toMatchObject({ policy: 'accept', priority: 100 });
    expect(
      normalizePermission(permission({ Policy: '', Priority: '', SourceCidrIp: '10.0.0.0/8' }), noLists),
    ).toMatchObject({ policy: 'accept', priority: 1 });
  });

  it('IPv4 and IPv6 sources both count', () => {
    expect(
      normalizePermission(permission({ SourceCidrIp: '0.0.0.0/0', Ipv6SourceCidrIp: '::/0' }), noLists)?.sources,
    ).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('a prefix list is its CIDRs when read, an unresolved source when not', () => {
    const lists = new Map<string, string[] | undefined>([
      ['pl-a', ['198.51.100.0/24']],
      ['pl-b', undefined],
    ]);
    expect(normalizePermission(permission({ SourcePrefixListId: 'pl-a' }), lists)).toMatchObject({
      sources: ['198.51.100.0/24'],
    });
    expect(normalizePermission(permission({ SourcePrefixListId: 'pl-b' }), lists)).toMatchObject({
      sources: [],
      unresolvedSources: ['pl-b'],
    });
  });

  it('a rule whose source is another security group admits no internet address and is skipped; egress rules too', () => {
    expect(normalizePermission(permission({ SourceGroupId: 'sg-other' }), noLists)).toBeUndefined();
    expect(normalizePermission(permission({ Direction: 'egress', DestCidrIp: '0.0.0.0/0' }), noLists)).toBeUndefined();
  });

  it('public IPs and EIPs of the instances in each group', () => {
    const targets = instanceTargets([
      {
        InstanceId: 'i-1',
        SecurityGroupIds: { SecurityGroupId: ['sg-a', 'sg-b'] },
        PublicIpAddress: { IpAddress: [] },
        EipAddress: { IpAddress: '47.0.0.1' },
      },
      {
        InstanceId: 'i-2',
        SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
        PublicIpAddress: { IpAddress: ['47.0.0.2'] },
        EipAddress: { IpAddress: '' },
      },
    ]);
    expect(targets.get('sg-a')).toEqual({ publicIps: ['47.0.0.1', '47.0.0.2'], instances: ['i-1', 'i-2'] });
    expect(targets.get('sg-b')).toEqual({ publicIps: ['47.0.0.1'], instances: ['i-1'] });
  });
});

describe('databases', () => {
  it('RDS engines', () => {
    expect(['MySQL', 'PostgreSQL', 'SQLServer', 'MariaDB', 'PPAS'].map(rdsEngine)).toEqual([
      'mysql',
      'postgresql',
      'sqlserver',
      'mariadb',
      'other',
    ]);
  });

  it('RDS: every whitelist group but the hidden ones, public connection strings only', () => {
    const instance = normalizeRdsInstance(
      ref('cn-shanghai', 'rds:instance', 'rm-1'),
      { DBInstanceId: 'rm-1', Engine: 'MySQL', EngineVersion: '5.7' },
      [
        { DBInstanceIPArrayName: 'default', DBInstanceIPArrayAttribute: '', SecurityIPList: '10.0.0.0/8, 192.168.1.1' },
        { DBInstanceIPArrayName: 'app', DBInstanceIPArrayAttribute: '', SecurityIPList: '0.0.0.0/0' },
        {
          DBInstanceIPArrayName: 'hdm_security_ips',
          DBInstanceIPArrayAttribute: 'hidden',
          SecurityIPList: '100.104.0.0/16',
        },
      ],
      [
        { ConnectionString: 'rm-1.mysql.rds.aliyuncs.com', IPType: 'Private', Port: '3306' },
        { ConnectionString: 'rm-1o.mysql.rds.aliyuncs.com', IPType: 'Public', Port: '3306' },
      ],
    );
    expect(instance).toEqual({
      kind: 'database',
      ref: ref('cn-shanghai', 'rds:instance', 'rm-1'),
      engine: 'mysql',
      version: '5.7',
      whitelist: ['10.0.0.0/8', '192.168.1.1', '0.0.0.0/0'],
      // By group too: a fix edits the group that holds the open entry.
      whitelistGroups: [
        { name: 'default', entries: ['10.0.0.0/8', '192.168.1.1'] },
        { name: 'app', entries: ['0.0.0.0/0'] },
      ],
      publicEndpoints: [{ host: 'rm-1o.mysql.rds.aliyuncs.com', port: 3306 }],
    });
  });

  it('Redis: IPType Public or DBInstanceNetType 0 is the internet; Memcache is "other"', () => {
    const redis = normalizeRedisInstance(
      ref('cn-shanghai', 'kvstore:instance', 'r-1'),
      { InstanceType: 'Redis', EngineVersion: '4.0' },
      [{ SecurityIpList: '127.0.0.1', SecurityIpGroupAttribute: '' }],
      [
        { ConnectionString: 'r-1.redis.rds.aliyuncs.com', IPType: 'Private', DBInstanceNetType: '2', Port: '6379' },
        { ConnectionString: 'r-1o.redis.rds.aliyuncs.com', DBInstanceNetType: '0', Port: '6379' },
      ],
    );
    expect(redis).toMatchObject({
      engine: 'redis',
      version: '4.0',
      whitelist: ['127.0.0.1'],
      publicEndpoints: [{ host: 'r-1o.redis.rds.aliyuncs.com', port: 6379 }],
    });
    expect(
      normalizeRedisInstance(ref('cn-shanghai', 'kvstore:instance', 'm-1'), { InstanceType: 'Memcache' }, [], [])
        .engine,
    ).toBe('other');
  });

  it('MongoDB: groups, or the flat SecurityIps when there are none; public replica set and mongos addresses', () => {
    expect(mongoWhitelist({ SecurityIps: '127.0.0.1,0.0.0.0/0' })).toEqual(['127.0.0.1', '0.0.0.0/0']);
    expect(
      mongoWhitelist({
        SecurityIps: 'ignored',
        SecurityIpGroups: {
          SecurityIpGroup: [
            { SecurityIpList: '10.1.0.0/16', SecurityIpGroupAttribute: '' },
            { SecurityIpList: '100.104.0.0/16', SecurityIpGroupAttribute: 'hidden' },
          ],
        },
      }),
    ).toEqual(['10.1.0.0/16']);
    expect(
      mongoPublicEndpoints({
        ReplicaSets: {
          ReplicaSet: [
            { NetworkType: 'VPC', ConnectionDomain: 'a', ConnectionPort: '3717' },
            { NetworkType: 'Public', ConnectionDomain: 'b', ConnectionPort: '3717' },
          ],
        },
      }),
    ).toEqual([{ host: 'b', port: 3717 }]);
    expect(
      mongoPublicEndpoints({
        NetworkAddresses: {
          NetworkAddress: [
            { NodeType: 'mongos', NetworkType: 'Public', NetworkAddress: 's-1', Port: '3717' },
            { NodeType: 'mongos', NetworkType: 'Public', NetworkAddress: 's-1', Port: '3717' },
          ],
        },
      }),
    ).toEqual([{ host: 's-1', port: 3717 }]);
  });
});

describe('Elasticsearch', () => {
  it('version numbers without the edition suffix', () => {
    expect(['6.3.2_with_X-Pack', '7.10.0_with_A-Open', '8.5.1', 'unknown'].map(esVersionNumber)).toEqual([
      '6.3.2',
      '7.10.0',
      '8.5.1',
      undefined,
    ]);
  });

  it('a public endpoint only when enablePublic; Kibana as read', () => {
    const closed = normalizeSearchInstance(ref('cn-hangzhou', 'elasticsearch:instance', 'es-1'), {
      esVersion: '5.5.3_with_X-Pack',
      enablePublic: false,
      publicDomain: 'es-1.public',
      publicIpWhitelist: [],
      enableKibanaPublicNetwork: true,
      kibanaDomain: 'es-1.kibana',
      kibanaPort: 5601,
      kibanaIPWhitelist: ['0.0.0.0/0'],
    });
    expect(closed).toEqual({
      kind: 'search-domain',
      ref: ref('cn-hangzhou', 'elasticsearch:instance', 'es-1'),
      engine: 'elasticsearch',
      version: '5.5.3',
      publicWhitelist: [],
      kibana: { public: true, host: 'es-1.kibana', port: 5601, whitelist: ['0.0.0.0/0'] },
    });
    const open = normalizeSearchInstance(ref('cn-hangzhou', 'elasticsearch:instance', 'es-2'), {
      enablePublic: true,
      publicDomain: 'es-2.public',
      publicPort: 9200,
      protocol: 'HTTPS',
      publicIpWhitelist: ['1.2.3.4/32'],
    });
    expect(open).toMatchObject({
      publicEndpoint: { host: 'es-2.public', port: 9200, protocol: 'https' },
      publicWhitelist: ['1.2.3.4/32'],
      kibana: { public: false, whitelist: [] },
    });
  });
});

describe('OSS', () => {
  it('ListBuckets: name, region and endpoint of each bucket; the next marker when truncated', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult><IsTruncated>true</IsTruncated><NextMarker>b&amp;c</NextMarker><Owner><ID>1</ID></Owner><Buckets>
<Bucket><CreationDate>2024-05-01T08:00:00.000Z</CreationDate><ExtranetEndpoint>oss-cn-beijing.aliyuncs.com</ExtranetEndpoint><Location>oss-cn-beijing</Location><Name>a</Name><Region>cn-beijing</Region></Bucket>
<Bucket><Location>oss-us-west-1</Location><Name>b&amp;c</Name></Bucket>
</Buckets></ListAllMyBucketsResult>`;
    expect(parseBucketList(xml)).toEqual({
      buckets: [
        { name: 'a', region: 'cn-beijing', extranetEndpoint: 'oss-cn-beijing.aliyuncs.com' },
        { name: 'b&c', region: 'us-west-1', extranetEndpoint: 'oss-us-west-1.aliyuncs.com' },
      ],
      nextMarker: 'b&c',
    });
  });
});
