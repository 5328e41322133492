import rule from '../../../rules/cloud-aws/aws-security-group-open-service-port.js';
import { ingress, securityGroup } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

testResourceRule(rule, {
  invalid: [
    {
      name: 'a public name leads to the guarded address: named, and probed only when the account allows it',
      resource: {
        ...securityGroup('aws', [ingress({ fromPort: 6379, toPort: 6379 })]),
        publicNames: [
          { name: 'cache.example.com', zone: 'example.com', probe: false },
          { name: 'redis.example.com', zone: 'example.com', probe: true },
        ],
      },
      findings: [
        {
          evidence: { publicNames: ['cache.example.com', 'redis.example.com'] },
          impliedEndpoints: [
            { host: '198.51.100.10', port: 6379, products: ['redis'] },
            { host: 'redis.example.com', port: 6379, products: ['redis'] },
          ],
        },
      ],
    },
    {
      name: 'Redis 6379 open to 0.0.0.0/0 on an instance with a public IP',
      resource: securityGroup('aws', [ingress({ fromPort: 6379, toPort: 6379 })]),
      findings: [{ product: 'redis', impliedEndpoints: [{ host: '198.51.100.10', port: 6379, products: ['redis'] }] }],
    },
    {
      name: 'a range 5500-5700 over ::/0 opens RedisInsight, Kibana and RabbitMQ (AMQP)',
      resource: securityGroup('aws', [ingress({ fromPort: 5500, toPort: 5700, sources: ['::/0'] })]),
      findings: [
        { product: 'redisinsight', resource: '5540' },
        { product: 'kibana', resource: '5601' },
        { product: 'rabbitmq', resource: '5672' },
      ],
    },
    {
      // Once named a product missing from the rule's own products (the finding was dropped by the engine).
      name: 'ZooKeeper, MQTT and Cassandra ports open to the world name their products',
      resource: securityGroup('aws', [
        ingress({ fromPort: 1883, toPort: 1883 }),
        ingress({ fromPort: 2181, toPort: 2181 }),
        ingress({ fromPort: 9042, toPort: 9042 }),
      ]),
      findings: [{ product: 'mqtt' }, { product: 'zookeeper' }, { product: 'cassandra' }],
    },
    {
      name: 'a managed prefix list that could not be resolved is unknown, not closed',
      resource: securityGroup('aws', [
        ingress({ fromPort: 5432, toPort: 5432, sources: [], unresolvedSources: ['pl-0abc'] }),
      ]),
      findings: [{ product: 'postgresql', confidence: 'unknown' }],
    },
  ],
  valid: [
    {
      name: 'open only to 10.0.0.0/8',
      nearMiss: true,
      resource: securityGroup('aws', [ingress({ sources: ['10.0.0.0/8'] })]),
    },
    { name: 'UDP only', resource: securityGroup('aws', [ingress({ protocol: 'udp' })]) },
    { name: 'an Alibaba group is another rule\u2019s', resource: securityGroup('alibaba', [ingress()]) },
  ],
});
