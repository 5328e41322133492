import rule from '../../../rules/cloud-alibaba/alibaba-rds-whitelist-open.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'whitelist 0.0.0.0/0 with a public connection string',
      resource: database('alibaba', {
        whitelist: ['127.0.0.1', '0.0.0.0/0'],
        publicEndpoints: [{ host: 'rm-1.mysql.rds.example.com', port: 3306 }],
      }),
      findings: [
        {
          product: 'mysql',
          evidence: { openEntries: ['0.0.0.0/0'] },
          impliedEndpoints: [{ host: 'rm-1.mysql.rds.example.com', port: 3306, products: ['mysql'] }],
        },
      ],
    },
    {
      name: 'Alibaba\u2019s own "0.0.0.0" entry, no public connection string yet: medium',
      resource: database('alibaba', { engine: 'postgresql', whitelist: ['0.0.0.0'] }),
      findings: [{ product: 'postgresql', severity: 'medium' }],
    },
  ],
  valid: [
    {
      name: 'whitelist 10.0.0.0/8 (peers match "0.0.0.0" as text and call this open)',
      nearMiss: true,
      resource: database('alibaba', {
        whitelist: ['10.0.0.0/8'],
        publicEndpoints: [{ host: 'rm-1.example.com', port: 3306 }],
      }),
    },
    { name: 'the default whitelist 127.0.0.1', resource: database('alibaba', { whitelist: ['127.0.0.1'] }) },
    {
      name: 'a Redis instance is another rule\u2019s',
      resource: database('alibaba', { engine: 'redis', whitelist: ['0.0.0.0/0'] }),
    },
    { name: 'whitelist not read (a coverage gap, not a pass, is in the report)', resource: database('alibaba', {}) },
    {
      name: 'a PolarDB MySQL cluster is judged by its own rule',
      resource: database('alibaba', {
        ref: ref('alibaba', 'polardb:cluster', 'pc-1'),
        whitelist: ['0.0.0.0/0'],
        publicEndpoints: [{ host: 'pc-1.example.com', port: 3306 }],
      }),
    },
  ],
});
