import rule from '../../../rules/cloud-alibaba/alibaba-mongodb-whitelist-open.js';
import { database } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'whitelist ::/0 with a public connection string',
      resource: database('alibaba', {
        engine: 'mongodb',
        whitelist: ['192.168.0.0/16', '::/0'],
        publicEndpoints: [{ host: 'mongodb-1.example.com', port: 3717 }],
      }),
      findings: [{ product: 'mongodb', evidence: { openEntries: ['::/0'] } }],
    },
  ],
  valid: [
    {
      name: 'whitelist of private ranges only',
      nearMiss: true,
      resource: database('alibaba', { engine: 'mongodb', whitelist: ['10.0.0.0/8,172.16.0.0/12'] }),
    },
    {
      name: 'a MySQL instance is another rule\u2019s',
      resource: database('alibaba', { engine: 'mysql', whitelist: ['0.0.0.0/0'] }),
    },
  ],
});
