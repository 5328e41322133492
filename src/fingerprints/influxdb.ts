// InfluxDB 1.x (and 2.x's 1.x-compatible API). Every HTTP answer carries `X-Influxdb-Version` and
// `X-Influxdb-Build` (services/httpd/handler.go adds them before routing), `/` included, which
// answers Go's `404 page not found`. Two read-only requests tell who may read it:
// `GET /query?q=SHOW DATABASES` (GET only runs SELECT and SHOW) answers the database list when
// `auth-enabled = false`, the 1.x default, and 401 `{"error":"unable to parse authentication
// credentials"}` otherwise (2.x: 401 `{"code":"unauthorized",…}`); `GET /debug/vars` answers the
// expvar dump (databases, measurements and series counts, memory statistics, the command line)
// unless `pprof-auth-enabled` is set, and is readable even with `auth-enabled = true` otherwise.
// That last state is its own: queries need credentials, metadata does not (database names, series
// counts, the command line): `metadata-only`, never `open`. Only an answered query is `open`.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { DetailsByProduct, HttpFingerprint, Service } from './service.js';

const INFLUX_QUERY_PATH = '/query?q=SHOW%20DATABASES';
const INFLUX_DEBUG_VARS_PATH = '/debug/vars';

function versionHeader(response: HttpResponse): string | undefined {
  const value = response.headers['x-influxdb-version'];
  return value !== undefined && /^v?\d+\.\d+/.test(value) ? value.replace(/^v/, '') : undefined;
}

/** `SHOW DATABASES` answered: `{"results":[{"statement_id":0,"series":[{"name":"databases",…}]}]}`. */
function databasesShown(response: HttpResponse | undefined): string[] | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !Array.isArray(json.results) || !isRecord(json.results[0])) return undefined;
  const result = json.results[0];
  if (result.series === undefined) return 'statement_id' in result ? [] : undefined;
  if (!Array.isArray(result.series) || !isRecord(result.series[0]) || result.series[0].name !== 'databases')
    return undefined;
  const values = result.series[0].values;
  if (!Array.isArray(values)) return [];
  return values
    .map((row) => (Array.isArray(row) && typeof row[0] === 'string' ? row[0] : undefined))
    .filter((name): name is string => name !== undefined);
}

interface DebugVars {
  readonly databases: readonly string[];
  readonly series: number;
}

/** The expvar dump of influxd: `cmdline` naming influxd, `memstats`, and one `database:<name>` key per database. */
function debugVarsOf(response: HttpResponse | undefined): DebugVars | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (
    !isRecord(json) ||
    !Array.isArray(json.cmdline) ||
    !json.cmdline.some((arg) => typeof arg === 'string' && /influxd\b/.test(arg))
  )
    return undefined;
  const databases: string[] = [];
  let series = 0;
  for (const [key, value] of Object.entries(json)) {
    if (!key.startsWith('database:') || !isRecord(value) || value.name !== 'database') continue;
    databases.push(key.slice('database:'.length));
    if (isRecord(value.values) && typeof value.values.numSeries === 'number') series += value.values.numSeries;
  }
  return { databases, series };
}

function refused(response: HttpResponse | undefined): boolean {
  if (response?.status !== 401 && response?.status !== 403) return false;
  const json = parseJson(response);
  return isRecord(json) && (typeof json.error === 'string' || json.code === 'unauthorized');
}

declare module './service.js' {
  interface DetailsByProduct {
    influxdb: {
      /** Which requests answered without credentials: the query, the expvar dump, or both. */
      readonly provenBy: readonly ('query' | 'debug/vars')[];
      /** Database count and the first 20 names, from SHOW DATABASES or the expvar dump. */
      readonly databases: number;
      readonly databaseNames: readonly string[];
      /** Series summed over databases, when /debug/vars answered. */
      readonly series?: number;
      /** Set when only /debug/vars answered: whether /query refused without credentials. */
      readonly queryRefused?: boolean;
    };
  }
}

type InfluxDetails = DetailsByProduct['influxdb'];

export const influxdbFingerprint: HttpFingerprint<'influxdb'> = {
  products: ['influxdb'],
  requests: [INFLUX_QUERY_PATH, INFLUX_DEBUG_VARS_PATH],
  suggestedBy: (root) => versionHeader(root) !== undefined,
  identify(observation: HttpObservation): Service<'influxdb'> | undefined {
    const root = observation.root;
    const query = responseAt(observation, INFLUX_QUERY_PATH);
    const debug = responseAt(observation, INFLUX_DEBUG_VARS_PATH);
    const responses = [root, query, debug].filter((response): response is HttpResponse => response !== undefined);
    const version = responses.map(versionHeader).find((value) => value !== undefined);
    if (!version) return undefined;
    const identity = ['X-Influxdb-Version header'];

    const shown = databasesShown(query);
    const vars = debugVarsOf(debug);
    const provenBy: InfluxDetails['provenBy'][number][] = [];
    if (shown) provenBy.push('query');
    if (vars) provenBy.push('debug/vars');
    const details = (databases: readonly string[]): InfluxDetails => ({
      provenBy,
      databases: databases.length,
      databaseNames: databases.slice(0, 20),
      ...(vars ? { series: vars.series } : {}),
    });
    if (shown) {
      return {
        product: 'influxdb',
        version,
        access: 'open',
        signals: [
          'SHOW DATABASES answered without credentials',
          ...(vars ? ['/debug/vars answered the influxd expvar dump'] : []),
          ...identity,
        ],
        details: details(shown),
      };
    }
    if (vars) {
      // /query refused (or unanswered) while the expvar dump is public: metadata, not data.
      return {
        product: 'influxdb',
        version,
        access: 'metadata-only',
        signals: [
          '/debug/vars answered the influxd expvar dump',
          ...identity,
          ...(refused(query) ? ['/query refused without credentials'] : []),
        ],
        details: { ...details(vars.databases), queryRefused: refused(query) },
      };
    }
    if (refused(query))
      return {
        product: 'influxdb',
        version,
        access: 'auth-required',
        signals: [...identity, '/query refused without credentials'],
      };
    return { product: 'influxdb', version, access: 'unknown', signals: identity };
  },
};
