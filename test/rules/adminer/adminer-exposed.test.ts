// Responses recorded from Adminer 4.8.1 (Debian 12 package) under PHP 8.2's built-in server on
// this machine (test/fixtures/recorded/adminer, SOURCES.md; cookies and tokens redacted). The
// web-server login in front, the PHP site and the blog page are built in code and say so.
// Real server: test/integration/adminer.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/adminer/adminer-exposed.js';
import { adminerFingerprint } from '../../../src/fingerprints/adminer.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { recordedResponse } from '../../helpers/recorded-http.js';
import { testRule } from '../../helpers/rule-tester.js';

const phpNotFound = recordedResponse('adminer/php-builtin-server-404.http');
const login = recordedResponse('adminer/login-4.8.1.http');
const loginDir = recordedResponse('adminer/login-4.8.1-adminer-dir.http');
const notFound = (path: string) =>
  response(
    404,
    phpNotFound.body.replace('<code class="url">/</code>', `<code class="url">${path}</code>`),
    phpNotFound.headers,
  );
// Built in code: what a web server's own HTTP authentication answers in front of the script.
const webServerLogin = response(
  401,
  '<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>',
  {
    'www-authenticate': 'Basic realm="Restricted"',
    server: 'Apache/2.4.62 (Debian)',
  },
);
const DRIVERS = [
  'MySQL',
  'SQLite 3',
  'SQLite 2',
  'PostgreSQL',
  'Oracle (beta)',
  'MS SQL (beta)',
  'MongoDB (alpha)',
  'Elasticsearch (beta)',
];

testRule(rule, {
  invalid: [
    {
      name: 'Adminer 4.8.1 as /adminer.php on a PHP server',
      evidence: evidenceOf(httpObservation(phpNotFound, { '/adminer.php': login, '/adminer/': notFound('/adminer/') })),
      findings: [
        {
          product: 'adminer',
          version: '4.8.1',
          confidence: 'confirmed',
          message: 'Adminer 4.8.1 serves its database login form at /adminer.php.',
          evidence: {
            path: '/adminer.php',
            drivers: DRIVERS,
            signals: [
              'Adminer page title',
              'Adminer login form (auth[server], auth[username], auth[password])',
              'adminer_sid / adminer_key cookie',
              'Adminer version mark',
            ],
          },
        },
      ],
    },
    {
      name: 'Adminer 4.8.1 as /adminer/ (the Debian package’s layout)',
      evidence: evidenceOf(
        httpObservation(phpNotFound, { '/adminer.php': notFound('/adminer.php'), '/adminer/': loginDir }),
      ),
      findings: [{ product: 'adminer', version: '4.8.1', evidence: { path: '/adminer/' } }],
    },
    {
      name: 'Adminer served at the root (as the container image does)',
      evidence: evidenceOf(httpObservation(login)),
      findings: [{ product: 'adminer', version: '4.8.1', evidence: { path: '/' } }],
    },
  ],
  valid: [
    {
      name: 'Adminer behind the web server’s HTTP authentication',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(phpNotFound, { '/adminer.php': webServerLogin, '/adminer/': webServerLogin }),
      ),
    },
    {
      name: 'a PHP server without Adminer',
      evidence: evidenceOf(
        httpObservation(phpNotFound, { '/adminer.php': notFound('/adminer.php'), '/adminer/': notFound('/adminer/') }),
      ),
    },
    {
      // Built in code: a page whose title names Adminer but that is no Adminer.
      name: 'a blog post titled after Adminer',
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<html><head><title>Why we removed Adminer</title></head><body><p>Use a VPN.</p></body></html>',
          ),
        ),
      ),
    },
    {
      name: 'the Adminer requests failed',
      evidence: evidenceOf(
        httpObservation(phpNotFound, {
          '/adminer.php': { ok: false, failure: 'timeout' },
          '/adminer/': { ok: false, failure: 'reset' },
        }),
      ),
    },
  ],
});

// What decides the extra requests (the rule table above cannot show it: it starts from responses).
describe('adminer fingerprint: which roots get the Adminer paths asked', () => {
  it.each([
    ['the PHP built-in server’s 404 page', true, phpNotFound],
    ['X-Powered-By: PHP', true, response(200, '<html>shop</html>', { 'x-powered-by': 'PHP/8.2.36' })],
    ['a PHPSESSID cookie', true, response(200, '<html>shop</html>', { 'set-cookie': 'PHPSESSID=abc; path=/' })],
    ['links to PHP scripts', true, response(200, '<a href="/index.php?page=2">next</a>')],
    ['a redirect to /adminer/', true, response(302, '', { location: '/adminer/' })],
    ['Adminer itself at the root', false, login],
    [
      'an nginx welcome page',
      false,
      response(200, '<html><title>Welcome to nginx!</title></html>', { server: 'nginx/1.22.1' }),
    ],
    ['a JSON API', false, response(200, '{"status":"ok"}', { 'content-type': 'application/json' })],
  ] as const)('%s → asked: %s', (_name, asked, root) => {
    expect(adminerFingerprint.suggestedBy(root)).toBe(asked);
  });
});
