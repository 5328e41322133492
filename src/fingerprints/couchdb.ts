// Apache CouchDB (5984). Identity: `GET /` answers `{"couchdb":"Welcome","version":…}` with
// `Server: CouchDB/<version> (Erlang OTP/<release>)`. Access: CouchDB treats a request without
// credentials as a server admin when no admin account exists ("admin party", the default before
// 3.0), and `GET /_session` says so: the anonymous user context carries the `_admin` role. With an
// admin configured, the same request shows no roles, and admin-only requests (`/_all_dbs` since
// 3.0, `/_config`, creating databases) answer 401 `{"error":"unauthorized"…}`. `/_all_dbs` gives
// the database count and names; no document is read.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

export const SESSION_PATH = '/_session';
export const ALL_DBS_PATH = '/_all_dbs';

const SERVER = /^CouchDB\/(\d+\.\d+\.\d+)|^CouchDB\b/;

function serverHeader(response: HttpResponse): RegExpExecArray | null {
  return SERVER.exec(response.headers.server ?? '');
}

function welcomeOf(root: HttpResponse): { version?: string } | undefined {
  if (root.status !== 200) return undefined;
  const json = parseJson(root);
  if (!isRecord(json) || json.couchdb !== 'Welcome') return undefined;
  return typeof json.version === 'string' ? { version: json.version } : {};
}

/** CouchDB's own refusal: `{"error":"unauthorized","reason":…}`. */
function unauthorized(response: HttpResponse | undefined): boolean {
  if (response?.status !== 401 && response?.status !== 403) return false;
  const json = parseJson(response);
  return (
    isRecord(json) && (json.error === 'unauthorized' || json.error === 'forbidden') && typeof json.reason === 'string'
  );
}

/** Roles `/_session` gives a client that sent no credentials, or undefined when it is not CouchDB's answer. */
function anonymousRolesOf(response: HttpResponse | undefined): readonly string[] | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    json.ok !== true ||
    !isRecord(json.userCtx) ||
    json.userCtx.name !== null ||
    !Array.isArray(json.userCtx.roles)
  )
    return undefined;
  return json.userCtx.roles.filter((role): role is string => typeof role === 'string');
}

/** `/_all_dbs`: a JSON array of database names. */
function databasesOf(response: HttpResponse | undefined): readonly string[] | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  return Array.isArray(json) && json.every((name) => typeof name === 'string') ? (json as string[]) : undefined;
}

declare module './service.js' {
  interface DetailsByProduct {
    couchdb: {
      /** Database count and the first names, when `/_all_dbs` answered. */
      readonly databases?: number;
      readonly databaseNames?: readonly string[];
      readonly allDbsReadable: boolean;
    };
  }
}

export const couchdbFingerprint: HttpFingerprint<'couchdb'> = {
  products: ['couchdb'],
  hintPorts: [5984],
  requests: [SESSION_PATH, ALL_DBS_PATH],
  suggestedBy: (root) => serverHeader(root) !== null || welcomeOf(root) !== undefined,
  identify(observation: HttpObservation): Service<'couchdb'> | undefined {
    const { root } = observation;
    const session = responseAt(observation, SESSION_PATH);
    const allDbs = responseAt(observation, ALL_DBS_PATH);
    const welcome = welcomeOf(root);
    const header = [root, session, allDbs]
      .map((response) => (response ? serverHeader(response) : null))
      .find((match) => match !== null);
    const signals: string[] = [];
    if (welcome) signals.push('welcome document ("couchdb": "Welcome")');
    if (header) signals.push('Server: CouchDB header');
    if (signals.length === 0) return undefined;

    const version = welcome?.version ?? header?.[1];
    const base = { product: 'couchdb' as const, ...(version ? { version } : {}) };
    const roles = anonymousRolesOf(session);
    const databases = databasesOf(allDbs);
    const dbDetails: Service<'couchdb'>['details'] = databases
      ? { databases: databases.length, databaseNames: [...databases].sort().slice(0, 20), allDbsReadable: true }
      : { allDbsReadable: false };
    if (roles?.includes('_admin')) {
      signals.push('/_session gives a client without credentials the _admin role');
      return { ...base, access: 'open', signals, details: dbDetails };
    }
    if (roles !== undefined || unauthorized(allDbs) || unauthorized(root)) {
      signals.push(
        roles !== undefined
          ? '/_session gives a client without credentials no admin role'
          : 'CouchDB refused a request without credentials (401 unauthorized)',
      );
      return { ...base, access: 'auth-required', signals, details: dbDetails };
    }
    return { ...base, access: 'unknown', signals, details: dbDetails };
  },
};
