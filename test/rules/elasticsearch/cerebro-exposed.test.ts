// Cerebro's pages are rendered from its Play templates (no public recording exists); see
// test/emulators/consoles-b.ts for the files and commit they follow.
import rule from '../../../rules/elasticsearch/cerebro-exposed.js';
import { cerebroLoginPage, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const scan = (profile: 'cerebro-open' | 'cerebro-login') =>
  evidenceOf(httpObservation(responseOf(profile, '/'), { '/login': responseOf(profile, '/login') }));

testRule(rule, {
  invalid: [
    {
      name: 'Cerebro 0.9.4 without authentication: the application at /',
      evidence: evidenceOf(httpObservation(responseOf('cerebro-open', '/'))),
      findings: [
        {
          product: 'cerebro',
          version: '0.9.4',
          confidence: 'confirmed',
          evidence: { path: '/', loginRequired: false },
        },
      ],
    },
    {
      name: 'Cerebro 0.9.4 with authentication: / sends to the public login page',
      evidence: scan('cerebro-login'),
      findings: [{ product: 'cerebro', version: '0.9.4', evidence: { path: '/login', loginRequired: true } }],
    },
  ],
  valid: [
    {
      name: 'Cerebro behind an authenticating proxy',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(response(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="cerebro"' })),
      ),
    },
    {
      name: 'another Play application redirecting to /login',
      evidence: evidenceOf(
        httpObservation(
          response(303, '', { location: '/login', 'set-cookie': 'PLAY_SESSION=eyJhbGciOiJIUzI1NiJ9.e30.x; Path=/' }),
          {
            '/login': response(
              200,
              '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="auth/login" method="POST"></form></body></html>',
            ),
          },
        ),
      ),
    },
    {
      name: 'the Cerebro login page without its redirect and session (asked directly)',
      evidence: evidenceOf(httpObservation(response(200, cerebroLoginPage()))),
    },
    {
      name: 'a page that merely mentions Cerebro',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
