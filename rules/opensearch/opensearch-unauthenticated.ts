import { productName, serviceRule } from '../../src/engine/service-rule.js';
import type { Service } from '../../src/fingerprints/service.js';

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
  protocols: ['http'],
  product: 'opensearch',
  when: 'open',
  // The banner alone proves anonymous access to the cluster; reading the index list proves data access.
  confidence: (service) => (service.details?.indicesReadable === true ? 'confirmed' : 'firm'),
  message: (service) =>
    service.details?.indicesReadable === true
      ? `${productName(service)} answered without credentials: ${count(service, 'indices')} indices, ${count(service, 'documents')} documents, ${count(service, 'bytes')} bytes.`
      : `${productName(service)} answered its banner without credentials (index listing refused).`,
  evidence: (service) => ({
    clusterName: typeof service.details?.clusterName === 'string' ? service.details.clusterName : null,
    indices: count(service, 'indices') ?? null,
    documents: count(service, 'documents') ?? null,
    bytes: count(service, 'bytes') ?? null,
    largestIndices: Array.isArray(service.details?.indexNames) ? (service.details.indexNames as readonly string[]) : [],
    ransomNote: service.details?.ransomNote === true,
    listingCut: service.details?.indicesTruncated === true,
  }),
  exposure: (service) =>
    service.details?.indicesReadable === true
      ? { documents: count(service, 'documents') ?? 0, bytes: count(service, 'bytes') ?? 0, ransomNote: service.details.ransomNote === true }
      : undefined,
});

function count(service: Service, key: 'indices' | 'documents' | 'bytes'): number | undefined {
  const value = service.details?.[key];
  return typeof value === 'number' ? value : undefined;
}
