// Built answers (test/emulators/consoles-a.ts): Grafana's login redirect with its redirect_to
// cookie, /api/health in the documented format, and the API's 401.
import rule from '../../../rules/grafana/grafana-login-exposed.js';
import { SEARCH_PATH } from '../../../src/fingerprints/grafana.js';
import {
  consoleResponse,
  GRAFANA_LOGIN_REDIRECT,
  GRAFANA_UNAUTHORIZED,
  asResponse,
  grafanaHealth,
} from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

type GrafanaProfile = 'grafana-anonymous' | 'grafana-secured';
const observe = (profile: GrafanaProfile) =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), {
      '/api/health': consoleResponse(profile, '/api/health'),
      [SEARCH_PATH]: consoleResponse(profile, SEARCH_PATH),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'anonymous access off: redirect to /login with redirect_to, /api/search 401',
      evidence: observe('grafana-secured'),
      findings: [
        {
          product: 'grafana',
          version: '10.4.2',
          message: 'Grafana 10.4.2 is reachable and asks for credentials at /login.',
          evidence: {
            path: '/',
            loginPath: '/login',
            signals: [
              'redirect to /login with the redirect_to cookie',
              '/api/health answered with Grafana’s health document',
              '/api/search answered 401',
            ],
          },
        },
      ],
    },
    {
      name: 'Grafana under /grafana/ with hide_version: no version, still the login page',
      evidence: evidenceOf(
        httpObservation(
          response(302, '', {
            location: '/grafana/login',
            'set-cookie': 'redirect_to=%2Fgrafana%2F; Path=/grafana; HttpOnly; SameSite=Lax',
          }),
          {
            '/api/health': json(200, '{\n  "database": "ok"\n}'),
            [SEARCH_PATH]: json(401, GRAFANA_UNAUTHORIZED),
          },
        ),
      ),
      findings: [{ product: 'grafana', message: 'Grafana is reachable and asks for credentials at /login.' }],
    },
  ],
  valid: [
    {
      name: 'Grafana behind an authenticating proxy: only the proxy answers',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          response(401, 'Unauthorized', { 'www-authenticate': 'Basic realm="grafana"', server: 'nginx' }),
          { '/api/health': response(401, ''), [SEARCH_PATH]: response(401, '') },
        ),
      ),
    },
    {
      name: 'anonymous access on (reported by grafana-anonymous-access instead)',
      evidence: observe('grafana-anonymous'),
    },
    {
      name: 'an app redirecting to /login?next= and refusing its API',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/login?next=%2F' }), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: json(401, GRAFANA_UNAUTHORIZED),
        }),
      ),
    },
    {
      name: 'the search request failed: access unknown',
      evidence: evidenceOf(
        httpObservation(asResponse(GRAFANA_LOGIN_REDIRECT), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: { ok: false, failure: 'timeout' },
        }),
      ),
    },
  ],
});
