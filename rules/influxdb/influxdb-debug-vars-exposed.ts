import { productName, serviceRule } from '../../src/engine/service-rule.js';

// Partial protection, graded as its own state: queries need credentials, the expvar dump does not.
// Metadata disclosure is not data access, so this is medium where an open /query is high.
export default serviceRule({
  meta: {
    id: 'influxdb-debug-vars-exposed',
    title: 'InfluxDB requires credentials for queries but serves /debug/vars without them',
    severity: 'medium',
    products: ['influxdb'],
    tags: ['influxdb', 'database', 'time-series', 'information-disclosure'],
    cwe: ['CWE-200'],
    description:
      'InfluxDB refused `SHOW DATABASES` without credentials (`auth-enabled = true`), but its expvar dump at `/debug/vars` answered ' +
      'anyone: database names, series and measurement counts, write and query statistics, memory statistics and the command line ' +
      'it was started with. No data point can be read this way; the names and volumes of what it stores, and its configuration, can.',
    remediation:
      'Set `pprof-auth-enabled = true` in the `[http]` section (InfluxDB 1.7.10 and later put `/debug/*` behind the same ' +
      'credentials), or block `/debug/` at a proxy in front; keep port 8086 off public addresses.',
    references: [
      'https://docs.influxdata.com/influxdb/v1/administration/config/#pprof-auth-enabled',
      'https://docs.influxdata.com/influxdb/v1/administration/authentication_and_authorization/',
    ],
    defaultPorts: [8086],
  },
  protocols: ['http'],
  product: 'influxdb',
  when: 'metadata-only',
  message: (service) =>
    `${productName(service)} asks for credentials on /query but serves /debug/vars without them (${String(service.details?.databases ?? 0)} database names, series counts).`,
  evidence: (service) => ({
    path: '/debug/vars',
    queryRefused: service.details?.queryRefused ?? false,
    databases: service.details?.databases ?? 0,
    databaseNames: service.details?.databaseNames ?? [],
    ...(service.details?.series !== undefined ? { series: service.details.series } : {}),
  }),
});
