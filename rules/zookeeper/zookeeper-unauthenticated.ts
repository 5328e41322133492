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
      'ZooKeeper answered the `mntr` four-letter word to a client that never authenticated: its admin words are open to anyone who ' +
      'reaches the port (all of them before 3.5.3; since then, because someone whitelisted them), and so, without SASL, is its client ' +
      'port. Znodes are created world-readable (and often world-writable) unless their creators set ACLs, so the configuration, service ' +
      'registry and leader election data of Kafka, HBase, Hadoop or Solr that it holds can usually be read and changed. A server that ' +
      'answers "mntr is not executed because it is not in the whitelist" (the default since 3.5.3) is not this finding.',
    remediation:
      'Keep ports 2181/2182 on private networks only and firewall them; require SASL or mutual TLS client authentication ' +
      '(`authProvider`, `sessionRequireClientSASLAuth=true`, `secureClientPort`); set ACLs on every znode; restrict ' +
      '`4lw.commands.whitelist` to what monitoring needs.',
    references: ['https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_4lw', 'https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#sc_ZooKeeperAccessControl'],
    defaultPorts: [2181],
  },
  protocols: ['zookeeper'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'zookeeper' || observation.access !== 'open') return [];
    return [
      {
        product: 'zookeeper',
        ...(observation.version ? { version: observation.version } : {}),
        message: `ZooKeeper ${observation.version ?? ''} answered mntr without authentication; ${observation.znodeCount ?? 'an unknown number of'} znodes.`.replace('  ', ' '),
        confidence: 'confirmed',
        evidence: {
          command: 'mntr',
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
