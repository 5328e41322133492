// Redis Insight's page shell and API answers are built from its source (SSPL, so nothing is
// copied; no public recording exists); see test/emulators/consoles-b.ts.
import rule from '../../../rules/redis/redisinsight-unauthenticated.js';
import { REDISINSIGHT_INFO, responseOf } from '../../emulators/consoles-b.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const scan = (profile: 'redisinsight-open' | 'redisinsight-api-protected') =>
  evidenceOf(
    httpObservation(responseOf(profile, '/'), {
      '/api/info': responseOf(profile, '/api/info'),
      '/api/databases': responseOf(profile, '/api/databases'),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Redis Insight 2.58 (Docker build): page and /api/info answer, two saved databases',
      evidence: scan('redisinsight-open'),
      findings: [
        {
          product: 'redisinsight',
          version: '2.58.0',
          confidence: 'confirmed',
          evidence: { path: '/api/info', buildType: 'DOCKER_ON_PREMISE', savedDatabases: 2 },
        },
      ],
    },
    {
      name: 'the saved-database list failing does not hide the open API',
      evidence: evidenceOf(
        httpObservation(responseOf('redisinsight-open', '/'), {
          '/api/info': responseOf('redisinsight-open', '/api/info'),
          '/api/databases': { ok: false, failure: 'timeout' },
        }),
      ),
      findings: [{ version: '2.58.0', evidence: { buildType: 'DOCKER_ON_PREMISE' } }],
    },
  ],
  valid: [
    {
      name: 'Redis Insight behind a proxy that guards its API: /api/* answers 401',
      nearMiss: true,
      evidence: scan('redisinsight-api-protected'),
    },
    {
      name: 'server info of Redis Insight’s shape from a page that is not Redis Insight',
      evidence: evidenceOf(
        httpObservation(response(200, '<html><title>Home</title></html>'), {
          '/api/info': json(200, JSON.stringify(REDISINSIGHT_INFO)),
        }),
      ),
    },
    {
      name: 'a page that merely mentions Redis Insight',
      evidence: evidenceOf(httpObservation(responseOf('product-blog', '/'))),
    },
  ],
});
