// OpenSearch Dashboards, the fork of Kibana 7.10. It answers like Kibana with other names: its
// status document lists `core:opensearch@…` where Kibana's lists `core:elasticsearch@…`, 1.0.x
// sends `osd-name` where Kibana sends `kbn-name` (later releases send no name header at all,
// OpenSearch-Dashboards#574), and its security plugin sends anonymous browsers to
// `/app/login?nextUrl=…` where Kibana uses `/login?next=…`.
//
// Access: without the security plugin, `GET /` is redirected into the app (`defaultRoute`,
// `/app/home`) and `/api/status` is readable. With it, every page request without a session is
// redirected to `/app/login` and API requests get 401 `Authentication required`; but `/api/status`
// stayed readable anonymously until 2.0 (`unauthenticated_routes` default, security-dashboards-
// plugin#945) and still is wherever an operator lists it there. So a readable status document is
// never the proof on its own: the root redirect says whether pages need a login.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const OSD_STATUS_PATH = '/api/status';

/** The security plugin's login page, with the `nextUrl` it sends browsers back to. */
const LOGIN_LOCATION = /\/app\/login(\?nextUrl=|\/?$)/;
/** Where `GET /` lands without a login: `defaultRoute` (`/app/home` unless changed) or another app. */
const APP_LOCATION = /\/app\/(?!login\b)[\w-]+/;
const OSD_PAGE = /<title>OpenSearch Dashboards<\/title>|osd-injected-metadata|Please login to OpenSearch Dashboards/;

const isRedirect = (response: HttpResponse) => response.status >= 300 && response.status < 400;

/** The root sends an anonymous browser to the security plugin's login page. */
function redirectsToLogin(root: HttpResponse): boolean {
  return isRedirect(root) && LOGIN_LOCATION.test(root.headers.location ?? '');
}

/**
 * A status document from OpenSearch Dashboards: the legacy format lists `core:opensearch@<version>`
 * among its statuses, the `v8format` one has `status.core.opensearch`. Kibana's never does.
 */
export function isOpenSearchDashboardsStatus(json: unknown): boolean {
  if (!isRecord(json) || !isRecord(json.status)) return false;
  const { statuses, core } = json.status;
  if (
    Array.isArray(statuses) &&
    statuses.some((entry) => isRecord(entry) && typeof entry.id === 'string' && entry.id.startsWith('core:opensearch@'))
  )
    return true;
  return isRecord(core) && isRecord(core.opensearch);
}

interface Status {
  readonly version: string;
  readonly overall: string;
}

/** A full OpenSearch Dashboards status document: version, build and an overall state. */
function osdStatusOf(response: HttpResponse | undefined): Status | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isOpenSearchDashboardsStatus(json) || !isRecord(json) || !isRecord(json.version) || !isRecord(json.status))
    return undefined;
  const { number } = json.version;
  if (typeof number !== 'string' || !/^\d+\.\d+\.\d+/.test(number) || json.version.build_hash === undefined)
    return undefined;
  const overall = isRecord(json.status.overall) ? (json.status.overall.state ?? json.status.overall.level) : undefined;
  return { version: number, overall: typeof overall === 'string' ? overall : 'unknown' };
}

/** 401 from the security plugin (Boom's error body with its message), or a 403. */
function refused(response: HttpResponse | undefined): boolean {
  if (response?.status === 403) return true;
  if (response?.status !== 401) return false;
  const json = parseJson(response);
  return isRecord(json) && json.statusCode === 401 && json.error === 'Unauthorized';
}

/** Signals that the server is OpenSearch Dashboards, whatever its access. */
function identitySignals(responses: readonly HttpResponse[]): string[] {
  const signals = new Set<string>();
  for (const response of responses) {
    if (response.headers['osd-name'] !== undefined) signals.add('osd-name header');
    if (OSD_PAGE.test(response.body)) signals.add('OpenSearch Dashboards page markup');
  }
  return [...signals];
}

declare module './service.js' {
  interface DetailsByProduct {
    'opensearch-dashboards': {
      readonly overallStatus?: string;
      readonly loginPage?: boolean;
      /** /api/status answered anonymously although the pages need a login (before 2.0). */
      readonly statusReadable?: boolean;
    };
  }
}

export const openSearchDashboardsFingerprint: HttpFingerprint<'opensearch-dashboards'> = {
  products: ['opensearch-dashboards'],
  hintPorts: [5601],
  requests: [OSD_STATUS_PATH],
  suggestedBy: (root) =>
    identitySignals([root]).length > 0 ||
    (isRedirect(root) &&
      (LOGIN_LOCATION.test(root.headers.location ?? '') || /\/app\/home\b/.test(root.headers.location ?? ''))),
  identify(observation: HttpObservation): Service<'opensearch-dashboards'> | undefined {
    const { root } = observation;
    const statusResponse = responseAt(observation, OSD_STATUS_PATH);
    const status = osdStatusOf(statusResponse);
    const loginRedirect = redirectsToLogin(root);
    const signals = identitySignals(statusResponse ? [root, statusResponse] : [root]);
    if (status) signals.push('/api/status returned the OpenSearch Dashboards status document (core:opensearch)');
    // Nothing OpenSearch Dashboards' own: a redirect to /app/login alone is not enough to name it.
    if (signals.length === 0 && !(loginRedirect && refused(statusResponse))) return undefined;

    const version = status ? { version: status.version } : {};
    if (loginRedirect || refused(statusResponse)) {
      if (loginRedirect) signals.push('redirect to the security plugin login page (/app/login)');
      if (refused(statusResponse)) signals.push(`/api/status answered ${statusResponse?.status}`);
      // Pages need a login, whatever /api/status says (readable anonymously before 2.0).
      return {
        product: 'opensearch-dashboards',
        ...version,
        access: 'auth-required',
        signals,
        details: { loginPage: loginRedirect, statusReadable: status !== undefined },
      };
    }
    // The root went into the app without asking anyone to log in, and the status is readable.
    const intoApp = isRedirect(root) && APP_LOCATION.test(root.headers.location ?? '');
    if (status && (intoApp || (root.status === 200 && OSD_PAGE.test(root.body)))) {
      if (intoApp) signals.push('redirect into the app without a login');
      return {
        product: 'opensearch-dashboards',
        ...version,
        access: 'open',
        signals,
        details: { overallStatus: status.overall },
      };
    }
    return { product: 'opensearch-dashboards', ...version, access: 'unknown', signals };
  },
};
