import rule from '../../../rules/cloud-alibaba/alibaba-amqp-instance-public.js';
import { database, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const HOST = 'amqp-cn-abc.cn-hangzhou.amqp-0.net.mq.amqp.aliyuncs.com';
const instance = (overrides: Parameters<typeof database>[1] = {}) =>
  database('alibaba', {
    ref: ref('alibaba', 'amqp:instance', 'amqp-cn-abc'),
    engine: 'rabbitmq',
    publiclyAccessible: true,
    publicEndpoints: [{ host: HOST, port: 5672 }],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'SupportEIP with a public endpoint: probed on 5672 as RabbitMQ',
      resource: instance(),
      findings: [
        {
          product: 'rabbitmq',
          evidence: { publiclyAccessible: true, endpoints: [`${HOST}:5672`] },
          impliedEndpoints: [{ host: HOST, port: 5672, products: ['rabbitmq'] }],
        },
      ],
    },
    {
      name: 'a plan asks for an EIP: a finding with nothing to probe yet',
      resource: instance({ publicEndpoints: [] }),
      findings: [{ evidence: { endpoints: [] }, impliedEndpoints: [] }],
    },
    {
      name: 'a plan leaves support_eip to apply time: unknown',
      resource: instance({
        publiclyAccessible: undefined,
        publicEndpoints: [],
        ref: {
          ...ref('alibaba', 'amqp:instance', 'alicloud_amqp_instance.bus'),
          terraform: { address: 'alicloud_amqp_instance.bus', unknownUntilApply: ['publiclyAccessible'] },
        },
      }),
      findings: [{ confidence: 'unknown', unknownFields: ['publiclyAccessible'] }],
    },
  ],
  valid: [
    {
      name: 'no EIP, though the answer fills PublicEndpoint (trap)',
      nearMiss: true,
      resource: instance({ publiclyAccessible: false, publicEndpoints: [] }),
    },
    {
      name: 'an Amazon MQ broker is the AWS rule\u2019s',
      resource: database('aws', {
        ref: ref('aws', 'mq:broker', 'b-1'),
        engine: 'rabbitmq',
        publiclyAccessible: true,
        publicEndpoints: [{ host: 'b-1.mq.eu-west-1.amazonaws.com', port: 443 }],
      }),
    },
    {
      name: 'a RabbitMQ-speaking resource of another type',
      resource: instance({ ref: ref('alibaba', 'rds:instance', 'rm-1') }),
    },
  ],
});
