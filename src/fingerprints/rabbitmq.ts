// RabbitMQ's management plugin (the web UI and HTTP API, 15672 by default). Identity comes from
// its single-page UI (`<title>RabbitMQ Management</title>`, served by Cowboy) and from the API's
// Basic challenge (`WWW-Authenticate: Basic realm="RabbitMQ Management"` on `GET /api/overview`).
// The API has no anonymous access, so the only ways in are credentials: with --credential-checks
// the documented default account guest/guest is tried, read-only, on `/api/whoami` (which names
// the user and its tags) and `/api/overview` (which names the versions).
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, HttpRequestSpec, Service } from './service.js';

const OVERVIEW_PATH = '/api/overview';
const WHOAMI_PATH = '/api/whoami';

/** `Authorization` for guest:guest, RabbitMQ's documented default account. */
const GUEST_AUTHORIZATION = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

/** Where the default-credential responses are kept (not the paths: those hold the anonymous answers). */
export const GUEST_WHOAMI_KEY = 'rabbitmq guest /api/whoami';
export const GUEST_OVERVIEW_KEY = 'rabbitmq guest /api/overview';

const GUEST_REQUESTS: readonly HttpRequestSpec[] = [
  { path: WHOAMI_PATH, key: GUEST_WHOAMI_KEY, headers: { authorization: GUEST_AUTHORIZATION }, credentialCheck: true },
  {
    path: OVERVIEW_PATH,
    key: GUEST_OVERVIEW_KEY,
    headers: { authorization: GUEST_AUTHORIZATION },
    credentialCheck: true,
  },
];

const TITLE = /<title>RabbitMQ Management<\/title>/;
const REALM = /^Basic realm="RabbitMQ Management"/i;

function hasTitle(root: HttpResponse): boolean {
  return root.status === 200 && TITLE.test(root.body);
}

function isCowboy(response: HttpResponse | undefined): boolean {
  return /^Cowboy\b/i.test(response?.headers.server ?? '');
}

/** The API's own challenge: a 401 naming the management realm. */
function demandsCredentials(response: HttpResponse | undefined): boolean {
  return response?.status === 401 && REALM.test(response.headers['www-authenticate'] ?? '');
}

interface Whoami {
  readonly name: string;
  readonly tags: readonly string[];
}

/** `/api/whoami` as guest: 200 naming guest. Tags are a list since 3.9, a comma-separated string before. */
function whoamiOf(response: HttpResponse | undefined): Whoami | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.name !== 'guest') return undefined;
  const tags = Array.isArray(json.tags)
    ? json.tags.filter((tag): tag is string => typeof tag === 'string')
    : typeof json.tags === 'string'
      ? json.tags
          .split(',')
          .map((tag) => tag.trim())
          .filter((tag) => tag !== '')
      : [];
  return { name: json.name, tags };
}

interface Versions {
  readonly rabbitmq: string;
  readonly management?: string;
  readonly erlang?: string;
}

/** Versions from `/api/overview`; nothing else of the document (queue totals, listeners, nodes) is kept. */
function versionsOf(response: HttpResponse | undefined): Versions | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json)) return undefined;
  const rabbitmq = json.rabbitmq_version ?? json.product_version;
  if (typeof rabbitmq !== 'string' || !/^\d+\.\d+/.test(rabbitmq) || typeof json.management_version !== 'string')
    return undefined;
  return {
    rabbitmq,
    management: json.management_version,
    ...(typeof json.erlang_version === 'string' ? { erlang: json.erlang_version } : {}),
  };
}

declare module './service.js' {
  interface DetailsByProduct {
    rabbitmq: {
      readonly loginPage: boolean;
      /** `/api/whoami` accepted guest/guest (only with --credential-checks). */
      readonly defaultCredentials: boolean;
      readonly userTags?: readonly string[];
      readonly managementVersion?: string;
      readonly erlangVersion?: string;
    };
  }
}

export const rabbitmqFingerprint: HttpFingerprint<'rabbitmq'> = {
  products: ['rabbitmq'],
  hintPorts: [15672],
  requests: [OVERVIEW_PATH, ...GUEST_REQUESTS],
  // Cowboy alone serves other Erlang apps too; one request to the API settles it.
  suggestedBy: (root) => hasTitle(root) || isCowboy(root),
  identify(observation: HttpObservation): Service<'rabbitmq'> | undefined {
    const { root } = observation;
    const overview = responseAt(observation, OVERVIEW_PATH);
    const signals: string[] = [];
    if (hasTitle(root)) signals.push('RabbitMQ Management page title');
    if (demandsCredentials(overview)) signals.push('/api/overview answered 401 with the RabbitMQ Management realm');
    if (signals.length === 0) return undefined;
    if (isCowboy(root) || isCowboy(overview)) signals.push('server: Cowboy header');

    const whoami = whoamiOf(responseAt(observation, GUEST_WHOAMI_KEY));
    const versions = versionsOf(responseAt(observation, GUEST_OVERVIEW_KEY));
    if (whoami) signals.push('/api/whoami accepted the default guest account');
    const challenged = demandsCredentials(overview);
    const details = {
      // The UI is public and the API asked for credentials: a login page anyone can reach.
      loginPage: hasTitle(root) && challenged,
      defaultCredentials: whoami !== undefined,
      ...(whoami ? { userTags: whoami.tags } : {}),
      ...(versions?.management ? { managementVersion: versions.management } : {}),
      ...(versions?.erlang ? { erlangVersion: versions.erlang } : {}),
    };
    return {
      product: 'rabbitmq',
      ...(versions ? { version: versions.rabbitmq } : {}),
      // guest/guest is still a credential: anonymous clients were refused.
      access: challenged ? 'auth-required' : 'unknown',
      signals,
      details,
    };
  },
};
