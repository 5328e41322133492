// The kubelet, the node agent of Kubernetes (port 10250, HTTPS; the read-only port 10255, plain
// HTTP, where it is still enabled). `GET /pods` answers the node's `PodList`: every pod's spec,
// environment variables (secrets among them) included. The kubelet registers no handler at `/`,
// and its authentication filter only wraps the paths it serves, so `/` answers Go's default
// `404 page not found` whatever the configuration. `/pods` answers the list when anonymous access
// is allowed (`--anonymous-auth=true` with `--authorization-mode=AlwaysAllow`, or on 10255),
// `Unauthorized` (401) when anonymous authentication is off (the kubeadm default), and
// `Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy)` (403) when the
// Webhook authorizer refuses. Its `PodList` is node-local: it carries no `resourceVersion`, unlike
// every list the API server returns. Only the pod count is ever kept, never names or specs.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const PODS_PATH = '/pods';

const GO_NOT_FOUND = /^404 page not found\n?$/;
const UNAUTHORIZED = /^Unauthorized\n?$/;
const KUBELET_FORBIDDEN = /^Forbidden \(user=[^,]+, verb=get, resource=nodes, subresource=\w+\)\n?$/;
const PODLIST_START = /^\s*\{\s*"kind"\s*:\s*"PodList"\s*,\s*"apiVersion"\s*:\s*"v1"/;

/** What the kubelet's `/` says, as a signal; undefined when it is not the kubelet's shape. */
function rootSignal(root: HttpResponse): string | undefined {
  return root.status === 404 && GO_NOT_FOUND.test(root.body)
    ? 'root answered Go’s default 404 (no handler at /, as on the kubelet)'
    : undefined;
}

interface PodList {
  /** Undefined when the list was cut at the body cap: then only its start was read. */
  readonly pods?: number;
  readonly nodeLocal: boolean;
}

function podListOf(response: HttpResponse | undefined): PodList | undefined {
  if (response?.status !== 200) return undefined;
  if (response.truncated)
    return PODLIST_START.test(response.body)
      ? { nodeLocal: !/"resourceVersion"/.test(response.body.slice(0, 200)) }
      : undefined;
  const json = parseJson(response);
  if (!isRecord(json) || json.kind !== 'PodList' || json.apiVersion !== 'v1' || !Array.isArray(json.items))
    return undefined;
  const nodeLocal = !isRecord(json.metadata) || json.metadata.resourceVersion === undefined;
  return { pods: json.items.length, nodeLocal };
}

export const kubeletFingerprint: HttpFingerprint = {
  products: ['kubelet'],
  hintPorts: [10250, 10255],
  requests: [PODS_PATH],
  // One request, and only where `/` has the kubelet's shape: Go's bare 404.
  suggestedBy: (root) => rootSignal(root) !== undefined,
  identify(observation: HttpObservation): Service | undefined {
    const pods = responseAt(observation, PODS_PATH);
    if (!pods) return undefined;
    const fromRoot = rootSignal(observation.root);
    const list = podListOf(pods);
    if (list) {
      // The API server lists carry a resourceVersion; a list without one is a node's own.
      if (!list.nodeLocal) return undefined;
      return {
        product: 'kubelet',
        access: 'open',
        signals: [`${PODS_PATH} returned the node's PodList without credentials`, ...(fromRoot ? [fromRoot] : [])],
        details: list.pods !== undefined ? { pods: list.pods } : { podsTruncated: true },
      };
    }
    if (pods.status === 401 && UNAUTHORIZED.test(pods.body) && fromRoot) {
      return {
        product: 'kubelet',
        access: 'auth-required',
        signals: [fromRoot, `${PODS_PATH} answered 401 Unauthorized`],
      };
    }
    if (pods.status === 403 && KUBELET_FORBIDDEN.test(pods.body)) {
      return {
        product: 'kubelet',
        access: 'auth-required',
        signals: [`${PODS_PATH} answered the kubelet authorizer’s 403`, ...(fromRoot ? [fromRoot] : [])],
      };
    }
    return undefined;
  },
};
