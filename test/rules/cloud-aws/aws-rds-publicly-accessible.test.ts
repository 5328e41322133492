import rule from '../../../rules/cloud-aws/aws-rds-publicly-accessible.js';
import { database } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const publicDb = {
  engine: 'postgresql' as const,
  version: '13.7',
  publiclyAccessible: true,
  publicEndpoints: [{ host: 'db-1.abc.us-east-1.rds.example.com', port: 5432 }],
  securityGroups: ['sg-db'],
};
const implied = [{ host: 'db-1.abc.us-east-1.rds.example.com', port: 5432, products: ['postgresql'] }];

testResourceRule(rule, {
  invalid: [
    {
      name: 'PubliclyAccessible PostgreSQL whose security groups were not judged: medium',
      resource: database('aws', {
        engine: 'postgresql',
        version: '13.7',
        publiclyAccessible: true,
        publicEndpoints: [{ host: 'db-1.abc.us-east-1.rds.example.com', port: 5432 }],
      }),
      findings: [{ product: 'postgresql', impliedEndpoints: implied, evidence: { reachableFromInternet: 'unknown' } }],
    },
    {
      name: 'PubliclyAccessible and a security group open to 0.0.0.0/0 on 5432: reachable from the internet, high, both pieces of evidence',
      resource: database('aws', {
        ...publicDb,
        firewall: { state: 'open', port: 5432, group: 'sg-db', source: '0.0.0.0/0', ruleId: 'sgr-1' },
      }),
      findings: [
        {
          severity: 'high',
          impliedEndpoints: implied,
          evidence: {
            publiclyAccessible: true,
            reachableFromInternet: true,
            securityGroup: 'sg-db',
            source: '0.0.0.0/0',
            port: 5432,
          },
        },
      ],
    },
    {
      name: 'PubliclyAccessible behind groups that keep the internet out: ranked lower (low)',
      resource: database('aws', { ...publicDb, firewall: { state: 'closed', port: 5432, groups: ['sg-db'] } }),
      findings: [{ severity: 'low', evidence: { reachableFromInternet: false, securityGroups: ['sg-db'] } }],
    },
    {
      name: 'PubliclyAccessible, a group not read: medium, saying why',
      resource: database('aws', {
        ...publicDb,
        firewall: { state: 'unknown', port: 5432, reason: 'security group sg-db was not read' },
      }),
      findings: [
        { evidence: { reachableFromInternet: 'unknown', firewallUnknownBecause: 'security group sg-db was not read' } },
      ],
    },
  ],
  valid: [
    {
      name: 'not publicly accessible',
      nearMiss: true,
      resource: database('aws', { publiclyAccessible: false, securityGroups: ['sg-db'] }),
    },
    {
      name: 'an Alibaba RDS is judged by its whitelist rule',
      resource: database('alibaba', { publiclyAccessible: true }),
    },
  ],
});
