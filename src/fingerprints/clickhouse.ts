// ClickHouse's HTTP interface (8123). `GET /` answers `Ok.` with or without credentials; identity
// is that answer and the `X-ClickHouse-*` headers on query responses. Access is one query,
// `SELECT version()`, sent as a GET: ClickHouse runs GET queries read-only (readonly=2), and this
// one reads no table. It runs as `default` with no password unless that user has one; then the
// server answers 401 (or 500 before 19.x) with `Code: 194` (or 192/193, 516 since 20.x).
import type { HttpObservation, HttpResponse } from '../probes/http-observation.js';
import { responseAt } from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

const VERSION_QUERY_PATH = '/?query=SELECT%20version()';

const VERSION_BODY = /^(\d+\.\d+\.\d+(?:\.\d+)?)\n?$/;
const AUTH_ERROR = /^Code: (192|193|194|516)\b|\(AUTHENTICATION_FAILED\)|\(REQUIRED_PASSWORD\)/;
const IP_NOT_ALLOWED = /^Code: 195\b|\(IP_ADDRESS_NOT_ALLOWED\)/;

function hasClickhouseHeaders(response: HttpResponse | undefined): boolean {
  return response !== undefined && Object.keys(response.headers).some((name) => name.startsWith('x-clickhouse-'));
}

function rootSaysOk(root: HttpResponse): boolean {
  return root.status === 200 && root.body === 'Ok.\n';
}

export const clickhouseFingerprint: HttpFingerprint = {
  products: ['clickhouse'],
  hintPorts: [8123],
  requests: [VERSION_QUERY_PATH],
  suggestedBy: (root) => rootSaysOk(root) || hasClickhouseHeaders(root),
  identify(observation: HttpObservation): Service | undefined {
    const root = observation.root;
    const query = responseAt(observation, VERSION_QUERY_PATH);
    const signals: string[] = [];
    if (rootSaysOk(root)) signals.push('root answered "Ok."');
    if (hasClickhouseHeaders(root) || hasClickhouseHeaders(query)) signals.push('X-ClickHouse-* headers');
    const version = query?.status === 200 && !query.truncated ? VERSION_BODY.exec(query.body)?.[1] : undefined;
    if (version && signals.length > 0) {
      return {
        product: 'clickhouse',
        version,
        access: 'open',
        signals: ['SELECT version() answered a version', ...signals],
        details: { interface: 'http' },
      };
    }
    // Without ClickHouse's own headers or root answer, a version-shaped body or an error text is any server's.
    if (signals.length === 0 || !query) return undefined;
    if (query.status >= 400 && AUTH_ERROR.test(query.body)) {
      return {
        product: 'clickhouse',
        access: 'auth-required',
        signals: [...signals, 'SELECT version() refused with an authentication error'],
        details: { interface: 'http' },
      };
    }
    if (query.status >= 400 && IP_NOT_ALLOWED.test(query.body)) {
      return {
        product: 'clickhouse',
        access: 'refused',
        signals: [...signals, 'SELECT version() refused: address not allowed'],
        details: { interface: 'http' },
      };
    }
    return signals.length >= 2
      ? { product: 'clickhouse', access: 'unknown', signals, details: { interface: 'http' } }
      : undefined;
  },
};
