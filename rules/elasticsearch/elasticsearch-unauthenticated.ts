import { productName, serviceRule } from '../../src/engine/service-rule.js';
import type { Service } from '../../src/fingerprints/service.js';

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
  protocols: ['http'],
  product: 'elasticsearch',
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
