// OpenSearch Dashboards with the Security plugin: the redirect and the 401 as the plugin's
// basic_auth.ts sends them (built in test/emulators/consoles-a.ts), and the recorded 2.13.0
// status document for the instance that leaves /api/status readable.
import rule from '../../../rules/opensearch-dashboards/opensearch-dashboards-login-exposed.js';
import { consoleResponse, OSD_AUTHENTICATION_REQUIRED, OSD_STATUS_2_13 } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const observe = (profile: 'osd-2-open' | 'osd-2-secured' | 'osd-status-bypass') =>
  evidenceOf(
    httpObservation(consoleResponse(profile, '/'), { '/api/status': consoleResponse(profile, '/api/status') }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Security plugin on (2.x default): root to /app/login, /api/status 401',
      evidence: observe('osd-2-secured'),
      findings: [
        {
          product: 'opensearch-dashboards',
          evidence: {
            path: '/',
            loginPath: '/app/login',
            statusReadable: false,
            signals: ['redirect to the security plugin login page (/app/login)', '/api/status answered 401'],
          },
          message: 'OpenSearch Dashboards is reachable and asks for credentials at /app/login.',
        },
      ],
    },
    {
      name: 'Security plugin on with /api/status readable anonymously: version from the status document',
      evidence: observe('osd-status-bypass'),
      findings: [
        {
          product: 'opensearch-dashboards',
          version: '2.13.0',
          evidence: { statusReadable: true },
          message:
            'OpenSearch Dashboards 2.13.0 is reachable and asks for credentials at /app/login (its /api/status is readable without them).',
        },
      ],
    },
    {
      name: 'Dashboards behind a base path: the redirect keeps the prefix',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/_dashboards/app/login?nextUrl=%2F_dashboards%2F' }), {
          '/api/status': json(401, OSD_AUTHENTICATION_REQUIRED),
        }),
      ),
      findings: [{ product: 'opensearch-dashboards' }],
    },
  ],
  valid: [
    {
      name: 'Dashboards reachable only through an SSO proxy: the proxy’s redirect to its identity provider',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: 'https://sso.example.com/oauth2/start?rd=%2F' }), {
          '/api/status': response(302, '', { location: 'https://sso.example.com/oauth2/start' }),
        }),
      ),
    },
    {
      name: 'Dashboards without the Security plugin (reported by opensearch-dashboards-unauthenticated instead)',
      evidence: observe('osd-2-open'),
    },
    {
      name: 'a redirect to /app/login from an app whose /api/status is not Dashboards’ refusal',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/login?nextUrl=%2F' }), {
          '/api/status': json(404, '{"error":"not found"}'),
        }),
      ),
    },
    {
      name: 'Kibana with security on (reported by kibana-login-exposed instead)',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/login?next=%2F', 'kbn-name': 'kibana' }), {
          '/api/status': json(401, '{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}'),
        }),
      ),
    },
    {
      name: 'a recorded Dashboards status on a root that is no Dashboards login redirect nor app',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), { '/api/status': json(200, recorded(OSD_STATUS_2_13)) }),
      ),
    },
  ],
});
