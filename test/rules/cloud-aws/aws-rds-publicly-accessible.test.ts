import rule from '../../../rules/cloud-aws/aws-rds-publicly-accessible.js';
import { database } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'PubliclyAccessible PostgreSQL with its endpoint',
      resource: database('aws', { engine: 'postgresql', version: '13.7', publiclyAccessible: true, publicEndpoints: [{ host: 'db-1.abc.us-east-1.rds.example.com', port: 5432 }] }),
      findings: [{ product: 'postgresql', impliedEndpoints: [{ host: 'db-1.abc.us-east-1.rds.example.com', port: 5432, products: ['postgresql'] }] }],
    },
  ],
  valid: [
    { name: 'not publicly accessible', nearMiss: true, resource: database('aws', { publiclyAccessible: false }) },
    { name: 'an Alibaba RDS is judged by its whitelist rule', resource: database('alibaba', { publiclyAccessible: true }) },
  ],
});
