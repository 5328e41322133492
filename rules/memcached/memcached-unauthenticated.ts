import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'memcached-unauthenticated',
    title: 'Memcached answers commands without authentication',
    severity: 'high',
    products: ['memcached'],
    tags: ['memcached', 'cache', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Memcached answered the text-protocol `stats` command to a client that never authenticated. Anyone who reaches it can read every ' +
      'cached item by key, overwrite or flush them (session data, tokens and query results are typical contents), and, over UDP, use it ' +
      'for reflection attacks. A server with ASCII authentication answers `CLIENT_ERROR unauthenticated`, and one with SASL accepts only ' +
      'the binary protocol: neither is this finding.',
    remediation:
      'Bind memcached to private interfaces only (`-l`), block port 11211 (TCP and UDP) from the internet, disable UDP (`-U 0`), and ' +
      'where untrusted networks can reach it require authentication: SASL (`-S`) or an ASCII auth file (`-Y`, 1.5.15+).',
    references: [
      'https://github.com/memcached/memcached/wiki/SASLHowto',
      'https://github.com/memcached/memcached/blob/master/doc/protocol.txt',
    ],
    defaultPorts: [11211],
  },
  protocols: ['memcached'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'memcached' || observation.access !== 'open') return [];
    const items = observation.items;
    return [
      {
        product: 'memcached',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `Memcached ${observation.version ?? ''} answered stats without authentication; ${items ?? 'an unknown number of'} items stored.`.replace(
            '  ',
            ' ',
          ),
        confidence: 'confirmed',
        evidence: {
          command: 'stats',
          items: items ?? null,
          bytes: observation.bytes ?? null,
          currConnections: observation.currConnections ?? null,
          totalConnections: observation.totalConnections ?? null,
          uptimeSeconds: observation.uptimeSeconds ?? null,
          signals: observation.signals,
        },
        ...(items !== undefined
          ? { exposure: { keys: items, ...(observation.bytes !== undefined ? { bytes: observation.bytes } : {}) } }
          : {}),
      },
    ];
  },
});
