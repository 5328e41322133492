import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'redisinsight-unauthenticated',
    title: 'Redis Insight is reachable without credentials',
    severity: 'high',
    products: ['redisinsight'],
    tags: ['redisinsight', 'redis', 'management-ui', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Redis Insight answered its page and `GET /api/info` (its server information) to a client that sent no credentials. The self-hosted ' +
      'Redis Insight has no login of its own: anyone who reaches it can open every saved database connection (stored passwords included), ' +
      'read and change all keys, run any command and add connections to other hosts.',
    remediation:
      'Keep Redis Insight on the workstation or behind a VPN or an authenticating proxy; never publish its port. Remove saved connections ' +
      'that hold passwords from instances that must stay reachable.',
    references: [
      'https://redis.io/docs/latest/operate/redisinsight/install/install-on-docker/',
      'https://github.com/RedisInsight/RedisInsight',
    ],
    defaultPorts: [5540, 8001],
  },
  protocols: ['http'],
  product: 'redisinsight',
  // Two signals: the server info from /api/info and the Redis Insight page.
  when: 'open',
  message: '{service} is reachable with no login; its saved Redis connections are open to anyone.',
  evidence: (service) => ({
    path: '/api/info',
    buildType: service.details?.buildType ?? '',
    ...(service.details?.databases !== undefined ? { savedDatabases: service.details.databases } : {}),
  }),
});
