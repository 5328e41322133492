// Jupyter (Jupyter Server, which runs JupyterLab and Notebook 7, and the classic Notebook ≤ 6).
// `/` redirects to the default URL with the query appended, `/lab?` or `/tree?`
// (RedirectWithParams). Every page and API answer carries Jupyter's Content-Security-Policy with
// `report-uri <base>api/security/csp-report`. `GET /api` answers `{"version": "…"}` to anyone
// (APIVersionHandler is allow_unauthenticated): the jupyter_server version (0.x–2.x) or, on the
// classic Notebook, the notebook version (4.x–6.x). `GET /api/kernels` needs the token or a login:
// without one the API answers 403 `{"message": "Forbidden", "reason": null}`; answering the
// kernel list means anyone can start a kernel and run code as the server's user. `GET /login`
// shows the password/token form when a token or password is configured.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const JUPYTER_API_PATH = '/api';
const JUPYTER_KERNELS_PATH = '/api/kernels';
const JUPYTER_LOGIN_PATH = '/login';

const CSP_REPORT = /report-uri [^;]*api\/security\/csp-report/;
const DEFAULT_URL_REDIRECT = /\/(?:lab|tree)\??$/;
const LOGIN_REDIRECT = /\/login\?next=%2F(?:[^&]*%2F)?(?:lab|tree)\b/;
const PAGE_TITLE =
  /<title>\s*(?:Jupyter Server|JupyterLab|Jupyter Notebook|Home Page - Select or create a notebook)\s*<\/title>/;
const LOGIN_FORM = /<form\b[^>]*action="[^"]*login\?next=[^"]*"[^>]*method="post"[\s\S]*?name="password"/i;

function isRedirect(response: HttpResponse): boolean {
  return response.status >= 300 && response.status < 400;
}

function rootRedirects(root: HttpResponse): boolean {
  const location = root.headers.location ?? '';
  return isRedirect(root) && (DEFAULT_URL_REDIRECT.test(location) || LOGIN_REDIRECT.test(location));
}

/** `/api`: exactly `{"version": "x.y.z…"}`. */
function apiVersionOf(response: HttpResponse | undefined): string | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    Object.keys(json).length !== 1 ||
    typeof json.version !== 'string' ||
    !/^\d+\.\d+\.\d+/.test(json.version)
  )
    return undefined;
  return json.version;
}

/** `/api/kernels` answered the kernel list: an array of kernel models (id, name). */
function kernelsOf(response: HttpResponse | undefined): number | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!Array.isArray(json)) return undefined;
  return json.every((kernel) => isRecord(kernel) && typeof kernel.id === 'string' && typeof kernel.name === 'string')
    ? json.length
    : undefined;
}

function isForbiddenJson(response: HttpResponse | undefined): boolean {
  if (response?.status !== 403) return false;
  const json = parseJson(response);
  return isRecord(json) && typeof json.message === 'string' && 'reason' in json;
}

export const jupyterFingerprint: HttpFingerprint = {
  products: ['jupyter'],
  requests: [JUPYTER_API_PATH, JUPYTER_KERNELS_PATH, JUPYTER_LOGIN_PATH],
  suggestedBy: (root) =>
    rootRedirects(root) ||
    CSP_REPORT.test(root.headers['content-security-policy'] ?? '') ||
    (root.status === 200 && PAGE_TITLE.test(root.body)),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const api = responseAt(observation, JUPYTER_API_PATH);
    const kernelsResponse = responseAt(observation, JUPYTER_KERNELS_PATH);
    const login = responseAt(observation, JUPYTER_LOGIN_PATH);
    const responses = [root, api, kernelsResponse, login].filter(
      (response): response is HttpResponse => response !== undefined,
    );

    const identity: string[] = [];
    if (responses.some((response) => CSP_REPORT.test(response.headers['content-security-policy'] ?? '')))
      identity.push('Jupyter Content-Security-Policy (report-uri api/security/csp-report)');
    const version = apiVersionOf(api);
    if (version) identity.push(`${JUPYTER_API_PATH} answered the server version`);
    if (rootRedirects(root)) identity.push('root redirects to the Jupyter default URL');
    if (identity.length === 0) return undefined;

    // /api names jupyter_server (0.x–2.x) on Jupyter Server, the notebook package (4.x–6.x) on the
    // classic Notebook. Only the latter is "jupyter" in the version tables; the former is kept apart.
    const major = version ? Number(version.split('.')[0]) : undefined;
    const notebookVersion = major !== undefined && major >= 4 ? version : undefined;
    const base = {
      product: 'jupyter',
      ...(notebookVersion ? { version: notebookVersion } : {}),
    };
    const versionDetails: Record<string, string> = version && !notebookVersion ? { jupyterServerVersion: version } : {};

    const kernels = kernelsOf(kernelsResponse);
    if (kernels !== undefined) {
      return {
        ...base,
        access: 'open',
        signals: [`${JUPYTER_KERNELS_PATH} listed the kernels without a token`, ...identity],
        details: { ...versionDetails, kernels },
      };
    }
    const loginPage = login?.status === 200 && LOGIN_FORM.test(login.body);
    if (isForbiddenJson(kernelsResponse) || loginPage) {
      const signals = [...identity];
      if (isForbiddenJson(kernelsResponse)) signals.push(`${JUPYTER_KERNELS_PATH} answered 403 without a token`);
      if (loginPage) signals.push('Jupyter login form at /login');
      return { ...base, access: 'auth-required', signals, details: { ...versionDetails, loginPage } };
    }
    return { ...base, access: 'unknown', signals: identity, details: versionDetails };
  },
};
