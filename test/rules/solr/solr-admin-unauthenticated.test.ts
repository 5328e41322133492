// Recorded Solr answers: admin/info/system of Solr 4.10.3 (CDH 5.13) and 6.7.0 from Hue's test
// suite, admin/cores STATUS of a 4.x server from telegraf (test/fixtures/recorded/solr). The 401
// is Jetty's error page for BasicAuthPlugin, built (no recording found).
import rule from '../../../rules/solr/solr-admin-unauthenticated.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const SYSTEM = '/solr/admin/info/system?wt=json';
const CORES = '/solr/admin/cores?action=STATUS&wt=json';
const scan = (profile: 'solr-open' | 'solr-basic-auth') =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      [SYSTEM]: responseOf(profile, SYSTEM),
      [CORES]: responseOf(profile, CORES),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Solr 4.10.3 without authentication: system info and the core list answer',
      evidence: scan('solr-open'),
      findings: [
        {
          product: 'solr',
          version: '4.10.3',
          confidence: 'confirmed',
          message: 'Solr 4.10.3 answered its admin API without credentials (2 cores).',
          evidence: {
            path: '/solr/admin/info/system',
            cores: 2,
            coreNames: ['main', 'core1'],
            documents: 168_943_425 + 7_517_488,
          },
          exposure: { documents: 168_943_425 + 7_517_488, bytes: 247_497_521_642 + 1_784_635_686 },
        },
      ],
    },
    {
      name: 'Solr 6.7.0: system info answers, the core list timed out; the root redirect is the second signal',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/solr/' }), {
          [SYSTEM]: json(200, recorded('solr/admin-info-system-6.7.0.json')),
          [CORES]: { ok: false, failure: 'timeout' },
        }),
      ),
      findings: [{ version: '6.7.0', evidence: { path: '/solr/admin/info/system' } }],
    },
  ],
  valid: [
    {
      name: 'BasicAuthPlugin with blockUnknown: 401 with realm="solr"',
      nearMiss: true,
      evidence: scan('solr-basic-auth'),
    },
    {
      name: 'a system-info-shaped document with no second Solr signal',
      evidence: evidenceOf(
        httpObservation(response(200, '<html>home</html>'), {
          [SYSTEM]: json(200, recorded('solr/admin-info-system-6.7.0.json')),
          [CORES]: response(404, 'not found'),
        }),
      ),
    },
    {
      name: 'a page that merely mentions Solr Admin',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
