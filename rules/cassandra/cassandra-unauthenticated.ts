import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'cassandra-unauthenticated',
    title: 'Cassandra accepts CQL clients without authentication',
    severity: 'critical',
    products: ['cassandra', 'scylladb'],
    tags: ['cassandra', 'scylladb', 'database', 'nosql', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The CQL native protocol port answered STARTUP with READY: no authenticator is configured (AllowAllAuthenticator, the default), so ' +
      'anyone who reaches the port can read, change and drop every keyspace. A server with PasswordAuthenticator (or another ' +
      'authenticator) answers AUTHENTICATE instead: not this finding. exposcan sends only OPTIONS and STARTUP, never a query.',
    remediation:
      'Set `authenticator: PasswordAuthenticator` (and `authorizer: CassandraAuthorizer`) in cassandra.yaml on every node, change the default ' +
      'cassandra/cassandra superuser, enable client TLS, and keep port 9042 off the internet.',
    references: [
      'https://cassandra.apache.org/doc/latest/cassandra/managing/operating/security.html',
      'https://github.com/apache/cassandra/blob/trunk/doc/native_protocol_v4.spec',
    ],
    defaultPorts: [9042],
  },
  protocols: ['cassandra'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'cassandra' || observation.access !== 'open') return [];
    const name = observation.product === 'scylladb' ? 'ScyllaDB' : 'Cassandra';
    return [
      {
        product: observation.product,
        message: `${name} answered STARTUP with READY: CQL clients need no credentials (CQL ${observation.cqlVersions?.[0] ?? 'version unknown'}).`,
        confidence: 'confirmed',
        evidence: {
          requests: ['OPTIONS', 'STARTUP'],
          startupReply: 'READY',
          cqlVersions: observation.cqlVersions ?? [],
          protocolVersions: observation.protocolVersions ?? [],
          signals: observation.signals,
        },
      },
    ];
  },
});
