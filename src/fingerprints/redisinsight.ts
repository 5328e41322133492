// Redis Insight (RedisInsight 2.x), Redis's own GUI. The self-hosted build has no users and no
// login: the page at `/` (redisinsight/ui/index.html, titled "Redis Insight", with the
// `__RI_PROXY_PATH__` bootstrap) drives a REST API under `/api` that holds every saved database
// connection, passwords included, and runs any command on them. `GET /api/info` answers the server
// info (GetServerInfoResponse: id, appVersion, buildType, …); `GET /api/databases` the saved
// connections. Only something in front of it (a proxy asking for credentials) protects it.
import { isRecord, parseJson, responseAt, type HttpObservation } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const REDISINSIGHT_INFO_PATH = '/api/info';
const REDISINSIGHT_DATABASES_PATH = '/api/databases';

const TITLE = /<title>\s*Redis ?Insight\s*<\/title>/i;
const BOOTSTRAP = /__RI_PROXY_PATH__|RIPROXYPATH/;

interface ServerInfo {
  readonly appVersion: string;
  readonly buildType: string;
}

function serverInfoOf(observation: HttpObservation): ServerInfo | undefined {
  const response = responseAt(observation, REDISINSIGHT_INFO_PATH);
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    typeof json.appVersion !== 'string' ||
    typeof json.buildType !== 'string' ||
    typeof json.id !== 'string'
  )
    return undefined;
  if (!/^\d+\.\d+/.test(json.appVersion)) return undefined;
  return { appVersion: json.appVersion, buildType: json.buildType };
}

function databaseCount(observation: HttpObservation): number | undefined {
  const response = responseAt(observation, REDISINSIGHT_DATABASES_PATH);
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  return Array.isArray(json) && json.every(isRecord) ? json.length : undefined;
}

declare module './service.js' {
  interface DetailsByProduct {
    redisinsight: {
      /** `buildType` from /api/info (e.g. DOCKER_ON_PREMISE, ELECTRON). */
      readonly buildType: string;
      /** Saved database connections, when /api/databases answered. */
      readonly databases?: number;
    };
  }
}

export const redisInsightFingerprint: HttpFingerprint<'redisinsight'> = {
  products: ['redisinsight'],
  requests: [REDISINSIGHT_INFO_PATH, REDISINSIGHT_DATABASES_PATH],
  suggestedBy: (root) => TITLE.test(root.body) || BOOTSTRAP.test(root.body),
  identify(observation: HttpObservation): Service<'redisinsight'> | undefined {
    const root = observation.root;
    const page = root.status === 200 && TITLE.test(root.body);
    const identity = page
      ? [BOOTSTRAP.test(root.body) ? 'Redis Insight page (title and proxy-path bootstrap)' : 'Redis Insight page title']
      : [];
    const info = serverInfoOf(observation);
    if (!info) {
      if (identity.length === 0) return undefined;
      const refused = responseAt(observation, REDISINSIGHT_INFO_PATH);
      if (refused && (refused.status === 401 || refused.status === 403)) {
        return {
          product: 'redisinsight',
          access: 'auth-required',
          signals: [...identity, `${REDISINSIGHT_INFO_PATH} answered ${refused.status}`],
        };
      }
      return { product: 'redisinsight', access: 'unknown', signals: identity };
    }
    const databases = databaseCount(observation);
    return {
      product: 'redisinsight',
      version: info.appVersion,
      access: 'open',
      signals: [`${REDISINSIGHT_INFO_PATH} returned the server info (appVersion, buildType)`, ...identity],
      details: { buildType: info.buildType, ...(databases !== undefined ? { databases } : {}) },
    };
  },
};
