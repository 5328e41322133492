// The Kubernetes API server. Every refusal is a `Status` object (`{"kind":"Status",
// "apiVersion":"v1","status":"Failure",…,"code":401|403}`); since 1.20 every response carries the
// API priority-and-fairness headers (`X-Kubernetes-Pf-Flowschema-Uid`, `…-Prioritylevel-Uid`);
// `GET /version` is readable by anyone under the default RBAC (system:public-info-viewer) and
// names the build (`gitVersion`, `gitCommit`, `platform`). None of that is a finding: the question
// is what the anonymous user may do. By default anonymous requests are authenticated as
// `system:anonymous` and refused by RBAC (403 `… User "system:anonymous" cannot list resource
// "namespaces" …`), or refused outright with `--anonymous-auth=false` (401). A 200 `NamespaceList`
// means someone bound a role to system:anonymous or system:unauthenticated, or runs with
// `--authorization-mode=AlwaysAllow`: the cluster answers whoever asks.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const VERSION_PATH = '/version';
const NAMESPACES_PATH = '/api/v1/namespaces';

interface Status {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

/** A Kubernetes `Status` failure object. */
function statusOf(response: HttpResponse | undefined): Status | undefined {
  if (!response) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    json.kind !== 'Status' ||
    json.apiVersion !== 'v1' ||
    json.status !== 'Failure' ||
    typeof json.code !== 'number'
  )
    return undefined;
  return {
    code: json.code,
    reason: typeof json.reason === 'string' ? json.reason : '',
    message: typeof json.message === 'string' ? json.message : '',
  };
}

function hasFairnessHeaders(response: HttpResponse): boolean {
  return (
    response.headers['x-kubernetes-pf-flowschema-uid'] !== undefined ||
    response.headers['x-kubernetes-pf-prioritylevel-uid'] !== undefined
  );
}

/** `/version`: the build of the API server (version.Info). */
function buildVersionOf(response: HttpResponse | undefined): string | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    typeof json.gitVersion !== 'string' ||
    typeof json.gitCommit !== 'string' ||
    typeof json.platform !== 'string'
  )
    return undefined;
  const match = /^v(\d+\.\d+\.\d+\S*)$/.exec(json.gitVersion);
  return match?.[1];
}

/** The root of an API server that lets the caller read it: the list of API paths. */
function isPathList(response: HttpResponse): boolean {
  if (response.status !== 200) return false;
  const json = parseJson(response);
  return isRecord(json) && Array.isArray(json.paths) && json.paths.includes('/api') && json.paths.includes('/version');
}

interface NamespaceList {
  readonly count: number;
  readonly names: readonly string[];
}

function namespacesOf(response: HttpResponse | undefined): NamespaceList | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.kind !== 'NamespaceList' || !Array.isArray(json.items)) return undefined;
  const names = json.items.map((item) =>
    isRecord(item) && isRecord(item.metadata) && typeof item.metadata.name === 'string'
      ? item.metadata.name
      : undefined,
  );
  return { count: json.items.length, names: names.filter((name): name is string => name !== undefined) };
}

const ANONYMOUS_REFUSAL = /User "system:anonymous" cannot/;

export const kubernetesFingerprint: HttpFingerprint = {
  products: ['kubernetes'],
  hintPorts: [6443, 443, 8443],
  requests: [VERSION_PATH, NAMESPACES_PATH],
  suggestedBy: (root) => statusOf(root) !== undefined || hasFairnessHeaders(root) || isPathList(root),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const versionResponse = responseAt(observation, VERSION_PATH);
    const namespacesResponse = responseAt(observation, NAMESPACES_PATH);
    const responses = [root, versionResponse, namespacesResponse].filter(
      (response): response is HttpResponse => response !== undefined,
    );

    const identity: string[] = [];
    if (responses.some((response) => statusOf(response) !== undefined)) identity.push('Kubernetes Status object');
    if (responses.some(hasFairnessHeaders)) identity.push('API priority-and-fairness headers');
    const version = buildVersionOf(versionResponse);
    if (version) identity.push(`${VERSION_PATH} build info (gitVersion, gitCommit, platform)`);
    if (isPathList(root)) identity.push('root lists the API paths');

    const namespaces = namespacesOf(namespacesResponse);
    if (!namespaces && identity.length === 0) return undefined;
    const base = { product: 'kubernetes', ...(version ? { version } : {}) };
    if (namespaces) {
      return {
        ...base,
        access: 'open',
        signals: [`${NAMESPACES_PATH} returned a NamespaceList without credentials`, ...identity],
        details: { namespaces: namespaces.count, namespaceNames: namespaces.names.slice(0, 20) },
      };
    }
    const refusal = statusOf(namespacesResponse);
    if (refusal && (refusal.code === 401 || refusal.code === 403)) {
      // 403 naming system:anonymous: anonymous authentication is on and RBAC refuses (the default).
      const anonymousAuth = refusal.code === 403 && ANONYMOUS_REFUSAL.test(refusal.message);
      return { ...base, access: 'auth-required', signals: identity, details: { anonymousAuth, refusal: refusal.code } };
    }
    return { ...base, access: 'unknown', signals: identity };
  },
};
