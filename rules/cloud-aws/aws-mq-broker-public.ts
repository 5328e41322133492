import { mqFix } from '../../src/fix/aws-database.js';
import { publicDatabaseRule } from '../../src/cloud/rules/public-database-rule.js';

export default publicDatabaseRule(
  {
    id: 'aws-mq-broker-public',
    title: 'Amazon MQ broker is publicly accessible',
    severity: 'medium',
    products: ['rabbitmq', 'activemq'],
    tags: ['aws', 'mq', 'broker', 'cloud'],
    cwe: ['CWE-284'],
    description:
      'The Amazon MQ broker has PubliclyAccessible set: its web console and wire endpoints resolve to public addresses. A public RabbitMQ ' +
      'broker cannot have security groups, so every address reaches its management console and AMQPS port (high); a public ActiveMQ broker ' +
      'is judged by its security groups on the console port (8162): open to everyone is high, closed is a latent exposure (low). The ' +
      'console is probed in the same scan: rabbitmq-management-exposed (and default-credential checks, when asked for) confirm it.',
    remediation:
      'Recreate the broker without public accessibility (the setting cannot be changed in place) and reach it from inside the VPC or through a VPN or a bastion.',
    references: [
      'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-basic-elements-broker.html',
      'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/connecting-to-amazon-mq.html',
    ],
    defaultPorts: [],
  },
  { type: 'mq:broker', label: 'Amazon MQ broker', fix: mqFix },
);
