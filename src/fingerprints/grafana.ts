// Grafana. Identity: `GET /` either serves the single-page app (`<title>Grafana</title>`,
// `window.grafanaBootData`), which it does only to a signed-in or anonymous user, or redirects to
// `/login` and sets the `redirect_to` cookie it reads back after the login; `GET /api/health`
// answers anyone with `{commit, database, version}`.
//
// Access: `GET /api/search` answers a client without a session only when anonymous access is on
// (`[auth.anonymous] enabled`), with the dashboards the anonymous role may see; otherwise 401.
// With --credential-checks, `GET /api/user` is tried once with the documented default account
// admin/admin (Basic authentication, on unless `[auth.basic] enabled = false`).
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, HttpRequestSpec, Service } from './service.js';

const HEALTH_PATH = '/api/health';
/** Dashboards only (folders left out); Grafana's default page is 1000 hits, its maximum 5000. */
export const SEARCH_PATH = '/api/search?type=dash-db&limit=5000';
const USER_PATH = '/api/user';
/** Where the default-credential answer is kept, apart from anything anonymous. */
export const ADMIN_USER_KEY = 'grafana admin:admin /api/user';

const ADMIN_REQUEST: HttpRequestSpec = {
  path: USER_PATH,
  key: ADMIN_USER_KEY,
  headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  credentialCheck: true,
};

const GRAFANA_PAGE = /<title>Grafana<\/title>|window\.grafanaBootData\s*=/;
/** `buildInfo` in the boot data the app page carries: `"buildInfo":{…"version":"10.4.2"…}`. */
const BOOT_VERSION = /"buildInfo"\s*:\s*\{[^{}]*?"version"\s*:\s*"(\d+\.\d+\.\d+[^"]{0,40})"/;

function isLoginRedirect(root: HttpResponse): boolean {
  return (
    root.status >= 300 &&
    root.status < 400 &&
    /\/login$/.test(root.headers.location ?? '') &&
    /(^|\n)redirect_to=/.test(root.headers['set-cookie'] ?? '')
  );
}

function isAppPage(root: HttpResponse): boolean {
  return root.status === 200 && GRAFANA_PAGE.test(root.body);
}

interface Health {
  readonly version?: string;
}

/** `/api/health`: `database` is always there; `version` and `commit` unless hidden from anonymous users. */
function healthOf(response: HttpResponse | undefined): Health | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || typeof json.database !== 'string') return undefined;
  const keys = Object.keys(json);
  if (!keys.every((key) => ['commit', 'database', 'version', 'enterpriseCommit'].includes(key))) return undefined;
  return typeof json.version === 'string' && /^\d+\.\d+/.test(json.version) ? { version: json.version } : {};
}

/** Dashboards `/api/search` listed, or undefined when it did not answer with a search result. */
function dashboardsOf(response: HttpResponse | undefined): { count: number; atLeast: boolean } | undefined {
  if (response?.status !== 200) return undefined;
  if (response.truncated) {
    // Cut at the body cap: what arrived still counts, as a floor.
    const count = response.body.match(/"type"\s*:\s*"dash-db"/g)?.length ?? 0;
    return response.body.trimStart().startsWith('[') ? { count, atLeast: true } : undefined;
  }
  const json = parseJson(response);
  if (
    !Array.isArray(json) ||
    !json.every((hit) => isRecord(hit) && typeof hit.uid === 'string' && typeof hit.type === 'string')
  )
    return undefined;
  return { count: json.filter((hit) => isRecord(hit) && hit.type === 'dash-db').length, atLeast: false };
}

function refusesAnonymous(response: HttpResponse | undefined): boolean {
  return response?.status === 401 || response?.status === 403;
}

/** `/api/user` as admin/admin: 200 naming the admin login. */
function acceptsDefaultAdmin(response: HttpResponse | undefined): boolean {
  if (response?.status !== 200) return false;
  const json = parseJson(response);
  return isRecord(json) && json.login === 'admin' && typeof json.id === 'number';
}

declare module './service.js' {
  interface DetailsByProduct {
    grafana: {
      /** Dashboards `/api/search` listed anonymously; `dashboardsAtLeast` when the list hit its limit. */
      readonly dashboards?: number;
      readonly dashboardsAtLeast?: boolean;
      readonly loginPage?: true;
      /** `/api/user` accepted admin/admin (only with --credential-checks). */
      readonly defaultCredentials: boolean;
    };
  }
}

export const grafanaFingerprint: HttpFingerprint<'grafana'> = {
  products: ['grafana'],
  requests: [HEALTH_PATH, SEARCH_PATH, ADMIN_REQUEST],
  suggestedBy: (root) => isLoginRedirect(root) || isAppPage(root),
  identify(observation: HttpObservation): Service<'grafana'> | undefined {
    const { root } = observation;
    const health = healthOf(responseAt(observation, HEALTH_PATH));
    const signals: string[] = [];
    if (isLoginRedirect(root)) signals.push('redirect to /login with the redirect_to cookie');
    if (isAppPage(root)) signals.push('Grafana app page markup');
    // The health document is a signal only beside Grafana's own page or redirect: its shape is small.
    if (signals.length === 0) return undefined;
    if (health) signals.push('/api/health answered with Grafana’s health document');

    const version = health?.version ?? BOOT_VERSION.exec(isAppPage(root) ? root.body : '')?.[1];
    const search = responseAt(observation, SEARCH_PATH);
    const dashboards = dashboardsOf(search);
    const defaultCredentials = acceptsDefaultAdmin(responseAt(observation, ADMIN_USER_KEY));
    if (defaultCredentials) signals.push('/api/user accepted the default admin/admin account');
    const base = { product: 'grafana' as const, ...(version ? { version } : {}) };
    if (dashboards) {
      signals.push('/api/search answered without a session');
      return {
        ...base,
        access: 'open',
        signals,
        details: { dashboards: dashboards.count, dashboardsAtLeast: dashboards.atLeast, defaultCredentials },
      };
    }
    if (refusesAnonymous(search)) {
      signals.push(`/api/search answered ${search?.status}`);
      // The API wants a session, and Grafana serves its login form at /login to anyone.
      return { ...base, access: 'auth-required', signals, details: { loginPage: true, defaultCredentials } };
    }
    return { ...base, access: 'unknown', signals, details: { defaultCredentials } };
  },
};
