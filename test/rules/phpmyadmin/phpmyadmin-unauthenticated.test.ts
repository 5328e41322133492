// Responses recorded from phpMyAdmin 5.2.1 (Debian 12 package 5.2.1+dfsg-1+deb12u1) under PHP
// 8.2's built-in server on this machine, logged in to MariaDB 10.11.19 by `auth_type = config`
// (test/fixtures/recorded/phpmyadmin, SOURCES.md; session cookies and tokens redacted).
// Real server: test/integration/phpmyadmin.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/phpmyadmin/phpmyadmin-unauthenticated.js';
import { phpMyAdminFingerprint } from '../../../src/fingerprints/phpmyadmin.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { recordedResponse } from '../../helpers/recorded-http.js';
import { testRule } from '../../helpers/rule-tester.js';

const home = recordedResponse('phpmyadmin/home-no-login-5.2.1.http');
const login = recordedResponse('phpmyadmin/login-5.2.1.http');
const httpAuth = recordedResponse('phpmyadmin/http-auth-401-5.2.1.http');
const accessDenied = recordedResponse('phpmyadmin/config-auth-access-denied-5.2.1.http');
const phpSite = response(
  200,
  '<html><head><title>Example shop</title></head><body><a href="/cart.php">Cart</a></body></html>',
  { 'x-powered-by': 'PHP/8.2.36' },
);
// The recorded home page with its "Database server" panel cut out: the logged-in markup alone.
const withoutServerPanel = { ...home, body: home.body.replace(/Database server[\s\S]*?<\/ul>/, '') };

testRule(rule, {
  invalid: [
    {
      name: 'phpMyAdmin 5.2.1 with auth_type config: the home page of a logged-in session',
      evidence: evidenceOf(httpObservation(home)),
      findings: [
        {
          product: 'phpmyadmin',
          version: '5.2.1',
          confidence: 'confirmed',
          message:
            'phpMyAdmin 5.2.1 at / is logged in to MariaDB 10.11.19-MariaDB-0+deb12u1 - Debian 12 without credentials.',
          evidence: {
            path: '/',
            authType: 'config',
            databaseServer: 'MariaDB 10.11.19-MariaDB-0+deb12u1 - Debian 12',
            databaseUser: 'root@localhost',
            databaseCount: 4,
            databaseNames: ['information_schema', 'mysql', 'performance_schema', 'sys'],
            build: '5.2.1deb1+deb12u1',
            signals: [
              'phpMyAdmin page title',
              'phpMyAdmin page markup',
              'phpMyAdmin cookie',
              'home page served without login (logged_in: true, server menu links)',
              'Database server panel names the server version',
            ],
          },
        },
      ],
    },
    {
      name: 'the same under /phpmyadmin/ of a PHP site',
      evidence: evidenceOf(httpObservation(phpSite, { '/phpmyadmin/': home })),
      findings: [{ product: 'phpmyadmin', version: '5.2.1', evidence: { path: '/phpmyadmin/' } }],
    },
  ],
  valid: [
    {
      name: 'cookie authentication: the login form',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(login)),
    },
    {
      name: 'config authentication with wrong stored credentials: "Access denied"',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(accessDenied)),
    },
    {
      name: 'HTTP authentication: phpMyAdmin’s own Basic challenge',
      evidence: evidenceOf(httpObservation(httpAuth)),
    },
    {
      name: 'logged-in markup without the database server panel: one signal of access, not two',
      evidence: evidenceOf(httpObservation(withoutServerPanel)),
    },
  ],
});

describe('phpmyadmin fingerprint: which roots get /phpmyadmin/ asked', () => {
  it.each([
    ['a PHP site', true, phpSite],
    ['a redirect to /phpmyadmin/', true, response(302, '', { location: '/phpmyadmin/' })],
    ['phpMyAdmin itself at the root', false, login],
    [
      'a static site',
      false,
      response(200, '<html><title>Home</title><a href="/about.html">About</a></html>', { server: 'nginx' }),
    ],
  ] as const)('%s → asked: %s', (_name, asked, root) => {
    expect(phpMyAdminFingerprint.suggestedBy(root)).toBe(asked);
  });
});
