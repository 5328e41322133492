// The Hadoop YARN ResourceManager (web UI and REST API on 8088). `/` redirects to the UI at
// `/cluster`. `GET /ws/v1/cluster/info` answers the cluster information document
// (`{"clusterInfo": {"resourceManagerVersion": …, "hadoopVersion": …, "haState": …, …}}`,
// ResourceManagerRest.md) when the web endpoints use Hadoop's default "simple" authentication
// with anonymous access allowed: requests run as `dr.who`, and the same REST API accepts
// `POST /ws/v1/cluster/apps/new-application` and `POST /ws/v1/cluster/apps`, so anyone who can
// read it can submit an application, that is run commands on the cluster's nodes. With Kerberos
// (SPNEGO) or anonymous access off, the API answers 401 with `WWW-Authenticate: Negotiate` or a
// Jetty "Authentication required" page.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const YARN_INFO_PATH = '/ws/v1/cluster/info';

// The UI's header when simple authentication lets anonymous users in ("Logged in as: dr.who").
const UI_LOGGED_IN = /Logged in as:\s*dr\.who/;

function isAnonymousUi(root: HttpResponse): boolean {
  return (
    root.status === 200 &&
    UI_LOGGED_IN.test(root.body) &&
    /ResourceManager/.test(root.body) &&
    /hadoop/i.test(root.body)
  );
}

function isRedirectToCluster(root: HttpResponse): boolean {
  return root.status >= 300 && root.status < 400 && /\/cluster\/?$/.test(root.headers.location ?? '');
}

interface ClusterInfo {
  readonly version: string;
  readonly state?: string;
  readonly haState?: string;
}

function clusterInfoOf(response: HttpResponse | undefined): ClusterInfo | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !isRecord(json.clusterInfo)) return undefined;
  const info = json.clusterInfo;
  const version = info.resourceManagerVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+/.test(version)) return undefined;
  // The document's own shape: a build string or the HA fields beside the version.
  if (
    typeof info.resourceManagerBuildVersion !== 'string' &&
    typeof info.haState !== 'string' &&
    typeof info.rmStateStoreName !== 'string'
  )
    return undefined;
  return {
    version,
    ...(typeof info.state === 'string' ? { state: info.state } : {}),
    ...(typeof info.haState === 'string' ? { haState: info.haState } : {}),
  };
}

export const hadoopYarnFingerprint: HttpFingerprint = {
  products: ['hadoop-yarn'],
  hintPorts: [8088],
  requests: [YARN_INFO_PATH],
  suggestedBy: (root) => isRedirectToCluster(root) || isAnonymousUi(root),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const infoResponse = responseAt(observation, YARN_INFO_PATH);
    const identity: string[] = [];
    if (isRedirectToCluster(root)) identity.push('root redirects to the ResourceManager UI at /cluster');
    if (isAnonymousUi(root)) identity.push('ResourceManager UI, logged in as dr.who');

    const info = clusterInfoOf(infoResponse);
    if (info) {
      return {
        product: 'hadoop-yarn',
        version: info.version,
        access: 'open',
        signals: [`${YARN_INFO_PATH} returned the cluster information without credentials`, ...identity],
        details: { ...(info.state ? { state: info.state } : {}), ...(info.haState ? { haState: info.haState } : {}) },
      };
    }
    if (identity.length === 0) return undefined;
    if (infoResponse?.status === 401 || infoResponse?.status === 403) {
      return {
        product: 'hadoop-yarn',
        access: 'auth-required',
        signals: [...identity, `${YARN_INFO_PATH} answered ${infoResponse.status}`],
      };
    }
    return { product: 'hadoop-yarn', access: 'unknown', signals: identity };
  },
};
