import { serviceRule } from '../../src/engine/service-rule.js';
import { openClusterSpec } from '../../src/fingerprints/search-cluster.js';

export default serviceRule({
  meta: {
    id: 'opensearch-unauthenticated',
    title: 'OpenSearch REST API answers without credentials',
    severity: 'critical',
    products: ['opensearch'],
    tags: ['opensearch', 'database', 'search', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'OpenSearch answered `GET /` with its cluster banner (`distribution: opensearch`) to a client that sent no credentials, and ' +
      '`_cat/indices` was read to count what is exposed. Anyone who reaches the address can search, export and delete every index. ' +
      'A cluster with the Security plugin on answers 401 with a `Basic realm="OpenSearch Security"` challenge.',
    remediation:
      'Enable the Security plugin (it ships with OpenSearch; do not set `plugins.security.disabled: true`), replace the demo certificates ' +
      'and the default admin password, keep anonymous authentication off, bind HTTP to private addresses (`network.host`) and block port ' +
      '9200 from the internet.',
    references: [
      'https://opensearch.org/docs/latest/security/configuration/index/',
      'https://opensearch.org/docs/latest/api-reference/cat/cat-indices/',
    ],
    defaultPorts: [9200],
  },
  ...openClusterSpec('opensearch'),
});
