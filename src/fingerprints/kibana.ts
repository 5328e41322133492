// Kibana. Identity comes from Kibana's own response headers (`kbn-name`, `kbn-license-sig`) or
// its redirects into `/app/…` and `/spaces/enter`; access comes from `GET /api/status`, which
// answers in full only when security is off or anonymous access is on, and 401 otherwise.
import { isRecord, parseJson, type HttpObservation, type HttpResponse } from '../probes/http-observation.js';
import { isOpenSearchDashboardsStatus } from './opensearch-dashboards.js';
import type { HttpFingerprint, Service } from './service.js';

const STATUS_PATH = '/api/status';

// Not `/login?next=`: countless apps redirect there (Flask-Login does by default). A login
// redirect only makes /api/status worth asking (suggestedBy); the answer decides.
const KIBANA_LOCATION = /\/(app\/(kibana|home|dashboards)|spaces\/enter)/;
const KIBANA_PAGE = /<title>(Kibana|Elastic)<\/title>|kbn-injected-metadata|kibanaWelcome/;

/** Signals that the server is Kibana, independent of what /api/status says. */
function identitySignals(responses: readonly HttpResponse[]): string[] {
  const signals = new Set<string>();
  for (const response of responses) {
    if (response.headers['kbn-name'] !== undefined) signals.add('kbn-name header');
    if (response.headers['kbn-license-sig'] !== undefined || response.headers['kbn-xpack-sig'] !== undefined)
      signals.add('kbn-license-sig header');
    if (KIBANA_LOCATION.test(response.headers.location ?? '') && response.status >= 300 && response.status < 400)
      signals.add('redirect into the Kibana app');
    if (KIBANA_PAGE.test(response.body)) signals.add('Kibana page markup');
  }
  return [...signals];
}

interface Status {
  readonly version: string;
  readonly overall: string;
}

/** A full (unredacted) status document: version, build and an overall state. */
function fullStatusOf(response: HttpResponse | undefined): Status | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !isRecord(json.version) || !isRecord(json.status)) return undefined;
  const { number } = json.version;
  if (typeof number !== 'string' || !/^\d+\.\d+\.\d+/.test(number) || json.version.build_hash === undefined)
    return undefined;
  const overall = isRecord(json.status.overall) ? (json.status.overall.level ?? json.status.overall.state) : undefined;
  if (typeof overall !== 'string') return undefined;
  return { version: number, overall };
}

declare module './service.js' {
  interface DetailsByProduct {
    /** open: the status document's overall state; auth-required: the login page is public. */
    kibana: { readonly overallStatus?: string; readonly loginPage?: true };
  }
}

export const kibanaFingerprint: HttpFingerprint<'kibana'> = {
  products: ['kibana'],
  hintPorts: [5601],
  requests: [STATUS_PATH],
  suggestedBy: (root) =>
    identitySignals([root]).length > 0 ||
    (root.status >= 300 && root.status < 400 && /\/login\b/.test(root.headers.location ?? '')),
  identify(observation: HttpObservation): Service<'kibana'> | undefined {
    const statusOutcome = observation.responses.get(STATUS_PATH);
    const status = statusOutcome?.ok ? statusOutcome.response : undefined;
    // OpenSearch Dashboards (a fork of Kibana 7.10) answers in Kibana's shape; it has its own fingerprint.
    if (isOpenSearchDashboardsStatus(parseJson(status)) || observation.root.headers['osd-name'] !== undefined)
      return undefined;
    const identity = identitySignals(status ? [observation.root, status] : [observation.root]);
    const full = fullStatusOf(status);
    // Two independent signals: a status document alone could be any app's.
    if (full && identity.length > 0) {
      return {
        product: 'kibana',
        version: full.version,
        access: 'open',
        signals: ['/api/status returned the full status document', ...identity],
        details: { overallStatus: full.overall },
      };
    }
    if (identity.length === 0) return undefined;
    if (full) return undefined;
    // With security on, Kibana answers /api/status with 401 and serves its login page to anyone.
    if (status?.status === 401 || status?.status === 403) {
      return {
        product: 'kibana',
        access: 'auth-required',
        signals: [...identity, `/api/status answered ${status.status}`],
        details: { loginPage: true },
      };
    }
    return { product: 'kibana', access: 'unknown', signals: identity };
  },
};
