// Every HTTP product fingerprint, and the wire observations turned into services.
import type { Observation } from '../probes/observation.js';
import { elasticsearchFingerprint } from './elasticsearch.js';
import { kibanaFingerprint } from './kibana.js';
import type { HttpFingerprint, Service } from './service.js';

export const HTTP_FINGERPRINTS: readonly HttpFingerprint[] = [kibanaFingerprint, elasticsearchFingerprint];

/** The services an observation shows. Wire protocols name themselves; HTTP goes through fingerprints. */
export function servicesOf(observation: Observation): Service[] {
  switch (observation.protocol) {
    case 'http':
      return HTTP_FINGERPRINTS.flatMap((fingerprint) => fingerprint.identify(observation) ?? []);
    case 'redis':
      return [
        {
          product: 'redis',
          ...(observation.version ? { version: observation.version } : {}),
          access: observation.access,
          signals: observation.access === 'open' ? [`answered ${observation.provenBy?.toUpperCase() ?? 'INFO'}`] : [`refused: ${observation.refusal ?? ''}`],
        },
      ];
    case 'postgresql':
      return [
        {
          product: 'postgresql',
          ...(observation.version ? { version: observation.version } : {}),
          access: observation.auth === 'trust' ? 'open' : observation.auth === 'rejected' ? 'refused' : 'auth-required',
          signals: ['startup message answered'],
        },
      ];
    case 'mysql':
      return [
        {
          product: observation.product,
          ...(observation.version ? { version: observation.version } : {}),
          access: observation.refused ? 'refused' : 'unknown',
          signals: ['handshake greeting'],
        },
      ];
  }
}
