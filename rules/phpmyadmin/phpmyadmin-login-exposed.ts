import { serviceRule } from '../../src/engine/service-rule.js';

export default serviceRule({
  meta: {
    id: 'phpmyadmin-login-exposed',
    title: 'phpMyAdmin login page is reachable',
    severity: 'medium',
    products: ['phpmyadmin'],
    tags: ['phpmyadmin', 'mysql', 'database', 'management-ui', 'login-page', 'php'],
    cwe: ['CWE-668'],
    description:
      'phpMyAdmin served its login form (`pma_username` / `pma_password`), or its HTTP authentication challenge, to a client that sent no ' +
      'credentials. Credentials are still required, but anyone who reaches it can try passwords against the MySQL or MariaDB accounts ' +
      'behind it, and phpMyAdmin has a long history of flaws reachable by anyone who gets past or near its login.',
    remediation:
      'Keep phpMyAdmin off public addresses: restrict it in the web server (IP allow-list or HTTP authentication in front), or reach it ' +
      'through a VPN or SSH tunnel; set `AllowRoot = false` and strong database passwords, and keep it up to date.',
    references: [
      'https://docs.phpmyadmin.net/en/latest/setup.html#securing-your-phpmyadmin-installation',
      'https://www.phpmyadmin.net/security/',
    ],
    defaultPorts: [80, 443, 8080],
  },
  protocols: ['http'],
  product: 'phpmyadmin',
  // Two signals: phpMyAdmin's own markup (title, cookies, assets, realm) and its login form or challenge.
  when: 'login-page',
  message: (service) =>
    `${service.version ? `phpMyAdmin ${service.version}` : 'phpMyAdmin'} serves its ${service.details?.authType === 'http' ? 'HTTP authentication prompt' : 'login page'} at ${String(service.details?.path ?? '/')}.`,
  evidence: (service) => ({
    path: String(service.details?.path ?? '/'),
    authType: String(service.details?.authType ?? 'cookie'),
    ...(typeof service.details?.build === 'string' ? { build: service.details.build } : {}),
  }),
});
