// Recorded replies (test/fixtures/recorded/memcached): `stats` of a real 1.6.18 holding three items
// and its ASCII-authentication refusal (recorded by this project from the servers the integration
// test starts), and 1.6.14's stats from telegraf's tests. Each goes through the probe's own parser.
// Real servers: test/integration/memcached.test.ts.
import rule from '../../../rules/memcached/memcached-unauthenticated.js';
import type { MemcachedObservation } from '../../../src/probes/observation.js';
import { observationFromStats, parseStatsReply } from '../../../src/probes/wire/memcached.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function observed(bytes: Buffer): MemcachedObservation {
  const reply = parseStatsReply(bytes);
  if (reply.state !== 'matched') throw new Error('fixture is not one reply to stats');
  const observation = observationFromStats(reply.value);
  if (!observation) throw new Error('fixture is not memcached');
  return observation;
}

const endpoint = { host: '192.0.2.10', port: 11211 };

testRule(rule, {
  invalid: [
    {
      name: 'memcached 1.6.18 answers stats without authentication (three items)',
      evidence: evidenceOf(observed(recordedBytes('memcached/stats-1.6.18.txt')), endpoint),
      findings: [
        {
          product: 'memcached',
          version: '1.6.18',
          confidence: 'confirmed',
          exposure: { keys: 3, bytes: 213 },
          evidence: { command: 'stats', items: 3, bytes: 213, totalConnections: 4 },
        },
      ],
    },
    {
      name: 'memcached 1.6.14 (a git build, LF line endings) answers stats, empty',
      evidence: evidenceOf(observed(recordedBytes('memcached/stats-1.6.14.txt')), endpoint),
      findings: [{ version: '1.6.14', exposure: { keys: 0, bytes: 0 }, evidence: { items: 0 } }],
    },
  ],
  valid: [
    {
      name: 'ASCII authentication (-Y): CLIENT_ERROR unauthenticated',
      nearMiss: true,
      evidence: evidenceOf(observed(recordedBytes('memcached/client-error-unauthenticated-1.6.18.txt')), endpoint),
    },
    {
      name: 'an open observation with a single signal is not enough',
      evidence: evidenceOf(
        { protocol: 'memcached', product: 'memcached', access: 'open', signals: ['STAT lines'] },
        endpoint,
      ),
    },
  ],
});
