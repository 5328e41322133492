// What an open Elasticsearch or OpenSearch cluster finding says: one definition for both rules,
// since both clusters answer the same banner and the same _cat/indices.
import { productName, type ServiceRuleSpec } from '../engine/service-rule.js';
import type { Service } from './service.js';

type Cluster = 'elasticsearch' | 'opensearch';

function count(service: Service<Cluster>, key: 'indices' | 'documents' | 'bytes'): number | undefined {
  return service.details?.[key];
}

export function openClusterSpec<P extends Cluster>(product: P): Omit<ServiceRuleSpec<P>, 'meta'> {
  return {
    protocols: ['http'],
    product,
    when: 'open',
    // The banner alone proves anonymous access to the cluster; reading the index list proves data access.
    confidence: (service) => (service.details?.indicesReadable ? 'confirmed' : 'firm'),
    message: (service) =>
      service.details?.indicesReadable
        ? `${productName(service)} answered without credentials: ${count(service, 'indices')} indices, ${count(service, 'documents')} documents, ${count(service, 'bytes')} bytes.`
        : `${productName(service)} answered its banner without credentials (index listing refused).`,
    evidence: (service) => ({
      clusterName: service.details?.clusterName ?? null,
      indices: count(service, 'indices') ?? null,
      documents: count(service, 'documents') ?? null,
      bytes: count(service, 'bytes') ?? null,
      largestIndices: service.details?.indexNames ?? [],
      ransomNote: service.details?.ransomNote ?? false,
      listingCut: service.details?.indicesTruncated ?? false,
    }),
    exposure: (service) =>
      service.details?.indicesReadable
        ? {
            documents: count(service, 'documents') ?? 0,
            bytes: count(service, 'bytes') ?? 0,
            ransomNote: service.details.ransomNote ?? false,
          }
        : undefined,
  };
}
