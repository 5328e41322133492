import rule from '../../../rules/cloud-alibaba/alibaba-clickhouse-whitelist-open.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = 'cc-bp1abc.public.clickhouse.ads.aliyuncs.com';
const cluster = (overrides: Parameters<typeof database>[1] = {}) =>
  database('alibaba', {
    ref: ref('alibaba', 'clickhouse:cluster', 'cc-bp1abc'),
    engine: 'clickhouse',
    whitelist: ['0.0.0.0/1', '128.0.0.0/1'],
    publicEndpoints: [
      { host: HOST, port: 8123 },
      { host: HOST, port: 3306 },
    ],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'halves that admit every address and a public endpoint: high, probed on the HTTP and TCP ports',
      resource: cluster(),
      findings: [
        {
          product: 'clickhouse',
          evidence: { openEntries: ['0.0.0.0/1', '128.0.0.0/1'], reachableFromInternet: true },
          impliedEndpoints: [
            { host: HOST, port: 8123, products: ['clickhouse'] },
            { host: HOST, port: 3306, products: ['clickhouse'] },
          ],
        },
      ],
    },
    {
      name: 'an open whitelist with only a VPC endpoint: medium',
      resource: cluster({ publicEndpoints: [] }),
      findings: [{ product: 'clickhouse', severity: 'medium', evidence: { reachableFromInternet: false } }],
    },
    {
      name: '0.0.0.0/0 in a plan or an old cluster is open too',
      resource: cluster({ whitelist: ['0.0.0.0/0'] }),
      findings: [{ evidence: { openEntries: ['0.0.0.0/0'] } }],
    },
    {
      name: 'a plan leaves the whitelist to apply time: unknown',
      resource: cluster({
        whitelist: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('alibaba', 'clickhouse:cluster', 'alicloud_click_house_db_cluster.events'),
          terraform: { address: 'alicloud_click_house_db_cluster.events', unknownUntilApply: ['whitelist'] },
        },
      }),
      findings: [{ confidence: 'unknown', unknownFields: ['whitelist'] }],
    },
  ],
  valid: [
    {
      name: 'an office range behind a public endpoint (trap)',
      nearMiss: true,
      resource: cluster({ whitelist: ['198.51.100.0/24', '100.104.5.0/24'] }),
    },
    { name: 'the default whitelist 127.0.0.1', resource: cluster({ whitelist: ['127.0.0.1'] }) },
    {
      name: 'half the address space is not every address',
      nearMiss: true,
      resource: cluster({ whitelist: ['0.0.0.0/1'] }),
    },
    {
      name: 'a MySQL RDS instance is the RDS rule\u2019s',
      resource: database('alibaba', {
        whitelist: ['0.0.0.0/0'],
        publicEndpoints: [{ host: 'rm-1.example.com', port: 3306 }],
      }),
    },
    { name: 'whitelist not read (a coverage gap, not a pass)', resource: cluster({ whitelist: undefined }) },
  ],
});
