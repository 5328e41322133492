import { defineRule } from '../../src/engine/rule.js';
import { productServices } from '../../src/fingerprints/service.js';

export default defineRule({
  meta: {
    id: 'rabbitmq-default-credentials',
    title: 'RabbitMQ management accepts the default guest/guest account',
    severity: 'critical',
    products: ['rabbitmq'],
    tags: ['rabbitmq', 'messaging', 'default-credentials', 'credential-check'],
    cwe: ['CWE-1392'],
    description:
      'With --credential-checks, exposcan sent one read-only `GET /api/whoami` with the documented default account guest/guest, and the ' +
      'management API answered 200 naming the user guest. That account is an administrator on a fresh install: whoever reaches the ' +
      'address can read and publish messages, and create users and policies. RabbitMQ refuses guest from anything but localhost unless ' +
      '`loopback_users` was changed, so over the network this means that safeguard was turned off.',
    remediation:
      'Delete the guest user (`rabbitmqctl delete_user guest`) or change its password, keep `loopback_users.guest = true`, create named ' +
      'users with the least tags they need, and keep the management listener off public addresses.',
    references: [
      'https://www.rabbitmq.com/docs/access-control#default-state',
      'https://www.rabbitmq.com/docs/management#http-api',
    ],
    defaultPorts: [15672],
    triesDefaultCredentials: true,
  },
  protocols: ['http'],
  check(evidence) {
    return productServices(evidence.services, 'rabbitmq')
      .filter((service) => service.details?.defaultCredentials)
      .map((service) => {
        const details = service.details;
        const tags = details?.userTags ?? [];
        return {
          product: 'rabbitmq',
          ...(service.version ? { version: service.version } : {}),
          message: `RabbitMQ${service.version ? ` ${service.version}` : ''} management accepted the default guest account${tags.length > 0 ? ` (tags: ${tags.join(', ')})` : ''}.`,
          confidence: 'confirmed' as const,
          evidence: {
            path: '/api/whoami',
            user: 'guest',
            userTags: tags,
            ...(details?.managementVersion !== undefined ? { managementVersion: details.managementVersion } : {}),
            ...(details?.erlangVersion !== undefined ? { erlangVersion: details.erlangVersion } : {}),
            signals: service.signals,
          },
        };
      });
  },
});
