import { productName, serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'influxdb-unauthenticated',
    title: 'InfluxDB answers queries without credentials',
    severity: 'high',
    products: ['influxdb'],
    tags: ['influxdb', 'database', 'time-series', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'InfluxDB answered `SHOW DATABASES` on `/query` to a client that sent no credentials. An open `/query` (`auth-enabled = false`, ' +
      'the 1.x default) lets anyone read every measurement, and the same endpoint writes and drops data over POST. Evidence `provenBy` ' +
      'says whether `/debug/vars` answered too; `/debug/vars` alone, with `/query` protected, is influxdb-debug-vars-exposed (medium).',
    remediation:
      'Set `auth-enabled = true` with an admin user and per-database users, set `pprof-auth-enabled = true` (`pprof-enabled = false` does not hide /debug/vars), ' +
      'and keep port 8086 off public addresses.',
    references: [
      'https://docs.influxdata.com/influxdb/v1/administration/authentication_and_authorization/',
      'https://docs.influxdata.com/influxdb/v1/administration/config/#http-endpoints-settings',
    ],
    defaultPorts: [8086],
  },
  protocols: ['http'],
  product: 'influxdb',
  // Two signals: the query or debug answer and InfluxDB's X-Influxdb-Version header.
  when: 'open',
  message: (service) =>
    `${productName(service)} answered ${(service.details?.provenBy ?? []).join(' and ')} without credentials (${String(service.details?.databases ?? 0)} databases).`,
  evidence: (service) => ({
    path: '/query',
    provenBy: service.details?.provenBy ?? [],
    databases: service.details?.databases ?? 0,
    databaseNames: service.details?.databaseNames ?? [],
    ...(service.details?.series !== undefined ? { series: service.details.series } : {}),
  }),
});
