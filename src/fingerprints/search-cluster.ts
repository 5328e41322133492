// What an open Elasticsearch or OpenSearch cluster finding says: one definition for both rules,
// since both clusters answer the same banner and the same _cat/indices.
import { productName, type ServiceRuleSpec } from '../engine/service-rule.js';
import type { Service } from './service.js';

function count(service: Service, key: 'indices' | 'documents' | 'bytes'): number | undefined {
  const value = service.details?.[key];
  return typeof value === 'number' ? value : undefined;
}

export function openClusterSpec(product: 'elasticsearch' | 'opensearch'): Omit<ServiceRuleSpec, 'meta'> {
  return {
    protocols: ['http'],
    product,
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
      largestIndices: Array.isArray(service.details?.indexNames)
        ? (service.details.indexNames as readonly string[])
        : [],
      ransomNote: service.details?.ransomNote === true,
      listingCut: service.details?.indicesTruncated === true,
    }),
    exposure: (service) =>
      service.details?.indicesReadable === true
        ? {
            documents: count(service, 'documents') ?? 0,
            bytes: count(service, 'bytes') ?? 0,
            ransomNote: service.details.ransomNote === true,
          }
        : undefined,
  };
}
