// Recorded replies (test/fixtures/recorded/redis): an INFO payload from a real 6.0.9, the
// NOAUTH / protected-mode errors exactly as the Redis source writes them, and a NOPERM from 7.0.15. Each goes through the
// same RESP decoder the probe uses. Real servers: test/integration/redis.test.ts.
import rule from '../../../rules/redis/redis-unauthenticated.js';
import { observationFromReply } from '../../../src/probes/wire/redis.js';
import { encodeCommand, parseReply } from '../../../src/probes/wire/resp.js';
import type { RedisObservation } from '../../../src/probes/observation.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recorded, recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

/** Decodes wire bytes the way the probe does. */
function observed(bytes: Buffer): RedisObservation {
  const reply = parseReply(bytes);
  if (reply.state !== 'matched') throw new Error('fixture is not one RESP reply');
  const observation = observationFromReply(reply.value);
  if (!observation || observation === 'unknown-command') throw new Error('fixture is not a Redis answer to INFO');
  return observation;
}

/** The INFO fixture is stored with LF; the wire uses CRLF inside a bulk string. */
function infoReply(text: string): Buffer {
  return Buffer.from(encodeCommand(text.replace(/\r?\n/g, '\r\n')).subarray(4));
}

const info = recorded('redis/info-6.0.9.txt');

testRule(rule, {
  invalid: [
    {
      name: 'Redis 6.0.9 answers INFO without AUTH',
      evidence: evidenceOf(observed(infoReply(info)), { host: '192.0.2.10', port: 6379 }),
      findings: [
        {
          product: 'redis',
          version: '6.0.9',
          confidence: 'confirmed',
          exposure: { keys: 2 },
          evidence: { command: 'INFO', keys: 2, databases: ['db0'], mode: 'standalone' },
        },
      ],
    },
    {
      name: 'INFO renamed away, PING answered',
      evidence: evidenceOf({
        protocol: 'redis',
        product: 'redis',
        access: 'open',
        provenBy: 'ping',
        signals: ['ERR unknown command for INFO', '+PONG to PING'],
      }),
      findings: [{ product: 'redis', evidence: { command: 'PING', keys: null } }],
    },
  ],
  valid: [
    {
      name: 'requirepass set: -NOAUTH',
      nearMiss: true,
      evidence: evidenceOf(observed(recordedBytes('redis/resp-noauth-error.txt'))),
    },
    {
      name: 'protected mode: -DENIED',
      nearMiss: true,
      evidence: evidenceOf(observed(recordedBytes('redis/resp-denied-protected-mode.txt'))),
    },
    {
      // Recorded from Debian's redis-server 7.0.15: a default user with no password and no right to INFO.
      name: 'ACL default user without INFO: -NOPERM',
      nearMiss: true,
      evidence: evidenceOf(observed(recordedBytes('redis/resp-noperm-info-7.0.15-debian.txt'))),
    },
    {
      name: 'Redis before 2.8 with a password: -ERR operation not permitted',
      nearMiss: true,
      evidence: evidenceOf(observed(Buffer.from('-ERR operation not permitted\r\n'))),
    },
    {
      // The engine's two-signal contract (src/engine/judge.ts): one signal is a guess, never a finding.
      name: 'an open answer with a single signal',
      evidence: evidenceOf({
        protocol: 'redis',
        product: 'redis',
        access: 'open',
        provenBy: 'ping',
        signals: ['+PONG to PING'],
      }),
    },
    {
      name: 'Sentinel answers INFO by design and holds no data',
      evidence: evidenceOf(observed(infoReply(info.replace('redis_mode:standalone', 'redis_mode:sentinel')))),
    },
  ],
});
