import { amqpPublicFix } from '../../src/fix/amqp.js';
import { unknownUntilApply } from '../../src/cloud/rules/unknown.js';
import { defineResourceRule } from '../../src/engine/rule.js';

export default defineResourceRule({
  meta: {
    id: 'alibaba-amqp-instance-public',
    title: 'ApsaraMQ for RabbitMQ instance has a public endpoint',
    severity: 'medium',
    products: ['rabbitmq'],
    tags: ['alibaba', 'amqp', 'rabbitmq', 'broker', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The ApsaraMQ for RabbitMQ instance has an internet endpoint (SupportEIP, PublicEndpoint): its AMQP port answers every address, and ' +
      'the instance\u2019s usernames and passwords are all that keep the internet from its queues and exchanges. A leaked AccessKey or a ' +
      'static username and password is then enough from anywhere. The public endpoint is probed in the same scan on the AMQP port (5672), ' +
      'where the broker is identified; a RabbitMQ AMQP finding there (the default account with --credential-checks) confirms it.',
    remediation:
      'Release the instance\u2019s internet endpoint if nothing outside the VPC needs it (clients in the VPC use PrivateEndpoint), and ' +
      'rotate the static usernames and passwords that were used over it.',
    references: [
      'https://www.alibabacloud.com/help/en/apsaramq-for-rabbitmq/api-listinstances',
      'https://help.aliyun.com/zh/apsaramq-for-rabbitmq/developer-reference/api-listinstances',
    ],
    defaultPorts: [],
  },
  resources: ['database'],
  fix: amqpPublicFix,
  checkResource(instance) {
    if (instance.ref.provider !== 'alibaba' || instance.ref.type !== 'amqp:instance') return [];
    if (instance.publiclyAccessible === undefined) {
      // A Terraform plan may leave support_eip to apply time: judged, not passed.
      return unknownUntilApply(instance, 'publiclyAccessible')
        ? [
            {
              product: 'rabbitmq',
              message: `ApsaraMQ for RabbitMQ ${instance.ref.id} may have a public endpoint: support_eip is unknown until apply.`,
              confidence: 'unknown',
              unknownFields: ['publiclyAccessible'],
              evidence: { publiclyAccessible: 'unknown until apply' },
            },
          ]
        : [];
    }
    if (!instance.publiclyAccessible) return [];
    const endpoints = instance.publicEndpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`);
    return [
      {
        product: 'rabbitmq',
        message: `ApsaraMQ for RabbitMQ ${instance.ref.id} has a public endpoint${endpoints.length > 0 ? ` ${endpoints.join(', ')}` : ''}: its AMQP port is open to the internet, guarded only by the instance\u2019s credentials.`,
        confidence: 'firm',
        evidence: { publiclyAccessible: true, endpoints },
        impliedEndpoints: instance.publicEndpoints.map((endpoint) => ({ ...endpoint, products: ['rabbitmq'] })),
      },
    ];
  },
});
