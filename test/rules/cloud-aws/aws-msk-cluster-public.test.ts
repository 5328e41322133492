import rule from '../../../rules/cloud-aws/aws-msk-cluster-public.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7-3';
const BROKER_1 = 'b-1-public.events.ab12cd.c3.kafka.us-east-1.amazonaws.com';
const BROKER_2 = 'b-2-public.events.ab12cd.c3.kafka.us-east-1.amazonaws.com';
const cluster = (overrides: Parameters<typeof database>[1] = {}) =>
  database('aws', {
    ref: ref('aws', 'kafka:cluster', ARN),
    engine: 'kafka',
    version: '3.6.0',
    publiclyAccessible: true,
    publicEndpoints: [
      { host: BROKER_1, port: 9196 },
      { host: BROKER_2, port: 9196 },
    ],
    securityGroups: ['sg-kafka'],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'public access on, a broker group admits everyone on 9196: high, every public broker probed in TLS',
      resource: cluster({ firewall: { state: 'open', port: 9196, group: 'sg-kafka', source: '0.0.0.0/0' } }),
      findings: [
        {
          product: 'kafka',
          severity: 'high',
          impliedEndpoints: [
            { host: BROKER_1, port: 9196, products: ['kafka'], tls: true },
            { host: BROKER_2, port: 9196, products: ['kafka'], tls: true },
          ],
          evidence: { reachableFromInternet: true, securityGroup: 'sg-kafka', port: 9196 },
        },
      ],
    },
    {
      name: 'public access on, groups admit only the office: low (latent)',
      resource: cluster({ firewall: { state: 'closed', port: 9196, groups: ['sg-kafka'] } }),
      findings: [{ product: 'kafka', severity: 'low', evidence: { reachableFromInternet: false } }],
    },
    {
      name: 'public access on, a group was not read: medium, the reason kept',
      resource: cluster({ firewall: { state: 'unknown', port: 9196, reason: 'security group sg-kafka was not read' } }),
      findings: [
        {
          product: 'kafka',
          evidence: {
            reachableFromInternet: 'unknown',
            firewallUnknownBecause: 'security group sg-kafka was not read',
          },
        },
      ],
    },
    {
      name: 'a plan leaves public_access.type to apply time: unknown',
      resource: cluster({
        publiclyAccessible: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('aws', 'kafka:cluster', 'aws_msk_cluster.events'),
          terraform: { address: 'aws_msk_cluster.events', unknownUntilApply: ['publiclyAccessible'] },
        },
      }),
      findings: [{ confidence: 'unknown', unknownFields: ['publiclyAccessible'] }],
    },
  ],
  valid: [
    {
      name: 'public access DISABLED, even behind an open group (trap)',
      nearMiss: true,
      resource: cluster({
        publiclyAccessible: false,
        publicEndpoints: [],
        firewall: { state: 'open', port: 9096, group: 'sg-kafka', source: '0.0.0.0/0' },
      }),
    },
    {
      name: 'an Amazon MQ broker is judged by its own rule',
      resource: database('aws', { ref: ref('aws', 'mq:broker', 'b-1'), engine: 'rabbitmq', publiclyAccessible: true }),
    },
  ],
});
