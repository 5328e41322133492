// Every HTTP product fingerprint, and observations turned into services.
// One import and one list line per fingerprint, so additions never collide.
import type { Observation } from '../probes/observation.js';
import { elasticsearchFingerprint } from './elasticsearch.js';
import { kibanaFingerprint } from './kibana.js';
import type { HttpFingerprint, Service } from './service.js';

export const HTTP_FINGERPRINTS: readonly HttpFingerprint[] = [
  kibanaFingerprint,
  elasticsearchFingerprint,
];

/** The services an observation shows. Wire protocols name themselves; HTTP goes through fingerprints. */
export function servicesOf(observation: Observation): Service[] {
  if (observation.protocol === 'http') return HTTP_FINGERPRINTS.flatMap((fingerprint) => fingerprint.identify(observation) ?? []);
  const { product, version, access, signals } = observation;
  return [{ product, ...(version ? { version } : {}), access, signals }];
}
