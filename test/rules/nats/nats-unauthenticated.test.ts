// Recorded INFO banners and CONNECT replies (test/fixtures/recorded/nats) of Debian's nats-server
// 2.9.10, recorded by this project from servers it started (no authentication; a password), read by
// the probe's own parsers. Real servers: test/integration/nats.test.ts.
import rule from '../../../rules/nats/nats-unauthenticated.js';
import { natsProbe, observationAfterConnect, parseConnectReply } from '../../../src/probes/wire/nats.js';
import type { NatsObservation } from '../../../src/probes/observation.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function observed(info: string, reply?: string, overTls = false): NatsObservation {
  const banner = natsProbe.recognizeGreeting(recordedBytes(`nats/${info}`));
  if (!banner) throw new Error('fixture is not a NATS INFO line');
  if (!reply) return banner;
  const parsed = parseConnectReply(recordedBytes(`nats/${reply}`));
  if (parsed.state !== 'matched') throw new Error('fixture is not a CONNECT reply');
  return observationAfterConnect(banner, parsed.value, overTls);
}

const endpoint = { host: '192.0.2.10', port: 4222 };

testRule(rule, {
  invalid: [
    {
      name: 'nats-server 2.9.10 without authentication: PONG to CONNECT',
      evidence: evidenceOf(
        observed('info-open-nats-server-2.9.10.bin', 'connect-ping-pong-nats-server-2.9.10.bin'),
        endpoint,
      ),
      findings: [
        {
          product: 'nats',
          version: '2.9.10',
          confidence: 'confirmed',
          evidence: { request: 'CONNECT (no credentials), PING', authRequired: false, tlsRequired: false },
        },
      ],
    },
    {
      name: 'only the banner (no auth_required): firm, not confirmed',
      evidence: evidenceOf(observed('info-open-nats-server-2.9.10.bin'), endpoint),
      findings: [{ product: 'nats', confidence: 'firm', evidence: { request: 'none after INFO' } }],
    },
  ],
  valid: [
    {
      name: 'nats-server 2.9.10 with a password: auth_required, then Authorization Violation',
      nearMiss: true,
      evidence: evidenceOf(
        observed('info-auth-required-nats-server-2.9.10.bin', 'connect-authorization-violation-nats-server-2.9.10.bin'),
        endpoint,
      ),
    },
    {
      name: 'the banner says auth_required (no CONNECT made)',
      nearMiss: true,
      evidence: evidenceOf(observed('info-auth-required-nats-server-2.9.10.bin'), endpoint),
    },
  ],
});
