// Builds the evidence a rule sees from recorded responses, through the same fingerprinting the
// engine runs, so a rule test also proves the product recognition it depends on.
import type { EndpointEvidence } from '../../src/engine/rule.js';
import type { Endpoint } from '../../src/engine/types.js';
import { servicesOf } from '../../src/fingerprints/index.js';
import type { HttpObservation, HttpOutcome, HttpResponse } from '../../src/probes/http-observation.js';
import type { Observation } from '../../src/probes/observation.js';

export function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    body,
    truncated: false,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  };
}

export const json = (status: number, body: string, headers: Record<string, string> = {}) =>
  response(status, body, { 'content-type': 'application/json; charset=utf-8', ...headers });

export function httpObservation(
  root: HttpResponse,
  responses: Record<string, HttpResponse | HttpOutcome> = {},
  tls = false,
): HttpObservation {
  const map = new Map<string, HttpOutcome>();
  for (const [path, value] of Object.entries(responses))
    map.set(path, 'ok' in value ? value : { ok: true, response: value });
  return { protocol: 'http', tls, baseUrl: `${tls ? 'https' : 'http'}://192.0.2.10:443/`, root, responses: map };
}

export function evidenceOf(
  observation: Observation,
  endpoint: Endpoint = { host: '192.0.2.10', port: 443 },
): EndpointEvidence {
  return {
    endpoint,
    address: endpoint.host,
    tls: observation.protocol === 'http' && observation.tls,
    observation,
    services: servicesOf(observation),
  };
}
