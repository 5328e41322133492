import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'redis-unauthenticated',
    title: 'Redis accepts commands without authentication',
    severity: 'critical',
    products: ['redis'],
    tags: ['redis', 'database', 'cache', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Redis answered `INFO` (or `PING`, where INFO is renamed away) to a client that sent no `AUTH`. Anyone who reaches it can read and ' +
      'overwrite every key, and through CONFIG SET often write files on the host. A password-protected server answers `-NOAUTH` (or ' +
      '`-ERR operation not permitted` before 2.8), and protected mode answers `-DENIED`: neither is this finding.',
    remediation:
      'Set `requirepass` or ACL users (Redis 6+), keep `protected-mode yes`, bind to private interfaces only, and block port 6379 from the internet; ' +
      'rename or disable CONFIG, FLUSHALL and DEBUG for network clients.',
    references: [
      'https://redis.io/docs/latest/operate/oss_and_stack/management/security/',
      'https://redis.io/docs/latest/commands/info/',
    ],
    defaultPorts: [6379],
  },
  protocols: ['redis'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'redis' || observation.access !== 'open') return [];
    // Sentinel answers INFO without auth by design and holds no data: not this finding.
    if (observation.mode === 'sentinel') return [];
    return [
      {
        product: 'redis',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `Redis ${observation.version ?? ''} answered ${observation.provenBy === 'ping' ? 'PING' : 'INFO'} without AUTH; ${observation.keys ?? 'an unknown number of'} keys.`.replace(
            '  ',
            ' ',
          ),
        confidence: 'confirmed',
        evidence: {
          command: observation.provenBy === 'ping' ? 'PING' : 'INFO',
          mode: observation.mode ?? null,
          role: observation.role ?? null,
          os: observation.os ?? null,
          keys: observation.keys ?? null,
          databases: observation.databases ?? [],
        },
        ...(observation.keys !== undefined ? { exposure: { keys: observation.keys } } : {}),
      },
    ];
  },
});
