import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'phpmyadmin-unauthenticated',
    title: 'phpMyAdmin opens a database session without login',
    severity: 'critical',
    products: ['phpmyadmin'],
    tags: ['phpmyadmin', 'mysql', 'database', 'management-ui', 'unauth', 'php'],
    cwe: ['CWE-306'],
    description:
      'phpMyAdmin answered a client that sent no cookie and no credentials with the home page of a logged-in session: the server menu ' +
      '(SQL, Status, Variables, Databases) and the "Database server" panel naming the server version and account. This is ' +
      '`auth_type = config`, where the database credentials sit in the configuration file and every visitor uses them: anyone who reaches ' +
      'the page can read, change and drop every database that account can, and run arbitrary SQL.',
    remediation:
      'Switch to `auth_type = cookie` (or `http`), remove the stored user and password from the configuration, and keep phpMyAdmin off ' +
      'public addresses (IP allow-list or HTTP authentication in the web server, a VPN or an SSH tunnel).',
    references: [
      'https://docs.phpmyadmin.net/en/latest/config.html#cfg_Servers_auth_type',
      'https://docs.phpmyadmin.net/en/latest/setup.html#config-authentication-mode',
    ],
    defaultPorts: [80, 443, 8080],
  },
  protocols: ['http'],
  product: 'phpmyadmin',
  // Two signals: the home page of a logged-in session (logged_in, server menu) and the database server panel.
  when: 'open',
  message: (service) =>
    `${service.version ? `phpMyAdmin ${service.version}` : 'phpMyAdmin'} at ${String(service.details?.path ?? '/')} is logged in to ${String(service.details?.databaseServer ?? 'its database server')} without credentials.`,
  evidence: (service) => ({
    path: String(service.details?.path ?? '/'),
    authType: String(service.details?.authType ?? 'config'),
    databaseServer: String(service.details?.databaseServer ?? ''),
    ...(typeof service.details?.databaseUser === 'string' ? { databaseUser: service.details.databaseUser } : {}),
    databaseCount: Number(service.details?.databaseCount ?? 0),
    databaseNames: Array.isArray(service.details?.databaseNames)
      ? (service.details.databaseNames as readonly string[])
      : [],
    ...(typeof service.details?.build === 'string' ? { build: service.details.build } : {}),
  }),
});
