// Recorded OpenSearch banners (test/fixtures/recorded/opensearch); the index listing is laid out
// as the `_cat` API prints it (test/emulators/elastic.ts), and the Security plugin's 401 is built
// (test/emulators/consoles-a.ts: no public recording exists).
import rule from '../../../rules/opensearch/opensearch-unauthenticated.js';
import { CAT_INDICES_PATH } from '../../../src/fingerprints/elasticsearch.js';
import { catIndicesTable, OPENSEARCH_INDICES } from '../../emulators/elastic.js';
import { asResponse, OPENSEARCH_UNAUTHORIZED } from '../../emulators/consoles-a.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const banner = (file: string) => json(200, recorded(file));
const listing = response(200, catIndicesTable(OPENSEARCH_INDICES), { 'content-type': 'text/plain; charset=UTF-8' });

testRule(rule, {
  invalid: [
    {
      name: 'OpenSearch 2.13 without the Security plugin: banner and index listing',
      evidence: evidenceOf(httpObservation(banner('opensearch/root-2.13.0.json'), { [CAT_INDICES_PATH]: listing })),
      findings: [
        {
          product: 'opensearch',
          version: '2.13.0',
          confidence: 'confirmed',
          evidence: {
            clusterName: 'opensearch',
            indices: 2,
            documents: 1206,
            bytes: 1_843_320,
            largestIndices: ['security-auditlog-2024.03.26', 'movies-0001'],
            ransomNote: false,
          },
          exposure: { documents: 1206, bytes: 1_843_320, ransomNote: false },
        },
      ],
    },
    {
      name: 'OpenSearch 1.3.7 whose index listing was refused: the banner alone, firm',
      evidence: evidenceOf(
        httpObservation(banner('opensearch/root-1.3.7.json'), {
          [CAT_INDICES_PATH]: json(403, recorded('opensearch/security-403-no-permissions-ccs-search.json')),
        }),
      ),
      findings: [
        {
          product: 'opensearch',
          version: '1.3.7',
          confidence: 'firm',
          evidence: { clusterName: 'opensearch-dev-cluster', indices: null },
          message: 'opensearch 1.3.7 answered its banner without credentials (index listing refused).',
        },
      ],
    },
    {
      name: 'OpenSearch 2.10 with a ransom note among its indices',
      evidence: evidenceOf(
        httpObservation(banner('opensearch/root-2.10.0.json'), {
          [CAT_INDICES_PATH]: response(200, catIndicesTable([{ index: 'read_me', docs: 1, bytes: 4_900 }])),
        }),
      ),
      findings: [{ version: '2.10.0', evidence: { ransomNote: true, largestIndices: ['read_me'] } }],
    },
  ],
  valid: [
    {
      name: 'OpenSearch with the Security plugin: 401 with the OpenSearch Security realm',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(asResponse(OPENSEARCH_UNAUTHORIZED), {
          [CAT_INDICES_PATH]: asResponse(OPENSEARCH_UNAUTHORIZED),
        }),
      ),
    },
    {
      name: 'an Elasticsearch banner (reported by elasticsearch-unauthenticated instead)',
      evidence: evidenceOf(httpObservation(banner('elasticsearch/root-7.17.27.json'), { [CAT_INDICES_PATH]: listing })),
    },
    {
      name: 'a JSON page with a version number and nothing else OpenSearch says',
      evidence: evidenceOf(httpObservation(json(200, '{"version":{"number":"2.13.0","distribution":"opensearch"}}'))),
    },
  ],
});
