import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'adminer-exposed',
    title: 'Adminer database login page is reachable',
    severity: 'medium',
    products: ['adminer'],
    tags: ['adminer', 'database', 'management-ui', 'login-page', 'php'],
    cwe: ['CWE-668'],
    description:
      'Adminer, a one-file PHP database manager, served its login form (server, user name, password, database) to a client that sent no ' +
      'credentials. It is a login form, not open data: Adminer only opens a database with that database\u2019s own credentials. But it ' +
      'lets anyone who reaches it try passwords against every database the web server can connect to, including ones that are not exposed ' +
      'themselves, and old versions had server-side request forgery and file-disclosure flaws reachable from this page.',
    remediation:
      'Remove Adminer from production web servers when it is not in use, or restrict it: HTTP authentication or an IP allow-list in the ' +
      'web server, a VPN, or Adminer\u2019s login-servers / login-ip plugins. Keep it up to date.',
    references: ['https://www.adminer.org/en/', 'https://www.adminer.org/en/plugins/'],
    defaultPorts: [80, 443, 8080],
  },
  protocols: ['http'],
  product: 'adminer',
  // Two signals of the login page itself: the Adminer title and its auth[…] form (plus its cookies and version mark).
  when: 'login-page',
  message: (service) =>
    `${service.version ? `Adminer ${service.version}` : 'Adminer'} serves its database login form at ${String(service.details?.path ?? '/')}.`,
  evidence: (service) => ({
    path: String(service.details?.path ?? '/'),
    drivers: Array.isArray(service.details?.drivers) ? (service.details.drivers as readonly string[]) : [],
  }),
});
