// The Docker Engine API over TCP (2375 plain, 2376 TLS), and podman's Docker-compatible service
// (`podman system service tcp:…`). Neither has a route at `/`: a real dockerd 20.10 answers
// `GET /` with a bare 404 `{"message":"page not found"}` and podman 4.3 with a plain-text "Not
// Found", neither with a product header. The daemon's headers (`Server: Docker/<version> (<os>)`
// or `Server: Libpod/<version>`, `Api-Version`, `Ostype`) come only on real routes, so off the
// default ports such a 404 earns one pilot `GET /_ping` ("OK" with those headers), and only a
// pilot that shows them earns `/version` and `/info`. Access: `GET /version`
// and `GET /info` answer anyone who reaches the socket unless TLS client certificates (2376,
// `--tlsverify`) or an authorization plugin stand in the way; whoever can read them can also
// start a privileged container, i.e. own the host. From `/info` only counts are kept: never
// container names, labels, environment or the host name.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import { bareNotFound } from './bare-not-found.js';
import type { HttpFingerprint, Service } from './service.js';

export const PING_PATH = '/_ping';
export const VERSION_PATH = '/version';
export const INFO_PATH = '/info';

/** `Server: Docker/…` or `Libpod/…`, or `Api-Version` beside `Ostype`, `Docker-Experimental` or `Libpod-Api-Version` (a proxy may rewrite `Server`). */
function daemonHeaders(response: HttpResponse): boolean {
  const { headers } = response;
  if (/^(?:Docker|Libpod)\/\S+/.test(headers.server ?? '')) return true;
  return (
    /^\d+\.\d+$/.test(headers['api-version'] ?? '') &&
    (headers.ostype !== undefined ||
      headers['docker-experimental'] !== undefined ||
      headers['libpod-api-version'] !== undefined)
  );
}

/** Podman's own marks: `Server: Libpod/…` or a `Libpod-Api-Version` header. */
function podmanHeaders(response: HttpResponse): boolean {
  return (
    /^Libpod\//.test(response.headers.server ?? '') || /^\d+\.\d+/.test(response.headers['libpod-api-version'] ?? '')
  );
}

interface VersionDoc {
  /** Which engine wrote the document: podman names itself in `Components[0].Name` ("Podman Engine"). */
  readonly implementation: 'docker' | 'podman';
  readonly version: string;
  readonly apiVersion: string;
  readonly os?: string;
  readonly arch?: string;
  readonly kernelVersion?: string;
}

/** `/version`: the engine version with its API version and at least two of the build facts only the daemon reports. */
function versionDocOf(response: HttpResponse | undefined): VersionDoc | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    typeof json.Version !== 'string' ||
    typeof json.ApiVersion !== 'string' ||
    !/^\d+\.\d+$/.test(json.ApiVersion)
  )
    return undefined;
  const facts = ['GoVersion', 'KernelVersion', 'GitCommit', 'BuildTime'].filter((key) => typeof json[key] === 'string');
  if (facts.length < 2) return undefined;
  const text = (key: string): string | undefined =>
    typeof json[key] === 'string' && json[key] !== '' ? json[key] : undefined;
  const [os, arch, kernelVersion] = [text('Os'), text('Arch'), text('KernelVersion')];
  const engine = Array.isArray(json.Components) && isRecord(json.Components[0]) ? json.Components[0].Name : undefined;
  const implementation = typeof engine === 'string' && /^Podman\b/i.test(engine) ? 'podman' : 'docker';
  return {
    implementation,
    version: json.Version,
    apiVersion: json.ApiVersion,
    ...(os ? { os } : {}),
    ...(arch ? { arch } : {}),
    ...(kernelVersion ? { kernelVersion } : {}),
  };
}

interface InfoCounts {
  readonly serverVersion: string;
  readonly containers: number;
  readonly containersRunning?: number;
  readonly images: number;
}

/** `/info`: container and image counts, nothing else. */
function infoCountsOf(response: HttpResponse | undefined): InfoCounts | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    typeof json.Containers !== 'number' ||
    typeof json.Images !== 'number' ||
    typeof json.ServerVersion !== 'string'
  )
    return undefined;
  return {
    serverVersion: json.ServerVersion,
    containers: json.Containers,
    images: json.Images,
    ...(typeof json.ContainersRunning === 'number' ? { containersRunning: json.ContainersRunning } : {}),
  };
}

/** Refused by the daemon itself: an authorization plugin's 403, or 401 from a proxy in front. */
function refused(response: HttpResponse | undefined): boolean {
  return response?.status === 401 || response?.status === 403;
}

/** What `/version` and `/info` said; counts only when `/info` was read. */
type EngineDetails = {
  readonly apiVersion?: string;
  readonly os?: string;
  readonly arch?: string;
  readonly kernelVersion?: string;
  readonly infoReadable?: boolean;
  readonly containers?: number;
  readonly containersRunning?: number;
  readonly images?: number;
};

declare module './service.js' {
  interface DetailsByProduct {
    docker: EngineDetails;
    podman: EngineDetails;
  }
}

export const dockerFingerprint: HttpFingerprint<'docker' | 'podman'> = {
  // podman is its own product: its versions follow its own release lines, not Docker Engine's.
  products: ['docker', 'podman'],
  hintPorts: [2375, 2376],
  requests: [VERSION_PATH, INFO_PATH],
  pilot: { path: PING_PATH, when: (root) => bareNotFound(root) !== undefined },
  suggestedBy: daemonHeaders,
  identify(observation: HttpObservation): Service<'docker' | 'podman'> | undefined {
    const versionResponse = responseAt(observation, VERSION_PATH);
    const infoResponse = responseAt(observation, INFO_PATH);
    const responses = [observation.root, responseAt(observation, PING_PATH), versionResponse, infoResponse].filter(
      (response): response is HttpResponse => response !== undefined,
    );
    const doc = versionDocOf(versionResponse);
    const info = infoCountsOf(infoResponse);
    const podman = doc?.implementation === 'podman' || responses.some(podmanHeaders);
    const product = podman ? 'podman' : 'docker';
    const signals: string[] = [];
    if (responses.some(daemonHeaders))
      signals.push(
        podman
          ? 'Podman API headers (Server: Libpod/…, Api-Version, Libpod-Api-Version)'
          : 'Docker daemon headers (Server: Docker/…, Api-Version)',
      );
    if (doc) signals.push('/version returned the engine version document (ApiVersion, GoVersion, KernelVersion)');
    if (info) signals.push('/info returned the daemon’s system document');
    if (signals.length === 0) return undefined;
    if (doc || info) {
      const details = {
        ...(doc ? { apiVersion: doc.apiVersion } : {}),
        ...(doc?.os ? { os: doc.os } : {}),
        ...(doc?.arch ? { arch: doc.arch } : {}),
        ...(doc?.kernelVersion ? { kernelVersion: doc.kernelVersion } : {}),
        infoReadable: info !== undefined,
        ...(info ? { containers: info.containers, images: info.images } : {}),
        ...(info?.containersRunning !== undefined ? { containersRunning: info.containersRunning } : {}),
      };
      const version = doc?.version ?? info?.serverVersion;
      return { product, ...(version ? { version } : {}), access: 'open', signals, details };
    }
    if (refused(versionResponse)) {
      signals.push(`/version answered ${versionResponse?.status}`);
      return { product, access: 'auth-required', signals };
    }
    return { product, access: 'unknown', signals };
  },
};
