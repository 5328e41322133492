import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'couchdb-admin-party',
    title: 'CouchDB treats every client as a server admin ("admin party")',
    severity: 'critical',
    products: ['couchdb'],
    tags: ['couchdb', 'database', 'unauth', 'admin-party'],
    cwe: ['CWE-306'],
    description:
      'CouchDB has no admin account, so it treats every request without credentials as a server admin: `GET /_session` gave such a ' +
      'client the `_admin` role. Anyone who reaches the address can read, change and delete every database, read and change the ' +
      'configuration, and create the first admin account to lock the owner out. This was the default before CouchDB 3.0.',
    remediation:
      'Create an admin account (`[admins]` in local.ini, or `PUT /_node/_local/_config/admins/<name>`), then give each database a ' +
      '`_security` object; bind CouchDB to private addresses (`[chttpd] bind_address`) and block 5984 from the internet; upgrade to a ' +
      'supported 3.x release, which refuses to start without an admin.',
    references: [
      'https://docs.couchdb.org/en/stable/intro/security.html',
      'https://docs.couchdb.org/en/stable/api/server/authn.html#session',
    ],
    defaultPorts: [5984],
  },
  protocols: ['http'],
  product: 'couchdb',
  // Two signals: CouchDB's welcome document or Server header, and /_session granting _admin.
  when: 'open',
  message: (service) => {
    const count = service.details?.databases;
    return (
      `${service.version ? `CouchDB ${service.version}` : 'CouchDB'} makes every client a server admin` +
      (count === undefined ? '.' : ` (${count} databases).`)
    );
  },
  evidence: (service) => ({
    path: '/_session',
    databases: service.details?.databases ?? null,
    databaseNames: service.details?.databaseNames ?? [],
  }),
});
