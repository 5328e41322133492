import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'rabbitmq-amqp-default-credentials',
    title: 'RabbitMQ accepts the default guest/guest account over AMQP',
    severity: 'critical',
    products: ['rabbitmq'],
    tags: ['rabbitmq', 'messaging', 'amqp', 'default-credentials', 'credential-check'],
    cwe: ['CWE-1392'],
    description:
      'With --credential-checks, exposcan logged in to the AMQP 0-9-1 port with SASL PLAIN as the documented default account guest/guest, ' +
      'and the broker accepted it (Connection.Tune). guest is an administrator with full rights on the virtual host `/` on a fresh ' +
      'install: whoever reaches the port can read every queue there and publish to every exchange. RabbitMQ refuses guest from anything ' +
      'but localhost unless `loopback_users` was changed, so over the network this means that safeguard was turned off.',
    remediation:
      'Delete the guest user (`rabbitmqctl delete_user guest`) or change its password, keep `loopback_users.guest = true`, create named ' +
      'users with permissions on only the virtual hosts and resources they need, use TLS (5671), and keep 5672 off public addresses.',
    references: [
      'https://www.rabbitmq.com/docs/access-control#default-state',
      'https://www.rabbitmq.com/amqp-0-9-1-reference#connection.start-ok',
    ],
    defaultPorts: [5672],
    triesDefaultCredentials: true,
  },
  protocols: ['amqp'],
  check(evidence) {
    const observation = evidence.observation;
    if (
      observation.protocol !== 'amqp' ||
      observation.product !== 'rabbitmq' ||
      observation.defaultLogin?.result !== 'accepted'
    )
      return [];
    const vhost = observation.defaultLogin.vhost;
    return [
      {
        product: 'rabbitmq',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `RabbitMQ${observation.version ? ` ${observation.version}` : ''} accepted the default guest account over AMQP` +
          (vhost === 'opened'
            ? ', and opened the virtual host / for it.'
            : vhost === 'refused'
              ? ', though not into the virtual host /.'
              : '.'),
        confidence: 'confirmed',
        evidence: {
          request: 'Connection.Start-Ok, SASL PLAIN guest/guest',
          user: 'guest',
          ...(vhost ? { vhost: vhost === 'opened' ? '/ opened' : '/ refused' } : {}),
          mechanisms: observation.mechanisms,
          ...(observation.platform ? { platform: observation.platform } : {}),
          signals: observation.signals,
        },
      },
    ];
  },
});
