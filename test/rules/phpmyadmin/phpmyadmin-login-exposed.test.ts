// Responses recorded from phpMyAdmin 5.2.1 (Debian 12 package 5.2.1+dfsg-1+deb12u1) under PHP
// 8.2's built-in server on this machine, with MariaDB 10.11 behind it (test/fixtures/recorded/
// phpmyadmin, SOURCES.md; session cookies and tokens redacted). The web-server login in front and
// the PHP site's own page are built in code and say so. Real server: test/integration/phpmyadmin.test.ts.
import rule from '../../../rules/phpmyadmin/phpmyadmin-login-exposed.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { recordedResponse } from '../../helpers/recorded-http.js';
import { testRule } from '../../helpers/rule-tester.js';

const login = recordedResponse('phpmyadmin/login-5.2.1.http');
const httpAuth = recordedResponse('phpmyadmin/http-auth-401-5.2.1.http');
const home = recordedResponse('phpmyadmin/home-no-login-5.2.1.http');
const accessDenied = recordedResponse('phpmyadmin/config-auth-access-denied-5.2.1.http');
// Built in code: a PHP site's own front page, and a web server's HTTP authentication in front of /phpmyadmin/.
const phpSite = response(
  200,
  '<html><head><title>Example shop</title></head><body><a href="/cart.php">Cart</a></body></html>',
  { 'x-powered-by': 'PHP/8.2.36' },
);
const webServerLogin = response(401, '<html><head><title>401 Unauthorized</title></head></html>', {
  'www-authenticate': 'Basic realm="Restricted"',
  server: 'Apache/2.4.62 (Debian)',
});

testRule(rule, {
  invalid: [
    {
      name: 'phpMyAdmin 5.2.1 with cookie authentication at the root',
      evidence: evidenceOf(httpObservation(login)),
      findings: [
        {
          product: 'phpmyadmin',
          version: '5.2.1',
          confidence: 'confirmed',
          message: 'phpMyAdmin 5.2.1 serves its login page at /.',
          evidence: {
            path: '/',
            authType: 'cookie',
            build: '5.2.1deb1+deb12u1',
            signals: [
              'phpMyAdmin page title',
              'phpMyAdmin page markup',
              'phpMyAdmin cookie',
              'phpMyAdmin login form (pma_username, pma_password)',
            ],
          },
        },
      ],
    },
    {
      name: 'phpMyAdmin 5.2.1 under /phpmyadmin/ of a PHP site',
      evidence: evidenceOf(httpObservation(phpSite, { '/phpmyadmin/': login })),
      findings: [{ product: 'phpmyadmin', version: '5.2.1', evidence: { path: '/phpmyadmin/', authType: 'cookie' } }],
    },
    {
      name: 'phpMyAdmin 5.2.1 with HTTP authentication: its own Basic challenge',
      evidence: evidenceOf(httpObservation(httpAuth)),
      findings: [
        {
          product: 'phpmyadmin',
          version: '5.2.1',
          message: 'phpMyAdmin 5.2.1 serves its HTTP authentication prompt at /.',
          evidence: { authType: 'http' },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'phpMyAdmin behind the web server’s own HTTP authentication',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(phpSite, { '/phpmyadmin/': webServerLogin })),
    },
    {
      name: 'config authentication with wrong stored credentials: "Access denied", no login form',
      evidence: evidenceOf(httpObservation(accessDenied)),
    },
    {
      name: 'config authentication logged in: the other rule’s finding, not a login page',
      evidence: evidenceOf(httpObservation(home)),
    },
    {
      name: 'a PHP site without phpMyAdmin',
      evidence: evidenceOf(httpObservation(phpSite, { '/phpmyadmin/': response(404, 'Not Found') })),
    },
  ],
});
