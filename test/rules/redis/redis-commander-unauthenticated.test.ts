// Redis Commander's page and API answers are built from its templates and routes (no public
// recording exists); see test/emulators/consoles-b.ts for the files and commit they follow.
import rule from '../../../rules/redis/redis-commander-unauthenticated.js';
import { responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const scan = (profile: 'redis-commander-open' | 'redis-commander-auth') =>
  evidenceOf(httpObservation(responseOf(profile, '/'), { '/connections': responseOf(profile, '/connections') }));

testRule(rule, {
  invalid: [
    {
      name: 'HTTP auth disabled: the page says so and /connections lists the Redis connections',
      evidence: scan('redis-commander-open'),
      findings: [
        {
          product: 'redis-commander',
          confidence: 'confirmed',
          evidence: { path: '/connections', connections: 1, connectionLabels: ['local'] },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'HTTP auth configured: /connections answers 401 Unauthorized - Missing Token',
      nearMiss: true,
      evidence: scan('redis-commander-auth'),
    },
    {
      name: 'a connections-shaped JSON from an app that is not Redis Commander',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><title>Status</title></html>'), {
          '/connections': json(200, '{"ok":true,"connections":[]}'),
        }),
      ),
    },
    {
      name: 'a page that merely mentions Redis Commander',
      evidence: evidenceOf(
        httpObservation(responseOf('product-blog', '/'), { '/connections': response(404, 'not found') }),
      ),
    },
  ],
});
