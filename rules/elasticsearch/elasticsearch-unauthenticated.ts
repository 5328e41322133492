import { serviceRule } from '../../src/engine/service-rule.js';
import { openClusterSpec } from '../../src/fingerprints/search-cluster.js';

export default serviceRule({
  meta: {
    id: 'elasticsearch-unauthenticated',
    title: 'Elasticsearch REST API answers without credentials',
    severity: 'critical',
    products: ['elasticsearch'],
    tags: ['elasticsearch', 'elastic', 'database', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'Elasticsearch answered `GET /` with its cluster banner to a client that sent no credentials, and `_cat/indices` was read to count ' +
      'what is exposed. Anyone who reaches the address can search, export and delete every index. A secured cluster answers 401 with a ' +
      '`security_exception`.',
    remediation:
      'Enable security (xpack.security.enabled: true, built in and free since 6.8/7.1), set passwords for the built-in users, enable TLS, and ' +
      'bind the HTTP interface to private addresses only (network.host); block port 9200 from the internet.',
    references: [
      'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html',
      'https://www.elastic.co/guide/en/elasticsearch/reference/current/cat-indices.html',
    ],
    defaultPorts: [9200],
  },
  ...openClusterSpec('elasticsearch'),
});
