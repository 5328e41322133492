// Detection parity, per lab endpoint: what nmap named and what exposcan named. The two tools
// spell products differently ("Redis key-value store" / "redis"), so both are reduced to a
// product family first. exposcan "finds at least everything nmap finds" when, at every endpoint:
//   - nmap saw an open port      → exposcan listed the endpoint (identified or not);
//   - nmap named a protocol      → exposcan identified a protocol there;
//   - nmap named a known product (version detection, or the page title) → exposcan named the same
//     product family there;
//   - an nmap script read data without credentials → exposcan has a finding there.
import type { ExposcanFinding, ExposcanService } from './exposcan.js';
import type { LabEndpoint } from './lab.js';
import type { NmapPort } from './nmap.js';

// Order matters: the consoles named after a database come before the database.
const FAMILIES: readonly (readonly [string, RegExp])[] = [
  ['redis-commander', /redis[- ]?commander/i],
  ['mongo-express', /mongo[- ]?express/i],
  ['opensearch-dashboards', /opensearch[- ]?dashboards/i],
  ['pgadmin', /pgadmin/i],
  ['redis', /redis/i],
  ['postgresql', /postgres/i],
  ['memcached', /memcache/i],
  ['mysql', /mysql|mariadb/i],
  ['mongodb', /mongo/i],
  ['cassandra', /cassandra|scylla/i],
  ['kibana', /kibana/i],
  ['opensearch', /opensearch/i],
  ['elasticsearch', /elastic/i],
  ['grafana', /grafana/i],
  ['jenkins', /jenkins/i],
  ['docker', /docker/i],
  ['consul', /consul/i],
  ['couchdb', /couchdb/i],
  ['solr', /solr/i],
  ['jupyter', /jupyter/i],
  ['influxdb', /influx/i],
];

export function productFamily(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return FAMILIES.find(([, pattern]) => pattern.test(name))?.[0];
}

/** nmap scripts whose output, when there is any, shows data read without credentials. */
const DATA_SCRIPTS: Readonly<Record<string, (output: string) => boolean>> = {
  'redis-info': (output) => /Version/i.test(output) && !/auth/i.test(output),
  'memcached-info': (output) => /Process ID|Uptime|Version/i.test(output),
  'mongodb-databases': (output) =>
    /name/i.test(output) && !/Authentication|Unauthorized|requires authentication/i.test(output),
  'couchdb-databases': (output) => output.trim().length > 0 && !/unauthorized|error/i.test(output),
  'docker-version': (output) => /Version/i.test(output),
};

export interface ParityRow {
  readonly host: string;
  readonly port: number;
  readonly lab: string;
  readonly nmap: string;
  readonly nmapScripts: readonly string[];
  readonly exposcan: string;
  readonly exposcanFindings: readonly string[];
  /** ok: exposcan found at least what nmap did here; missed: what nmap found and exposcan did not. */
  readonly verdict: 'ok' | 'missed';
  readonly missed?: string;
  /** Each tool identified a protocol or a product here (not only an open port). */
  readonly nmapIdentified: boolean;
  readonly exposcanIdentified: boolean;
  /** exposcan named a product family nmap did not. */
  readonly exposcanMore: boolean;
}

export function parityRows(
  endpoints: readonly LabEndpoint[],
  nmap: readonly NmapPort[],
  services: readonly ExposcanService[],
  findings: readonly ExposcanFinding[],
): ParityRow[] {
  return endpoints.map((endpoint) => {
    const at = <T extends { host: string; port: number }>(item: T) =>
      item.host === endpoint.host && item.port === endpoint.port;
    const seen = nmap.find(at);
    const mine = services.filter(at);
    const mineFindings = findings.filter((finding) => finding.target && at(finding.target));
    const nmapOpen = seen?.state === 'open';
    // A service nmap only guessed from the port number (method "table", printed with "?") is not a detection.
    const nmapProbed = nmapOpen && seen.method === 'probed';
    const nmapProtocol =
      nmapProbed && seen.service && !['unknown', 'tcpwrapped'].includes(seen.service) ? seen.service : undefined;
    // A product named by version detection, or by the page title http-title read ("Grafana").
    const nmapFamily = nmapOpen
      ? (productFamily(seen.product) ?? productFamily(seen.scripts['http-title']))
      : undefined;
    const scripts = Object.entries(seen?.scripts ?? {}).filter(([, output]) => output.trim().length > 0);
    const dataScripts = scripts.filter(([id, output]) => DATA_SCRIPTS[id]?.(output) === true).map(([id]) => id);
    const identified = mine.filter((service) => service.protocol !== 'unknown');
    const families = new Set(
      identified.map((service) => productFamily(service.product)).filter((family) => family !== undefined),
    );

    let missed: string | undefined;
    if (nmapOpen && mine.length === 0) missed = 'open port not listed';
    else if (nmapProtocol && identified.length === 0) missed = `protocol ${nmapProtocol} not identified`;
    else if (nmapFamily && !families.has(nmapFamily)) missed = `product ${nmapFamily} not named`;
    else if (dataScripts.length > 0 && mineFindings.length === 0)
      missed = `no finding where ${dataScripts.join(', ')} read data`;

    const describeNmap = !seen
      ? 'not scanned'
      : !nmapOpen
        ? seen.state
        : nmapProbed
          ? [seen.service ?? '?', seen.product, seen.version].filter(Boolean).join(' ')
          : `open, unidentified (port table: ${seen.service ?? '?'}?)`;
    const describeMine =
      mine.length === 0
        ? 'not listed'
        : mine
            .map((service) =>
              service.protocol === 'unknown'
                ? 'open, unidentified'
                : [service.protocol, service.product, service.version, service.access].filter(Boolean).join(' '),
            )
            .join('; ');
    const nmapFamilies = new Set([nmapFamily].filter(Boolean));
    return {
      host: endpoint.host,
      port: endpoint.port,
      lab: `${endpoint.label} [${endpoint.role}]`,
      nmap: describeNmap,
      nmapScripts: scripts.map(([id]) => id),
      exposcan: describeMine,
      exposcanFindings: [...new Set(mineFindings.map((finding) => `${finding.ruleId} (${finding.severity})`))],
      nmapIdentified: Boolean(nmapProtocol ?? nmapFamily),
      exposcanIdentified: identified.length > 0,
      verdict: missed ? 'missed' : 'ok',
      ...(missed ? { missed } : {}),
      exposcanMore: [...families].some((family) => !nmapFamilies.has(family)),
    };
  });
}

/** Open ports either tool reported outside the lab's endpoints (there should be none: closed cells). */
export function strayPorts(
  endpoints: readonly LabEndpoint[],
  nmap: readonly NmapPort[],
  services: readonly ExposcanService[],
): string[] {
  const lab = new Set(endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`));
  const stray = [
    ...nmap.filter((port) => port.state === 'open').map((port) => `nmap ${port.host}:${port.port}`),
    ...services.map((service) => `exposcan ${service.host}:${service.port}`),
  ];
  return [...new Set(stray.filter((entry) => !lab.has(entry.split(' ')[1]!)))];
}
