// elasticsearch-head's index.html, served as is (test/fixtures/recorded/elasticsearch-head).
import rule from '../../../rules/elasticsearch/elasticsearch-head-exposed.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  invalid: [
    {
      name: 'elasticsearch-head served standalone: its page at /',
      evidence: evidenceOf(httpObservation(responseOf('es-head', '/'))),
      findings: [{ product: 'elasticsearch-head', confidence: 'confirmed', evidence: { path: '/' } }],
    },
  ],
  valid: [
    {
      name: 'elasticsearch-head behind an authenticating proxy',
      nearMiss: true,
      evidence: evidenceOf(httpObservation(responseOf('es-head-proxied', '/'))),
    },
    {
      name: 'a page titled elasticsearch-head without the application',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><head><title>elasticsearch-head</title></head><body>moved</body></html>')),
      ),
    },
    {
      name: 'a page that merely mentions elasticsearch-head',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
