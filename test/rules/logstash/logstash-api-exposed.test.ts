// Recorded Logstash answers (elastic/beats test data): /_node of 6.4.1 and 7.0.0-alpha1, the
// node banner of 7.8.1. The 6.4.1 banner and the 401 are built (see test/emulators/consoles-b.ts).
import rule from '../../../rules/logstash/logstash-api-exposed.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const scan = (profile: 'logstash-open' | 'logstash-auth') =>
  evidenceOf(httpObservation(responseOf(profile, '/'), { '/_node': responseOf(profile, '/_node') }), {
    host: '192.0.2.10',
    port: 9600,
  });

testRule(rule, {
  invalid: [
    {
      name: 'Logstash 6.4.1 with api.http.host changed: banner and node info answer',
      evidence: scan('logstash-open'),
      findings: [
        {
          product: 'logstash',
          version: '6.4.1',
          confidence: 'confirmed',
          evidence: { path: '/_node', pipelines: 1, pipelineNames: ['main'] },
        },
      ],
    },
    {
      name: 'Logstash 7.0.0-alpha1: the banner fields of its recorded node info, and the node info',
      evidence: evidenceOf(
        httpObservation(
          json(
            200,
            JSON.stringify({
              host: 'Shaunaks-MBP-2',
              version: '7.0.0-alpha1',
              http_address: '127.0.0.1:9600',
              id: '7565df20-c3aa-4261-81d5-3b0ab8d15c16',
              name: 'Shaunaks-MBP-2',
            }),
          ),
          {
            '/_node': json(200, recorded('logstash/node-info-7.0.0-alpha1.json')),
          },
        ),
      ),
      findings: [{ version: '7.0.0-alpha1', evidence: { pipelines: 1, pipelineNames: ['main'] } }],
    },
  ],
  valid: [
    {
      name: 'api.auth.type: basic: 401 with realm="logstash-api"',
      nearMiss: true,
      evidence: scan('logstash-auth'),
    },
    {
      name: 'the 7.8.1 banner alone, /_node not readable (one signal)',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('logstash/root-7.8.1.json')), { '/_node': { ok: false, failure: 'reset' } }),
      ),
    },
    {
      name: 'an Elasticsearch banner is not Logstash’s',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('elasticsearch/root-7.17.27.json')), { '/_node': response(404, '{}') }),
      ),
    },
    {
      name: 'a page that merely mentions Logstash',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
