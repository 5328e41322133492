// Grafana is AGPL-licensed and no permissively licensed recording of these answers exists: they
// are built in test/emulators/consoles-a.ts from Grafana's documented HTTP API formats.
import rule from '../../../rules/grafana/grafana-anonymous-access.js';
import { SEARCH_PATH } from '../../../src/fingerprints/grafana.js';
import {
  consoleResponse,
  GRAFANA_APP_PAGE,
  GRAFANA_LOGIN_REDIRECT,
  GRAFANA_SEARCH,
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
const page = response(200, GRAFANA_APP_PAGE, { 'content-type': 'text/html; charset=utf-8' });

testRule(rule, {
  invalid: [
    {
      name: 'anonymous access on: the app page at /, /api/search lists two dashboards',
      evidence: observe('grafana-anonymous'),
      findings: [
        {
          product: 'grafana',
          version: '10.4.2',
          confidence: 'confirmed',
          message: 'Grafana 10.4.2 lets anonymous visitors in: /api/search listed 2 dashboards without a session.',
          evidence: {
            path: '/api/search',
            dashboards: 2,
            dashboardsAtLeast: false,
            signals: [
              'Grafana app page markup',
              '/api/health answered with Grafana’s health document',
              '/api/search answered without a session',
            ],
          },
        },
      ],
    },
    {
      name: 'anonymous access with hide_version: the version comes from the page’s boot data',
      evidence: evidenceOf(
        httpObservation(page, { '/api/health': json(200, '{\n  "database": "ok"\n}'), [SEARCH_PATH]: json(200, '[]') }),
      ),
      findings: [
        {
          product: 'grafana',
          version: '10.4.2',
          evidence: { dashboards: 0 },
          message: 'Grafana 10.4.2 lets anonymous visitors in: /api/search listed 0 dashboards without a session.',
        },
      ],
    },
    {
      name: 'a search result cut at the body cap counts as a floor',
      evidence: evidenceOf(
        httpObservation(page, {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: {
            ...json(200, GRAFANA_SEARCH.slice(0, GRAFANA_SEARCH.indexOf('q8nVYkBVk'))),
            truncated: true,
          },
        }),
      ),
      findings: [{ evidence: { dashboards: 1, dashboardsAtLeast: true } }],
    },
  ],
  valid: [
    {
      name: 'anonymous access off: redirect to /login, /api/search 401',
      nearMiss: true,
      evidence: observe('grafana-secured'),
    },
    {
      name: 'a page that merely mentions Grafana, with a JSON array at /api/search',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><title>Blog</title><p>Our Grafana dashboards</p></html>'), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: json(200, GRAFANA_SEARCH),
        }),
      ),
    },
    {
      name: 'a redirect to /login without Grafana’s cookie',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/login' }), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: json(200, GRAFANA_SEARCH),
        }),
      ),
    },
    {
      name: 'the search answered something that is not a search result',
      evidence: evidenceOf(
        httpObservation(asResponse(GRAFANA_LOGIN_REDIRECT), {
          '/api/health': json(200, grafanaHealth()),
          [SEARCH_PATH]: json(200, '{"results":[]}'),
        }),
      ),
    },
  ],
});
