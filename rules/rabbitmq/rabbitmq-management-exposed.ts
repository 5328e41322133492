import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'rabbitmq-management-exposed',
    title: 'RabbitMQ management UI is reachable',
    severity: 'medium',
    products: ['rabbitmq'],
    tags: ['rabbitmq', 'messaging', 'management-ui', 'login-page'],
    cwe: ['CWE-668'],
    description:
      'The RabbitMQ management plugin served its web UI (`<title>RabbitMQ Management</title>`) and its HTTP API answered ' +
      '`GET /api/overview` with a Basic challenge for the "RabbitMQ Management" realm. Credentials are still required, but anyone who ' +
      'reaches the address can try passwords against the broker\u2019s user database (the API has no lockout), and a valid account ' +
      'reads and changes queues, exchanges, users and policies.',
    remediation:
      'Keep the management listener off public addresses: bind it to a private interface (`management.tcp.ip`), or put it behind a ' +
      'VPN or an authenticating proxy; use strong passwords or OAuth 2 for management users, and enable TLS on the listener.',
    references: ['https://www.rabbitmq.com/docs/management', 'https://www.rabbitmq.com/docs/access-control'],
    defaultPorts: [15672],
  },
  protocols: ['http'],
  product: 'rabbitmq',
  // Two signals: the UI's page title and the API's management realm (plus Cowboy when present).
  when: 'login-page',
  message: (service) =>
    `The RabbitMQ management UI${service.version ? ` (RabbitMQ ${service.version})` : ''} is reachable and asks for credentials.`,
  evidence: (service) => ({
    path: '/',
    apiPath: '/api/overview',
    ...(service.details?.managementVersion !== undefined
      ? { managementVersion: service.details.managementVersion }
      : {}),
  }),
});
