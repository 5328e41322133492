// Recorded real Elasticsearch and OpenSearch banners (test/fixtures/recorded); the _cat/indices
// tables follow the documented format (test/fixtures/recorded/opensearch/cat-indices-v.txt shows it);
// the 8.x 401 is built from the documented security_exception body.
import rule from '../../../rules/elasticsearch/elasticsearch-unauthenticated.js';
import { CAT_INDICES_PATH } from '../../../src/fingerprints/elasticsearch.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const catIndices = response(
  200,
  'logs-2022.06   1534221 9876543210\ncitizens   1000000000 50000000000\n.kibana   12 54321\n',
  { 'content-type': 'text/plain; charset=UTF-8' },
);
const securityException =
  '{"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\\"security\\" charset=\\"UTF-8\\"","ApiKey"]}}],"type":"security_exception","reason":"missing authentication credentials for REST request [/]"},"status":401}';

testRule(rule, {
  invalid: [
    {
      name: 'Elasticsearch 5.4 open, indices readable',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('elasticsearch/root-5.4.2.json')), { [CAT_INDICES_PATH]: catIndices }),
      ),
      findings: [
        {
          product: 'elasticsearch',
          version: '5.4.2',
          confidence: 'confirmed',
          exposure: { documents: 1_001_534_233, bytes: 59_876_597_531 },
          evidence: { indices: 3, documents: 1_001_534_233, largestIndices: ['citizens', 'logs-2022.06', '.kibana'] },
        },
      ],
    },
    {
      name: 'Elasticsearch 7.17 open with X-Elastic-Product, index listing forbidden',
      evidence: evidenceOf(
        httpObservation(
          json(200, recorded('elasticsearch/root-7.17.27.json'), { 'x-elastic-product': 'Elasticsearch' }),
          {
            [CAT_INDICES_PATH]: json(403, '{"error":{"type":"security_exception"},"status":403}'),
          },
        ),
      ),
      findings: [{ version: '7.17.27', confidence: 'firm', evidence: { indices: null } }],
    },
    {
      name: 'Elasticsearch 2.4 open (old banner without build_flavor)',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('elasticsearch/root-2.4.5.json')), {
          [CAT_INDICES_PATH]: response(200, ''),
        }),
      ),
      findings: [{ version: '2.4.5', evidence: { indices: 0, documents: 0 } }],
    },
  ],
  valid: [
    {
      name: 'Elasticsearch 8 with security on: 401 security_exception',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(
          json(401, securityException, {
            'www-authenticate': 'Basic realm="security" charset="UTF-8"',
            'x-elastic-product': 'Elasticsearch',
          }),
        ),
      ),
    },
    {
      name: 'Amazon Elasticsearch Service refusing an anonymous request',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(json(403, recorded('elasticsearch/aws-es-service-403-anonymous.json')))),
    },
    {
      name: 'OpenSearch is another product (its own rule reports it)',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('opensearch/root-2.13.0.json')), { [CAT_INDICES_PATH]: catIndices }),
      ),
    },
    {
      name: 'some JSON API with a version number but no Elasticsearch signal',
      evidence: evidenceOf(httpObservation(json(200, '{"name":"api","version":{"number":"1.2.3"}}'))),
    },
  ],
});
