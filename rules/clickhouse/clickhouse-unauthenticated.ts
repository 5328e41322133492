import { defineRule, type FindingDraft } from '../../src/engine/rule.js';
import { productName } from '../../src/engine/service-rule.js';

export default defineRule({
  meta: {
    id: 'clickhouse-unauthenticated',
    title: 'ClickHouse accepts the default user without a password',
    severity: 'critical',
    products: ['clickhouse'],
    tags: ['clickhouse', 'database', 'analytics', 'unauth'],
    cwe: ['CWE-306', 'CWE-521'],
    description:
      'ClickHouse let a client in as `default` with an empty password: over HTTP it ran `SELECT version()`, or on the native port it ' +
      'answered the client Hello with its own. `default` has every right unless restricted, so whoever reaches the port can read, ' +
      'change and drop every table, and often read files or reach other hosts through table functions. A `default` user with a ' +
      'password makes the server answer with an authentication error (code 516, or 192–194 before 20.x).',
    remediation:
      'Give `default` a password (`password_sha256_hex` or `password_double_sha1_hex` in users.xml, or `ALTER USER default`), or disable it ' +
      'and create named users with SQL-driven access control; restrict `<networks>` to the addresses that need it; listen on private ' +
      'addresses only (`listen_host`) and block ports 8123 and 9000 from the internet.',
    references: [
      'https://clickhouse.com/docs/en/operations/settings/settings-users',
      'https://clickhouse.com/docs/en/operations/access-rights',
      'https://clickhouse.com/docs/en/interfaces/http',
    ],
    defaultPorts: [8123, 9000],
  },
  protocols: ['http', 'clickhouse'],
  check(evidence) {
    const native = evidence.observation.protocol === 'clickhouse';
    return evidence.services
      .filter((service) => service.product === 'clickhouse' && service.access === 'open')
      .map((service): FindingDraft => ({
        product: 'clickhouse',
        ...(service.version ? { version: service.version } : {}),
        message: native
          ? `${productName(service)} accepted the native-protocol login of user default with an empty password.`
          : `${productName(service)} ran SELECT version() over HTTP as user default with no password.`,
        confidence: 'confirmed',
        evidence: {
          interface: native ? 'native' : 'http',
          user: 'default',
          request: native ? 'client Hello (user default, empty password)' : 'GET /?query=SELECT%20version()',
          signals: service.signals,
        },
      }));
  },
});
