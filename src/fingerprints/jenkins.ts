// Jenkins. Every page Jenkins renders, and every refusal it sends, carries `X-Jenkins: <version>`
// and `X-Hudson: 1.395` (`Functions.advertiseHeaders`), so identity and version come from the
// headers of `GET /`. Access: `GET /api/json` returns the root object (jobs, views, `useSecurity`)
// to anyone holding Overall/Read; an anonymous client without it gets 403 and a page that sends
// browsers to `/login?from=…` (`HudsonAuthenticationEntryPoint`), with `X-You-Are-Authenticated-As:
// anonymous`. The page and the JSON carry crumbs and job URLs; only counts are kept.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

export const API_JSON_PATH = '/api/json';

const VERSION = /^\d+(\.\d+)+$/;

function jenkinsHeaders(response: HttpResponse): boolean {
  return response.headers['x-jenkins'] !== undefined || response.headers['x-hudson'] !== undefined;
}

function versionOf(responses: readonly HttpResponse[]): string | undefined {
  for (const response of responses) {
    const version = response.headers['x-jenkins']?.trim();
    if (version && VERSION.test(version)) return version;
  }
  return undefined;
}

/** Jenkins' refusal of an anonymous client: 403 sending the browser to the login form. */
function loginRedirect(response: HttpResponse | undefined): boolean {
  if (response?.status !== 403) return false;
  return (
    /\/login\?from=/.test(response.body) || /^anonymous$/i.test(response.headers['x-you-are-authenticated-as'] ?? '')
  );
}

interface RootObject {
  readonly jobs: number;
  readonly useSecurity: boolean;
}

/** The root object of `/api/json`: a jobs list and the `useSecurity` flag (1.x and 2.x alike). */
function rootObjectOf(response: HttpResponse | undefined): RootObject | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !Array.isArray(json.jobs) || typeof json.useSecurity !== 'boolean') return undefined;
  if (!('mode' in json || 'nodeDescription' in json || json._class === 'hudson.model.Hudson')) return undefined;
  return { jobs: json.jobs.length, useSecurity: json.useSecurity };
}

export const jenkinsFingerprint: HttpFingerprint = {
  products: ['jenkins'],
  requests: [API_JSON_PATH],
  suggestedBy: jenkinsHeaders,
  identify(observation: HttpObservation): Service | undefined {
    const { root } = observation;
    const api = responseAt(observation, API_JSON_PATH);
    const responses = api ? [root, api] : [root];
    if (!responses.some(jenkinsHeaders)) return undefined;
    const signals = ['X-Jenkins / X-Hudson headers'];
    const version = versionOf(responses);
    const base = { product: 'jenkins', ...(version ? { version } : {}) };

    const rootObject = rootObjectOf(api);
    if (rootObject) {
      signals.push('/api/json returned the Jenkins root object without credentials');
      return {
        ...base,
        access: 'open',
        signals,
        details: { jobs: rootObject.jobs, useSecurity: rootObject.useSecurity },
      };
    }
    if (loginRedirect(api) || loginRedirect(root)) {
      signals.push('403 sending the anonymous client to the Jenkins login form');
      return { ...base, access: 'auth-required', signals, details: { loginPage: true } };
    }
    return { ...base, access: 'unknown', signals };
  },
};
