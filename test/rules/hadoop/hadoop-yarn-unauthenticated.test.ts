// The cluster information is the response ResourceManagerRest.md documents
// (hadoop-yarn/cluster-info-3.0.0-SNAPSHOT.json); redirects and refusals are built.
import rule from '../../../rules/hadoop/hadoop-yarn-unauthenticated.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const INFO = '/ws/v1/cluster/info';
const scan = (profile: 'yarn-open' | 'yarn-kerberos') =>
  evidenceOf(httpObservation(responseOf(profile, '/'), { [INFO]: responseOf(profile, INFO) }), {
    host: '192.0.2.10',
    port: 8088,
  });

testRule(rule, {
  invalid: [
    {
      name: 'simple authentication with anonymous allowed: the cluster information answers',
      evidence: scan('yarn-open'),
      findings: [
        {
          product: 'hadoop-yarn',
          version: '3.0.0-SNAPSHOT',
          confidence: 'confirmed',
          evidence: { path: INFO, state: 'STARTED', haState: 'ACTIVE' },
        },
      ],
    },
    {
      name: 'the root is the UI itself, logged in as dr.who',
      evidence: evidenceOf(
        httpObservation(
          response(
            200,
            '<html><head><title>All Applications</title></head><body><div id="header"><h1>All Applications</h1><div id="user">Logged in as: dr.who</div><a href="http://hadoop.apache.org/">hadoop</a> ResourceManager</div></body></html>',
          ),
          {
            [INFO]: json(200, recorded('hadoop-yarn/cluster-info-3.0.0-SNAPSHOT.json')),
          },
        ),
      ),
      findings: [{ version: '3.0.0-SNAPSHOT' }],
    },
  ],
  valid: [
    {
      name: 'Kerberos (SPNEGO) on the web endpoints: 401 Negotiate',
      nearMiss: true,
      evidence: scan('yarn-kerberos'),
    },
    {
      name: 'the cluster information with no ResourceManager redirect or page around it',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), {
          [INFO]: json(200, recorded('hadoop-yarn/cluster-info-3.0.0-SNAPSHOT.json')),
        }),
      ),
    },
    {
      name: 'a page that merely mentions YARN',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
