// etcd. Its client port answers `GET /version` (`{"etcdserver":…,"etcdcluster":…}`) to anyone,
// even with auth on; access is what the key-value APIs say:
//   - v3, through the gRPC gateway (3.4+ at /v3): `POST /v3/kv/range` over every key with
//     `count_only`, which returns a cluster header and the number of keys, never a key or value.
//     With auth enabled it answers `etcdserver: user name is empty` (or another auth error);
//   - v2 (off by default since 3.4, the only API before 3.0): `GET /v2/keys`, the root directory.
//     Only its entries are counted; with v2 auth and the guest role revoked it answers 401 (110).
// The root page is Go's bare `404 page not found`, so the requests are sent on 2379, or where
// that 404 carries etcd's CORS headers.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, HttpRequestSpec, Service } from './service.js';

const VERSION_PATH = '/version';
const V2_KEYS_PATH = '/v2/keys';

/**
 * Range over all keys (`key` and `range_end` both "\0"), counting only. A Range is a read: the
 * gateway maps it to the KV.Range RPC, which changes nothing; it is a POST because gRPC methods
 * are. `keys_only` as well, so a server ignoring `count_only` still sends no values;
 * `serializable` so the member answers from its own store without a consensus round.
 */
export const V3_RANGE: HttpRequestSpec & { readonly key: string } = {
  path: '/v3/kv/range',
  key: 'POST /v3/kv/range (count_only)',
  method: 'POST',
  body: JSON.stringify({ key: 'AA==', range_end: 'AA==', keys_only: true, count_only: true, serializable: true }),
};

const AUTH_ERROR =
  /etcdserver: (user name is empty|invalid auth token|permission denied|authentication failed|user name not found|invalid auth management)/;
const ETCD_CORS_METHODS = 'POST, GET, OPTIONS, PUT, DELETE';

interface VersionDoc {
  readonly server: string;
  readonly cluster?: string;
}

function versionOf(response: HttpResponse | undefined): VersionDoc | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || typeof json.etcdserver !== 'string' || !/^\d+\.\d+\.\d+/.test(json.etcdserver))
    return undefined;
  if (typeof json.etcdcluster !== 'string') return undefined;
  return { server: json.etcdserver, ...(/^\d+\.\d+\.\d+/.test(json.etcdcluster) ? { cluster: json.etcdcluster } : {}) };
}

type ApiVerdict = { readonly state: 'open'; readonly count: number } | { readonly state: 'auth-required' } | undefined;

/** The v3 range answer: a count under a cluster header, or an etcd auth error. */
function v3RangeOf(response: HttpResponse | undefined): ApiVerdict {
  if (!response) return undefined;
  const json = parseJson(response);
  if (!isRecord(json)) return undefined;
  if (response.status === 200) {
    const header = json.header;
    if (!isRecord(header) || typeof header.cluster_id !== 'string' || typeof header.revision !== 'string')
      return undefined;
    // int64 is a JSON string in the gateway's encoding; zero is left out altogether.
    const count = json.count === undefined ? '0' : json.count;
    if (typeof count !== 'string' || !/^\d+$/.test(count)) return undefined;
    return { state: 'open', count: Number(count) };
  }
  if (response.status >= 400 && response.status < 500 && typeof json.error === 'string' && AUTH_ERROR.test(json.error))
    return { state: 'auth-required' };
  return undefined;
}

/** The v2 root directory: its entries are counted, never read further. */
function v2KeysOf(response: HttpResponse | undefined): ApiVerdict {
  if (!response) return undefined;
  const json = parseJson(response);
  if (!isRecord(json)) return undefined;
  if (response.status === 200 && json.action === 'get' && isRecord(json.node) && json.node.dir === true) {
    return { state: 'open', count: Array.isArray(json.node.nodes) ? json.node.nodes.length : 0 };
  }
  // errorCode 110: "The request requires user authentication".
  if (response.status === 401 && json.errorCode === 110) return { state: 'auth-required' };
  return undefined;
}

function hasEtcdHeaders(response: HttpResponse | undefined): boolean {
  return (
    response !== undefined &&
    response.headers['x-etcd-cluster-id'] !== undefined &&
    response.headers['x-etcd-index'] !== undefined
  );
}

declare module './service.js' {
  interface DetailsByProduct {
    etcd: {
      readonly clusterVersion?: string;
      /** Keys the v3 range counted, when it answered. */
      readonly v3Keys?: number;
      /** Entries of the v2 root directory, when it answered. */
      readonly v2TopLevelNodes?: number;
      readonly v3?: 'open' | 'auth-required' | 'unanswered';
      readonly v2?: 'open' | 'auth-required' | 'unanswered';
    };
  }
}

export const etcdFingerprint: HttpFingerprint<'etcd'> = {
  products: ['etcd'],
  hintPorts: [2379],
  requests: [VERSION_PATH, V3_RANGE, V2_KEYS_PATH],
  suggestedBy: (root) =>
    root.status === 404 &&
    root.body.startsWith('404 page not found') &&
    root.headers['access-control-allow-methods'] === ETCD_CORS_METHODS,
  identify(observation: HttpObservation): Service<'etcd'> | undefined {
    const version = versionOf(responseAt(observation, VERSION_PATH));
    const v3 = v3RangeOf(responseAt(observation, V3_RANGE.key));
    const v2Response = responseAt(observation, V2_KEYS_PATH);
    const v2 = v2KeysOf(v2Response);
    const signals: string[] = [];
    if (version) signals.push('/version names etcdserver and etcdcluster');
    if (v3?.state === 'open') signals.push('v3 range answered under an etcd cluster header');
    if (v3?.state === 'auth-required') signals.push('v3 range refused with an etcd auth error');
    if (v2 && hasEtcdHeaders(v2Response)) signals.push('v2 keys answered with X-Etcd-Cluster-Id and X-Etcd-Index');
    if (v2?.state === 'open') signals.push('v2 keys returned the root directory');
    if (v2?.state === 'auth-required') signals.push('v2 keys refused with etcd error 110');
    if (!version && !v3 && !v2) return undefined;
    const open = v3?.state === 'open' || v2?.state === 'open';
    const refused = v3?.state === 'auth-required' || v2?.state === 'auth-required';
    const details = {
      ...(version?.cluster ? { clusterVersion: version.cluster } : {}),
      ...(v3?.state === 'open' ? { v3Keys: v3.count } : {}),
      ...(v2?.state === 'open' ? { v2TopLevelNodes: v2.count } : {}),
      v3: v3?.state ?? ('unanswered' as const),
      v2: v2?.state ?? ('unanswered' as const),
    };
    return {
      product: 'etcd',
      ...(version ? { version: version.server } : {}),
      access: open ? 'open' : refused ? 'auth-required' : 'unknown',
      signals,
      details,
    };
  },
};
