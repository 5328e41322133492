import rule from '../../../rules/cloud-aws/aws-redshift-publicly-accessible.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = 'analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com';
const cluster = (overrides: Parameters<typeof database>[1] = {}) =>
  database('aws', {
    ref: ref('aws', 'redshift:cluster', 'analytics'),
    engine: 'redshift',
    version: '1.0',
    publiclyAccessible: true,
    publicEndpoints: [{ host: HOST, port: 5439 }],
    securityGroups: ['sg-wh'],
    ...overrides,
  });
// Redshift speaks the PostgreSQL wire protocol: that is what the probe is asked to find.
const implied = [{ host: HOST, port: 5439, products: ['postgresql'] }];

testResourceRule(rule, {
  invalid: [
    {
      name: 'publicly accessible and a security group open to 0.0.0.0/0 on 5439: reachable from the internet, high',
      resource: cluster({ firewall: { state: 'open', port: 5439, group: 'sg-wh', source: '0.0.0.0/0' } }),
      findings: [
        {
          product: 'redshift',
          severity: 'high',
          impliedEndpoints: implied,
          evidence: { reachableFromInternet: true, securityGroup: 'sg-wh', port: 5439 },
        },
      ],
    },
    {
      name: 'publicly accessible behind groups that keep the internet out: low',
      resource: cluster({ firewall: { state: 'closed', port: 5439, groups: ['sg-wh'] } }),
      findings: [{ severity: 'low', evidence: { reachableFromInternet: false } }],
    },
    {
      name: 'publicly accessible, a group not read: medium, saying why',
      resource: cluster({ firewall: { state: 'unknown', port: 5439, reason: 'security group sg-wh was not read' } }),
      findings: [
        { evidence: { reachableFromInternet: 'unknown', firewallUnknownBecause: 'security group sg-wh was not read' } },
      ],
    },
    {
      name: 'a plan leaves publicly_accessible to apply time: unknown',
      resource: cluster({
        publiclyAccessible: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('aws', 'redshift:cluster', 'aws_redshift_cluster.analytics'),
          terraform: { address: 'aws_redshift_cluster.analytics', unknownUntilApply: ['publiclyAccessible'] },
        },
      }),
      findings: [{ confidence: 'unknown' }],
    },
  ],
  valid: [
    {
      name: 'a private cluster (trap)',
      nearMiss: true,
      resource: cluster({ publiclyAccessible: false, publicEndpoints: [] }),
    },
    { name: 'an RDS instance is judged by the RDS rule', resource: database('aws', { publiclyAccessible: true }) },
  ],
});
