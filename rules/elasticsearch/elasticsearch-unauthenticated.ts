import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
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
  check(evidence) {
    const elasticsearch = evidence.services.find((service) => service.product === 'elasticsearch');
    if (!elasticsearch || elasticsearch.access !== 'open' || elasticsearch.signals.length < 2) return [];
    const details = elasticsearch.details ?? {};
    const readable = details.indicesReadable === true;
    const documents = typeof details.documents === 'number' ? details.documents : undefined;
    const bytes = typeof details.bytes === 'number' ? details.bytes : undefined;
    const indices = typeof details.indices === 'number' ? details.indices : undefined;
    const names = Array.isArray(details.indexNames) ? (details.indexNames as readonly string[]) : [];
    return [
      {
        product: 'elasticsearch',
        ...(elasticsearch.version ? { version: elasticsearch.version } : {}),
        message: readable
          ? `Elasticsearch ${elasticsearch.version} answered without credentials: ${indices} indices, ${documents} documents, ${bytes} bytes.`
          : `Elasticsearch ${elasticsearch.version} answered its banner without credentials (index listing refused).`,
        // The banner alone proves anonymous access to the cluster; reading the index list proves data access.
        confidence: readable ? 'confirmed' : 'firm',
        evidence: {
          clusterName: typeof details.clusterName === 'string' ? details.clusterName : null,
          indices: indices ?? null,
          documents: documents ?? null,
          bytes: bytes ?? null,
          largestIndices: names,
          signals: elasticsearch.signals,
        },
        ...(readable ? { exposure: { documents: documents ?? 0, bytes: bytes ?? 0 } } : {}),
      },
    ];
  },
});
