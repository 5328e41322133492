// The emulated account the Alibaba collector tests read: every item is shaped like the API
// reference's response example for its action (field names and types as in
// alibaba-products.ts), with the cases peers get wrong:
//   cn-shanghai ECS  sg-uf6open    9200 open to 0.0.0.0/0 and to ::/0, guarding i-uf6es (EIP 47.100.10.20)
//                    sg-uf6shadow  classic group: Drop 5601 at priority 1 shadows Accept 5601 at 50;
//                                  a rule from another group; an intranet-NIC rule (not asked for)
//                    sg-uf6prefix  5432 from prefix list pl-uf6office (resolvable) and pl-uf6secret
//                    sg-uf6many    120 rules: more than one page of DescribeSecurityGroupAttribute
//                    sg-uf6denied  the test denies its rules
//   cn-shanghai RDS  rm-uf6private MySQL 8.0, whitelist 10.0.0.0/8 (+ a hidden DAS group), private only
//                    pgm-uf6open   PostgreSQL 13.0, whitelist 0.0.0.0/0, public connection string
//   cn-shanghai Redis r-uf6open    5.0, whitelist 0.0.0.0/0, public connection string
//   cn-shanghai MongoDB dds-uf6rs  replica set 4.2, public node address; dds-uf6sh sharded 4.4, public mongos
//   cn-shanghai ES   es-cn-2022open 6.3.2_with_X-Pack, public endpoint and Kibana, whitelists 0.0.0.0/0 (the 2022 case)
//   cn-hangzhou ES   es-bp-closed   7.10.0_with_X-Pack, nothing public
//   OSS              acme-public-assets (public-read), acme-private-logs (private),
//                    acme-policy-share (private ACL, public policy), acme-beijing-archive (outside the scanned regions)
import type { EmulatedAccount } from './alibaba-products.js';
import type { Json } from './alibaba-answer.js';

export const ACCOUNT_ID = '1234567890123456';

const created = '2024-05-01T08:00:00Z';

/** A DescribeSecurityGroupAttribute Permission with every documented field present, as the service returns them. */
export function permission(fields: Json): Json {
  return {
    SecurityGroupRuleId: '',
    Direction: 'ingress',
    IpProtocol: 'TCP',
    PortRange: '-1/-1',
    SourceCidrIp: '',
    Ipv6SourceCidrIp: '',
    SourcePrefixListId: '',
    SourcePrefixListName: '',
    SourceGroupId: '',
    SourceGroupName: '',
    SourceGroupOwnerAccount: '',
    SourcePortRange: '',
    DestCidrIp: '',
    Ipv6DestCidrIp: '',
    DestGroupId: '',
    DestGroupName: '',
    DestGroupOwnerAccount: '',
    DestPrefixListId: '',
    DestPrefixListName: '',
    Policy: 'Accept',
    Priority: '1',
    NicType: 'intranet',
    Description: '',
    CreateTime: created,
    ...fields,
  };
}

const group = (SecurityGroupId: string, SecurityGroupName: string, VpcId: string): Json => ({
  SecurityGroupId,
  SecurityGroupName,
  Description: '',
  SecurityGroupType: 'normal',
  VpcId,
  CreationTime: created,
  ResourceGroupId: '',
  ServiceManaged: false,
  Tags: { Tag: [] },
});

const instance = (
  InstanceId: string,
  groups: string[],
  network: { publicIps?: string[]; eip?: string; classic?: boolean },
): Json => ({
  InstanceId,
  InstanceName: InstanceId,
  RegionId: 'cn-shanghai',
  ZoneId: 'cn-shanghai-e',
  Status: 'Running',
  InstanceNetworkType: network.classic ? 'classic' : 'vpc',
  SecurityGroupIds: { SecurityGroupId: groups },
  PublicIpAddress: { IpAddress: network.publicIps ?? [] },
  EipAddress: network.eip
    ? {
        IpAddress: network.eip,
        AllocationId: `eip-${InstanceId}`,
        Bandwidth: 5,
        InternetChargeType: 'PayByTraffic',
        IsSupportUnassociate: true,
      }
    : { IpAddress: '', AllocationId: '', Bandwidth: 0, InternetChargeType: '', IsSupportUnassociate: false },
  InnerIpAddress: { IpAddress: network.classic ? ['10.80.1.2'] : [] },
  VpcAttributes: network.classic
    ? { VpcId: '', VSwitchId: '', PrivateIpAddress: { IpAddress: [] }, NatIpAddress: '' }
    : {
        VpcId: 'vpc-uf6main',
        VSwitchId: 'vsw-uf6main',
        PrivateIpAddress: { IpAddress: ['172.16.0.10'] },
        NatIpAddress: '',
      },
  NetworkInterfaces: { NetworkInterface: [] },
});

/** The 120 rules of sg-uf6many: port 10000+i from 10.i.0.0/16, priorities 1–100 over and over. */
const MANY_RULES = Array.from({ length: 120 }, (_, index) =>
  permission({
    SecurityGroupRuleId: `sgr-many${index}`,
    PortRange: `${10000 + index}/${10000 + index}`,
    SourceCidrIp: `10.${index}.0.0/16`,
    Priority: String(1 + (index % 100)),
  }),
);

const esDetail = (fields: Json): Json => ({
  status: 'active',
  paymentType: 'prepaid',
  port: 9200,
  protocol: 'HTTP',
  haveKibana: true,
  kibanaPort: 5601,
  enableKibanaPrivateNetwork: false,
  kibanaPrivateIPWhitelist: [],
  esIPWhitelist: ['0.0.0.0/0'],
  privateNetworkIpWhiteList: ['0.0.0.0/0'],
  instanceCategory: 'x-pack',
  nodeAmount: 2,
  createdAt: '2021-01-04T06:00:00.000Z',
  updatedAt: '2021-01-04T06:00:00.000Z',
  nodeSpec: { spec: 'elasticsearch.sn2ne.large', disk: 20, diskType: 'cloud_ssd' },
  esConfig: {},
  extendConfigs: [],
  ...fields,
});

export function emulatedAccount(): EmulatedAccount {
  return {
    accountId: ACCOUNT_ID,
    regions: [
      {
        RegionId: 'cn-shanghai',
        LocalName: '华东2（上海）',
        RegionEndpoint: 'ecs.cn-shanghai.aliyuncs.com',
        Status: 'available',
      },
      { RegionId: 'cn-hangzhou', LocalName: '华东1（杭州）', RegionEndpoint: 'ecs.aliyuncs.com', Status: 'available' },
    ],
    ecs: {
      'cn-shanghai': {
        securityGroups: [
          group('sg-uf6open', 'es-public', 'vpc-uf6main'),
          group('sg-uf6shadow', 'kibana-classic', ''),
          group('sg-uf6prefix', 'office-postgres', 'vpc-uf6main'),
          group('sg-uf6many', 'many-rules', 'vpc-uf6main'),
          group('sg-uf6denied', 'secret-team', 'vpc-uf6main'),
        ],
        permissions: {
          'sg-uf6open': [
            permission({ SecurityGroupRuleId: 'sgr-open4', PortRange: '9200/9200', SourceCidrIp: '0.0.0.0/0' }),
            permission({ SecurityGroupRuleId: 'sgr-open6', PortRange: '9200/9200', Ipv6SourceCidrIp: '::/0' }),
            permission({
              SecurityGroupRuleId: 'sgr-openout',
              Direction: 'egress',
              IpProtocol: 'ALL',
              DestCidrIp: '0.0.0.0/0',
            }),
          ],
          'sg-uf6shadow': [
            permission({
              SecurityGroupRuleId: 'sgr-shadowdrop',
              PortRange: '5601/5601',
              SourceCidrIp: '0.0.0.0/0',
              Policy: 'Drop',
              Priority: '1',
              NicType: 'internet',
            }),
            permission({
              SecurityGroupRuleId: 'sgr-shadowaccept',
              PortRange: '5601/5601',
              SourceCidrIp: '0.0.0.0/0',
              Policy: 'accept',
              Priority: '50',
              NicType: 'internet',
            }),
            permission({
              SecurityGroupRuleId: 'sgr-shadowgroup',
              PortRange: '22/22',
              SourceGroupId: 'sg-uf6open',
              SourceGroupName: 'es-public',
              NicType: 'internet',
            }),
            permission({
              SecurityGroupRuleId: 'sgr-shadowinner',
              IpProtocol: 'ALL',
              SourceCidrIp: '10.0.0.0/8',
              NicType: 'intranet',
            }),
          ],
          'sg-uf6prefix': [
            permission({
              SecurityGroupRuleId: 'sgr-prefixoffice',
              PortRange: '5432/5432',
              SourcePrefixListId: 'pl-uf6office',
              SourcePrefixListName: 'office',
            }),
            permission({
              SecurityGroupRuleId: 'sgr-prefixsecret',
              PortRange: '5432/5432',
              SourcePrefixListId: 'pl-uf6secret',
              SourcePrefixListName: 'partners',
              Priority: '2',
            }),
          ],
          'sg-uf6many': MANY_RULES,
          'sg-uf6denied': [
            permission({ SecurityGroupRuleId: 'sgr-secret', PortRange: '9200/9200', SourceCidrIp: '0.0.0.0/0' }),
          ],
        },
        instances: [
          instance('i-uf6es', ['sg-uf6open', 'sg-uf6prefix'], { eip: '47.100.10.20' }),
          instance('i-uf6kibana', ['sg-uf6shadow'], { publicIps: ['47.100.30.40'], classic: true }),
          instance('i-uf6private', ['sg-uf6many'], {}),
        ],
        prefixLists: {
          'pl-uf6office': {
            PrefixListName: 'office',
            AddressFamily: 'IPv4',
            MaxEntries: 10,
            CreationTime: '2024-05-01T08:00Z',
            Description: 'office egress',
            Entries: {
              Entry: [
                { Cidr: '198.51.100.0/24', Description: 'HQ' },
                { Cidr: '203.0.113.0/24', Description: 'branch' },
              ],
            },
          },
          'pl-uf6secret': {
            PrefixListName: 'partners',
            AddressFamily: 'IPv4',
            MaxEntries: 10,
            CreationTime: '2024-05-01T08:00Z',
            Description: '',
            Entries: { Entry: [{ Cidr: '192.0.2.0/24', Description: '' }] },
          },
        },
      },
    },
    rds: {
      'cn-shanghai': [
        {
          instance: {
            DBInstanceId: 'rm-uf6private',
            DBInstanceDescription: 'orders',
            Engine: 'MySQL',
            EngineVersion: '8.0',
            DBInstanceNetType: 'Intranet',
            InstanceNetworkType: 'VPC',
            DBInstanceStatus: 'Running',
            DBInstanceType: 'Primary',
            RegionId: 'cn-shanghai',
            ZoneId: 'cn-shanghai-e',
            VpcId: 'vpc-uf6main',
            PayType: 'Postpaid',
          },
          ipArrays: [
            {
              DBInstanceIPArrayName: 'default',
              DBInstanceIPArrayAttribute: '',
              SecurityIPType: 'IPv4',
              WhitelistNetworkType: 'MIX',
              SecurityIPList: '10.0.0.0/8',
            },
            {
              DBInstanceIPArrayName: 'hdm_security_ips',
              DBInstanceIPArrayAttribute: 'hidden',
              SecurityIPType: 'IPv4',
              WhitelistNetworkType: 'MIX',
              SecurityIPList: '100.104.0.0/16',
            },
          ],
          netInfos: [
            {
              ConnectionString: 'rm-uf6private.mysql.rds.aliyuncs.com',
              IPAddress: '172.16.0.20',
              IPType: 'Private',
              Port: '3306',
              VPCId: 'vpc-uf6main',
              VSwitchId: 'vsw-uf6main',
              Upgradeable: 'Disabled',
              ConnectionStringType: 'Normal',
            },
          ],
        },
        {
          instance: {
            DBInstanceId: 'pgm-uf6open',
            DBInstanceDescription: 'analytics',
            Engine: 'PostgreSQL',
            EngineVersion: '13.0',
            DBInstanceNetType: 'Internet',
            InstanceNetworkType: 'VPC',
            DBInstanceStatus: 'Running',
            DBInstanceType: 'Primary',
            RegionId: 'cn-shanghai',
            ZoneId: 'cn-shanghai-e',
            VpcId: 'vpc-uf6main',
            PayType: 'Postpaid',
          },
          ipArrays: [
            {
              DBInstanceIPArrayName: 'default',
              DBInstanceIPArrayAttribute: '',
              SecurityIPType: 'IPv4',
              WhitelistNetworkType: 'MIX',
              SecurityIPList: '0.0.0.0/0,127.0.0.1',
            },
          ],
          netInfos: [
            {
              ConnectionString: 'pgm-uf6open.pg.rds.aliyuncs.com',
              IPAddress: '172.16.0.21',
              IPType: 'Private',
              Port: '5432',
              VPCId: 'vpc-uf6main',
              VSwitchId: 'vsw-uf6main',
              Upgradeable: 'Disabled',
              ConnectionStringType: 'Normal',
            },
            {
              ConnectionString: 'pgm-uf6open-pub.pg.rds.aliyuncs.com',
              IPAddress: '47.100.50.60',
              IPType: 'Public',
              Port: '5432',
              VPCId: '',
              VSwitchId: '',
              Upgradeable: 'Disabled',
              ConnectionStringType: 'Normal',
            },
          ],
        },
      ],
    },
    redis: {
      'cn-shanghai': [
        {
          instance: {
            InstanceId: 'r-uf6open',
            InstanceName: 'sessions',
            InstanceType: 'Redis',
            EngineVersion: '5.0',
            ArchitectureType: 'standard',
            EditionType: 'Community',
            NetworkType: 'VPC',
            ConnectionDomain: 'r-uf6open.redis.rds.aliyuncs.com',
            Port: 6379,
            PrivateIp: '172.16.0.30',
            RegionId: 'cn-shanghai',
            InstanceStatus: 'Normal',
            VpcId: 'vpc-uf6main',
          },
          securityIpGroups: [
            { SecurityIpGroupName: 'default', SecurityIpGroupAttribute: '', SecurityIpList: '0.0.0.0/0' },
            {
              SecurityIpGroupName: 'ali_dms_group',
              SecurityIpGroupAttribute: 'hidden',
              SecurityIpList: '100.104.5.0/24',
            },
          ],
          netInfos: [
            {
              ConnectionString: 'r-uf6open.redis.rds.aliyuncs.com',
              IPAddress: '172.16.0.30',
              IPType: 'Private',
              Port: '6379',
              DBInstanceNetType: '2',
              VPCId: 'vpc-uf6main',
              VSwitchId: 'vsw-uf6main',
              VPCInstanceId: 'r-uf6open',
              DirectConnection: 0,
              IsSlaveProxy: 0,
              Upgradeable: '0',
              ExpiredTime: '',
            },
            {
              ConnectionString: 'r-uf6open-pub.redis.rds.aliyuncs.com',
              IPAddress: '47.100.70.80',
              IPType: 'Public',
              Port: '6379',
              DBInstanceNetType: '0',
              VPCId: '',
              VSwitchId: '',
              VPCInstanceId: '',
              DirectConnection: 0,
              IsSlaveProxy: 0,
              Upgradeable: '0',
              ExpiredTime: '',
            },
          ],
        },
      ],
    },
    mongodb: {
      'cn-shanghai': [
        {
          instance: {
            DBInstanceId: 'dds-uf6rs',
            DBInstanceDescription: 'catalog',
            DBInstanceType: 'replicate',
            Engine: 'MongoDB',
            EngineVersion: '4.2',
            NetworkType: 'VPC',
            RegionId: 'cn-shanghai',
            ZoneId: 'cn-shanghai-e',
            DBInstanceStatus: 'Running',
            ReplicationFactor: '3',
          },
          securityIps: {
            SecurityIps: '127.0.0.1,203.0.113.0/24',
            SecurityIpGroups: {
              SecurityIpGroup: [
                { SecurityIpGroupName: 'default', SecurityIpGroupAttribute: '', SecurityIpList: '127.0.0.1' },
                { SecurityIpGroupName: 'office', SecurityIpGroupAttribute: '', SecurityIpList: '203.0.113.0/24' },
              ],
            },
          },
          replicaSets: [
            {
              ReplicaSetRole: 'Primary',
              RoleId: '651001',
              ConnectionDomain: 'dds-uf6rs1.mongodb.rds.aliyuncs.com',
              ConnectionPort: '3717',
              NetworkType: 'VPC',
              VPCId: 'vpc-uf6main',
              VSwitchId: 'vsw-uf6main',
              ExpiredTime: '',
              ConnectionType: 'default',
            },
            {
              ReplicaSetRole: 'Secondary',
              RoleId: '651002',
              ConnectionDomain: 'dds-uf6rs2.mongodb.rds.aliyuncs.com',
              ConnectionPort: '3717',
              NetworkType: 'VPC',
              VPCId: 'vpc-uf6main',
              VSwitchId: 'vsw-uf6main',
              ExpiredTime: '',
              ConnectionType: 'default',
            },
            {
              ReplicaSetRole: 'Primary',
              RoleId: '651001',
              ConnectionDomain: 'dds-uf6rs-pub.mongodb.rds.aliyuncs.com',
              ConnectionPort: '3717',
              NetworkType: 'Public',
              VPCId: '',
              VSwitchId: '',
              ExpiredTime: '',
              ConnectionType: 'default',
            },
          ],
        },
        {
          instance: {
            DBInstanceId: 'dds-uf6sh',
            DBInstanceDescription: 'events',
            DBInstanceType: 'sharding',
            Engine: 'MongoDB',
            EngineVersion: '4.4',
            NetworkType: 'VPC',
            RegionId: 'cn-shanghai',
            ZoneId: 'cn-shanghai-e',
            DBInstanceStatus: 'Running',
          },
          securityIps: {
            SecurityIps: '0.0.0.0/0',
            SecurityIpGroups: {
              SecurityIpGroup: [
                { SecurityIpGroupName: 'default', SecurityIpGroupAttribute: '', SecurityIpList: '0.0.0.0/0' },
              ],
            },
          },
          networkAddresses: [
            {
              NodeType: 'mongos',
              NodeId: 's-uf6a',
              Role: 'Primary',
              NetworkType: 'VPC',
              NetworkAddress: 's-uf6a.mongodb.rds.aliyuncs.com',
              IPAddress: '172.16.0.40',
              Port: '3717',
              VPCId: 'vpc-uf6main',
              VswitchId: 'vsw-uf6main',
              ExpiredTime: '',
              ConnectionType: 'default',
              TxtRecord: '',
            },
            {
              NodeType: 'mongos',
              NodeId: 's-uf6a',
              Role: 'Primary',
              NetworkType: 'Public',
              NetworkAddress: 's-uf6a-pub.mongodb.rds.aliyuncs.com',
              IPAddress: '47.100.90.100',
              Port: '3717',
              VPCId: '',
              VswitchId: '',
              ExpiredTime: '',
              ConnectionType: 'default',
              TxtRecord: '',
            },
          ],
        },
      ],
    },
    elasticsearch: {
      'cn-shanghai': [
        esDetail({
          instanceId: 'es-cn-2022open',
          description: 'police-logs',
          esVersion: '6.3.2_with_X-Pack',
          domain: 'es-cn-2022open.elasticsearch.aliyuncs.com',
          enablePublic: true,
          publicDomain: 'es-cn-2022open.public.elasticsearch.aliyuncs.com',
          publicPort: 9200,
          publicIpWhitelist: ['0.0.0.0/0'],
          enableKibanaPublicNetwork: true,
          kibanaDomain: 'es-cn-2022open.kibana.elasticsearch.aliyuncs.com',
          kibanaIPWhitelist: ['0.0.0.0/0'],
        }),
      ],
      'cn-hangzhou': [
        esDetail({
          instanceId: 'es-bp-closed',
          description: 'metrics',
          esVersion: '7.10.0_with_X-Pack',
          protocol: 'HTTPS',
          domain: 'es-bp-closed.elasticsearch.aliyuncs.com',
          enablePublic: false,
          publicDomain: 'es-bp-closed.public.elasticsearch.aliyuncs.com',
          publicPort: 9200,
          publicIpWhitelist: [],
          enableKibanaPublicNetwork: false,
          kibanaDomain: 'es-bp-closed.kibana.elasticsearch.aliyuncs.com',
          kibanaIPWhitelist: ['127.0.0.1'],
        }),
      ],
    },
    oss: [
      {
        name: 'acme-public-assets',
        region: 'cn-shanghai',
        acl: 'public-read',
        policyPublic: false,
        blockPublicAccess: false,
      },
      {
        name: 'acme-private-logs',
        region: 'cn-shanghai',
        acl: 'private',
        policyPublic: false,
        blockPublicAccess: false,
      },
      {
        name: 'acme-policy-share',
        region: 'cn-hangzhou',
        acl: 'private',
        policyPublic: true,
        blockPublicAccess: false,
      },
      {
        name: 'acme-beijing-archive',
        region: 'cn-beijing',
        acl: 'public-read',
        policyPublic: false,
        blockPublicAccess: false,
      },
    ],
  };
}
