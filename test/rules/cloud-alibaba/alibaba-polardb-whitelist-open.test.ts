import rule from '../../../rules/cloud-alibaba/alibaba-polardb-whitelist-open.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = 'pc-bp1abc.mysql.polardb.rds.aliyuncs.com';
const cluster = (overrides: Parameters<typeof database>[1] = {}) =>
  database('alibaba', {
    ref: ref('alibaba', 'polardb:cluster', 'pc-bp1abc'),
    engine: 'mysql',
    version: '8.0',
    whitelist: ['0.0.0.0/0'],
    publicEndpoints: [{ host: HOST, port: 3306 }],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'whitelist 0.0.0.0/0 and a public endpoint: high, probed as MySQL',
      resource: cluster(),
      findings: [
        {
          product: 'mysql',
          evidence: { openEntries: ['0.0.0.0/0'], reachableFromInternet: true },
          impliedEndpoints: [{ host: HOST, port: 3306, products: ['mysql'] }],
        },
      ],
    },
    {
      name: 'two halves that together admit every address, PolarDB for PostgreSQL, no public endpoint: medium',
      resource: cluster({ engine: 'postgresql', whitelist: ['0.0.0.0/1', '128.0.0.0/1'], publicEndpoints: [] }),
      findings: [
        { product: 'postgresql', severity: 'medium', evidence: { openEntries: ['0.0.0.0/1', '128.0.0.0/1'] } },
      ],
    },
    {
      name: 'a plan leaves security_ips to apply time: unknown',
      resource: cluster({
        whitelist: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('alibaba', 'polardb:cluster', 'alicloud_polardb_cluster.orders'),
          terraform: { address: 'alicloud_polardb_cluster.orders', unknownUntilApply: ['whitelist'] },
        },
      }),
      findings: [{ confidence: 'unknown', unknownFields: ['whitelist'] }],
    },
  ],
  valid: [
    {
      name: 'an office range behind a public endpoint (trap)',
      nearMiss: true,
      resource: cluster({ whitelist: ['198.51.100.0/24'] }),
    },
    { name: 'the default whitelist 127.0.0.1', resource: cluster({ whitelist: ['127.0.0.1'] }) },
    {
      name: 'half the address space is not every address',
      resource: cluster({ whitelist: ['0.0.0.0/1'] }),
    },
    {
      name: 'an RDS instance is the RDS rule\u2019s',
      resource: database('alibaba', {
        whitelist: ['0.0.0.0/0'],
        publicEndpoints: [{ host: 'rm-1.example.com', port: 3306 }],
      }),
    },
    { name: 'whitelist not read (a coverage gap, not a pass)', resource: cluster({ whitelist: undefined }) },
  ],
});
