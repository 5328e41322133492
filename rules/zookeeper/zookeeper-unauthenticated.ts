import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'zookeeper-unauthenticated',
    title: 'ZooKeeper answers unauthenticated clients',
    severity: 'high',
    products: ['zookeeper'],
    tags: ['zookeeper', 'coordination', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'ZooKeeper served a client that never authenticated: it answered the `mntr` four-letter word, or (with the words whitelisted ' +
      'away, the default since 3.5.3) it granted a session and listed the root znode. Without SASL the client port is open to anyone ' +
      'who reaches it. Znodes are created world-readable (and often world-writable) unless their creators set ACLs, so the ' +
      'configuration, service registry and leader election data of Kafka, HBase, Hadoop or Solr that it holds can usually be read and ' +
      'changed. A server that refuses the session read for want of SASL (`enforce.auth.enabled`, `sessionRequireClientSASLAuth`) is not this finding.',
    remediation:
      'Keep ports 2181/2182 on private networks only and firewall them; require SASL or mutual TLS client authentication ' +
      '(`authProvider`, `sessionRequireClientSASLAuth=true`, `secureClientPort`); set ACLs on every znode; restrict ' +
      '`4lw.commands.whitelist` to what monitoring needs.',
    references: [
      'https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_4lw',
      'https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#sc_ZooKeeperAccessControl',
    ],
    defaultPorts: [2181],
  },
  protocols: ['zookeeper'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'zookeeper' || observation.access !== 'open') return [];
    const bySession = observation.provenBy === 'session';
    const what = bySession
      ? `opened a session without authentication and listed / (${observation.rootChildren ?? 0} children)`
      : 'answered mntr without authentication';
    return [
      {
        product: 'zookeeper',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `ZooKeeper ${observation.version ?? ''} ${what}; ${observation.znodeCount ?? 'an unknown number of'} znodes.`.replace(
            '  ',
            ' ',
          ),
        confidence: 'confirmed',
        evidence: {
          command: bySession ? 'getChildren /' : 'mntr',
          rootChildren: observation.rootChildren ?? null,
          rootChildNames: observation.rootChildNames ?? null,
          serverState: observation.serverState ?? null,
          znodeCount: observation.znodeCount ?? null,
          approximateDataSize: observation.approximateDataSize ?? null,
          aliveConnections: observation.aliveConnections ?? null,
          signals: observation.signals,
        },
      },
    ];
  },
});
