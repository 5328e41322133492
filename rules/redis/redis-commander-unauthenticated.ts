import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'redis-commander-unauthenticated',
    title: 'Redis Commander serves its Redis console without credentials',
    severity: 'high',
    products: ['redis-commander'],
    tags: ['redis-commander', 'redis', 'management-ui', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Redis Commander answered `GET /connections` with its list of Redis connections to a client that sent no credentials or token, and ' +
      'its page states HTTP auth is disabled. Anyone who reaches the address can read, change and delete every key and run raw Redis ' +
      'commands (CONFIG, FLUSHALL, …) on each listed server.',
    remediation:
      'Set HTTP_USER and HTTP_PASSWORD_HASH (or --http-auth-username/--http-auth-password-hash), enable READ_ONLY where writing is not ' +
      'needed, and keep Redis Commander off public addresses behind a VPN or an authenticating proxy.',
    references: [
      'https://github.com/joeferner/redis-commander#usage',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/security/',
    ],
    defaultPorts: [8081],
  },
  protocols: ['http'],
  product: 'redis-commander',
  // Two signals: Redis Commander's page (title, client script) and the connection list answered.
  when: 'open',
  message: (service) =>
    `Redis Commander exposes ${String(service.details?.connections ?? 0)} Redis connection(s) without a login.`,
  evidence: (service) => ({
    path: '/connections',
    connections: service.details?.connections ?? 0,
    connectionLabels: service.details?.connectionLabels ?? [],
  }),
});
