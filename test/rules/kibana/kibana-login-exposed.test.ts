// Kibana with security on. No public recording of its 401 exists: the refusals are built from
// Kibana's documented error format (as in test/emulators/elastic.ts); the open case uses the
// recorded 8.16 status document (test/fixtures/recorded/kibana).
import rule from '../../../rules/kibana/kibana-login-exposed.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const kbn = { 'kbn-name': 'kibana' };
const UNAUTHORIZED = '{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}';
const toLogin = (headers: Record<string, string> = kbn) =>
  response(302, '', { location: '/login?next=%2F', ...headers });

testRule(rule, {
  invalid: [
    {
      name: 'Kibana 8 with security on: login redirect with kbn-name, /api/status 401',
      evidence: evidenceOf(httpObservation(toLogin(), { '/api/status': json(401, UNAUTHORIZED, kbn) })),
      findings: [
        {
          product: 'kibana',
          confidence: 'confirmed',
          evidence: { path: '/api/status', signals: ['kbn-name header', '/api/status answered 401'] },
        },
      ],
    },
    {
      name: 'Kibana 7 with a license signature only, refusing with 403',
      evidence: evidenceOf(
        httpObservation(toLogin({ 'kbn-license-sig': 'da420c53321c02c93e697c7fe5b9fc9a5da2a9d6' }), {
          '/api/status': json(403, '{"statusCode":403,"error":"Forbidden","message":"Forbidden"}'),
        }),
      ),
      findings: [
        {
          product: 'kibana',
          message: 'Kibana is reachable and asks for credentials (/api/status refused an anonymous client).',
        },
      ],
    },
  ],
  valid: [
    {
      name: 'Kibana behind an authenticating proxy: only the proxy’s 401 is seen',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          response(401, '<html><body>401 Authorization Required</body></html>', {
            'www-authenticate': 'Basic realm="Restricted"',
            server: 'nginx',
          }),
          { '/api/status': response(401, '', { server: 'nginx' }) },
        ),
      ),
    },
    {
      name: 'Kibana with security off (reported by kibana-unauthenticated instead)',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/spaces/enter', ...kbn }), {
          '/api/status': json(200, recorded('kibana/api-status-8.16.0.json'), kbn),
        }),
      ),
    },
    {
      name: 'an app that redirects to /login?next= and answers 401, with no Kibana identity',
      evidence: evidenceOf(httpObservation(toLogin({}), { '/api/status': json(401, '{"error":"login required"}') })),
    },
    {
      name: 'the status request failed: access unknown',
      evidence: evidenceOf(httpObservation(toLogin(), { '/api/status': { ok: false, failure: 'reset' } })),
    },
  ],
});
