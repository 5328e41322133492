// Recorded real Kibana /api/status bodies (test/fixtures/recorded/kibana); the redirects and
// 401 bodies are built from Kibana's documented behaviour (no public recording exists).
import rule from '../../../rules/kibana/kibana-unauthenticated.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const kbn = { 'kbn-name': 'kibana', 'kbn-license-sig': 'da420c53321c02c93e697c7fe5b9fc9a5da2a9d6' };
const redirectTo = (location: string) => response(302, '', { location, ...kbn });

testRule(rule, {
  invalid: [
    {
      name: 'Kibana 7.0 with security off: full status, kbn-name header',
      evidence: evidenceOf(
        httpObservation(redirectTo('/app/kibana'), {
          '/api/status': json(200, recorded('kibana/api-status-7.0.0.json'), kbn),
        }),
      ),
      findings: [
        {
          product: 'kibana',
          version: '7.0.0',
          confidence: 'confirmed',
          evidence: { path: '/api/status', overallStatus: 'green' },
        },
      ],
    },
    {
      name: 'Kibana 8.16 with security off: full status (level/summary format)',
      evidence: evidenceOf(
        httpObservation(redirectTo('/spaces/enter'), {
          '/api/status': json(200, recorded('kibana/api-status-8.16.0.json'), kbn),
        }),
      ),
      findings: [{ product: 'kibana', version: '8.16.0', evidence: { overallStatus: 'available' } }],
    },
    {
      name: 'Kibana behind a proxy that strips kbn-* headers: the redirect into the app is the second signal',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/home' }), {
          '/api/status': json(200, recorded('kibana/api-status-8.16.0.json')),
        }),
      ),
      findings: [{ product: 'kibana', version: '8.16.0' }],
    },
  ],
  valid: [
    {
      name: 'Kibana 8 with security on: /api/status answers 401',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(redirectTo('/login?next=%2F'), {
          '/api/status': json(401, '{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}', kbn),
        }),
      ),
    },
    {
      name: 'Kibana 8 with status.allowAnonymous: the redacted status names no version',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(redirectTo('/login?next=%2F'), {
          '/api/status': json(200, '{"status":{"overall":{"level":"available"}}}', kbn),
        }),
      ),
    },
    {
      name: 'a page that merely mentions Kibana',
      evidence: evidenceOf(
        httpObservation(
          response(200, '<html><title>Blog</title><p>How we run Kibana and Elasticsearch</p></html>', {
            'content-type': 'text/html',
          }),
          { '/api/status': json(404, '{"error":"not found"}') },
        ),
      ),
    },
    {
      name: 'a status document that looks like Kibana’s from a server with no Kibana identity',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), { '/api/status': json(200, recorded('kibana/api-status-7.0.0.json')) }),
      ),
    },
    {
      name: 'the status request failed',
      evidence: evidenceOf(
        httpObservation(redirectTo('/app/kibana'), { '/api/status': { ok: false, failure: 'timeout' } }),
      ),
    },
  ],
});
