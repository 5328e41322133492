import rule from '../../../rules/cloud-aws/aws-mq-broker-public.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = 'b-0123456789ab-1.mq.us-east-1.amazonaws.com';
const broker = (overrides: Parameters<typeof database>[1] = {}) =>
  database('aws', {
    ref: ref('aws', 'mq:broker', 'b-0123456789ab'),
    engine: 'rabbitmq',
    version: '3.13',
    publiclyAccessible: true,
    publicEndpoints: [{ host: HOST, port: 443 }],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'a public RabbitMQ broker (no security group possible): high, its console probed for the RabbitMQ management UI',
      resource: broker({
        firewall: {
          state: 'open',
          port: 443,
          group: '(none: a public RabbitMQ broker takes no security group)',
          source: '0.0.0.0/0',
        },
      }),
      findings: [
        {
          product: 'rabbitmq',
          severity: 'high',
          impliedEndpoints: [{ host: HOST, port: 443, products: ['rabbitmq'] }],
          evidence: { reachableFromInternet: true },
        },
      ],
    },
    {
      name: 'a public ActiveMQ broker whose groups keep the console closed: low',
      resource: broker({
        engine: 'activemq',
        version: '5.18',
        publicEndpoints: [{ host: HOST, port: 8162 }],
        securityGroups: ['sg-mq'],
        firewall: { state: 'closed', port: 8162, groups: ['sg-mq'] },
      }),
      findings: [{ product: 'activemq', severity: 'low' }],
    },
    {
      name: 'a plan leaves publicly_accessible to apply time: unknown',
      resource: broker({
        publiclyAccessible: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('aws', 'mq:broker', 'aws_mq_broker.events'),
          terraform: { address: 'aws_mq_broker.events', unknownUntilApply: ['publiclyAccessible'] },
        },
      }),
      findings: [{ confidence: 'unknown' }],
    },
  ],
  valid: [
    {
      name: 'a private broker (trap)',
      nearMiss: true,
      resource: broker({ publiclyAccessible: false, publicEndpoints: [] }),
    },
    {
      name: 'a Redshift cluster is judged by its own rule',
      resource: database('aws', {
        ref: ref('aws', 'redshift:cluster', 'analytics'),
        engine: 'redshift',
        publiclyAccessible: true,
      }),
    },
  ],
});
