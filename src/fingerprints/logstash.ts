// The Logstash monitoring API (port 9600; `api.http.host` is 127.0.0.1 by default since 5.x, so
// answering elsewhere means someone changed it). `/` answers the node banner (`host`, `version`,
// `http_address`, `id`, `name`, build fields); `/_node` the node info: every pipeline with its
// workers and batch settings, the OS and the JVM; `/_node/stats` and `/_node/hot_threads` more of
// the same. It is read-only but discloses the pipeline topology and the host. Since 7.x
// `api.auth.type: basic` puts it behind a 401 with `WWW-Authenticate: Basic realm="logstash-api"`.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const LOGSTASH_NODE_PATH = '/_node';

const REALM = /realm="logstash-api"/;

interface Banner {
  readonly version: string;
}

/** The node banner (root) and the node info (`/_node`) share these fields. */
function nodeFields(
  response: HttpResponse | undefined,
): (Banner & { readonly json: Record<string, unknown> }) | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    typeof json.version !== 'string' ||
    typeof json.http_address !== 'string' ||
    typeof json.id !== 'string' ||
    typeof json.host !== 'string'
  )
    return undefined;
  if (!/^\d+\.\d+\.\d+/.test(json.version)) return undefined;
  return { version: json.version, json };
}

declare module './service.js' {
  interface DetailsByProduct {
    logstash: {
      /** Pipeline count and the first 20 pipeline ids, when /_node listed them. */
      readonly pipelines: number;
      readonly pipelineNames: readonly string[];
    };
  }
}

export const logstashFingerprint: HttpFingerprint<'logstash'> = {
  products: ['logstash'],
  hintPorts: [9600],
  requests: [LOGSTASH_NODE_PATH],
  suggestedBy: (root) => nodeFields(root) !== undefined || REALM.test(root.headers['www-authenticate'] ?? ''),
  identify(observation: HttpObservation): Service<'logstash'> | undefined {
    const root = observation.root;
    const banner = nodeFields(root);
    const node = nodeFields(responseAt(observation, LOGSTASH_NODE_PATH));
    const pipelines = node && isRecord(node.json.pipelines) ? Object.keys(node.json.pipelines) : undefined;
    const signals: string[] = [];
    if (banner) signals.push('Logstash node banner at / (version, http_address)');
    if (node && pipelines) signals.push(`${LOGSTASH_NODE_PATH} returned the node info with its pipelines`);
    if (signals.length > 0) {
      const version = banner?.version ?? node?.version;
      return {
        product: 'logstash',
        ...(version ? { version } : {}),
        access: 'open',
        signals,
        ...(pipelines ? { details: { pipelines: pipelines.length, pipelineNames: pipelines.slice(0, 20) } } : {}),
      };
    }
    if (root.status === 401 && REALM.test(root.headers['www-authenticate'] ?? '')) {
      return {
        product: 'logstash',
        access: 'auth-required',
        signals: ['API basic-auth challenge (realm="logstash-api")'],
      };
    }
    return undefined;
  },
};
