// Recorded CONNACKs (test/fixtures/recorded/mqtt) of real Mosquitto 2.0.11 brokers, recorded by
// this project from the brokers the integration test starts (allow_anonymous true / false), read by
// the probe's own parser. Real brokers: test/integration/mqtt.test.ts.
import rule from '../../../rules/mqtt/mqtt-anonymous.js';
import type { MqttObservation } from '../../../src/probes/observation.js';
import { observationFromConnack, parseConnack } from '../../../src/probes/wire/mqtt.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function observed(bytes: Buffer): MqttObservation {
  const reply = parseConnack(bytes);
  if (reply.state !== 'matched') throw new Error('fixture is not a CONNACK');
  return observationFromConnack(reply.value);
}

const endpoint = { host: '192.0.2.10', port: 1883 };

testRule(rule, {
  invalid: [
    {
      name: 'Mosquitto with allow_anonymous true: CONNACK 0',
      evidence: evidenceOf(observed(recordedBytes('mqtt/connack-accepted-mosquitto-2.0.11.bin')), endpoint),
      findings: [{ product: 'mqtt', confidence: 'confirmed', evidence: { returnCode: 0, sessionPresent: false } }],
    },
    {
      name: 'Mosquitto with allow_anonymous true on a `protocol websockets` listener: the same CONNACK 0, in a WebSocket frame',
      evidence: evidenceOf(
        { ...observed(recordedBytes('mqtt/connack-accepted-mosquitto-2.0.11.bin')), websocket: { path: '/mqtt' } },
        { host: '192.0.2.10', port: 9001 },
      ),
      findings: [{ product: 'mqtt', confidence: 'confirmed', evidence: { returnCode: 0, websocketPath: '/mqtt' } }],
    },
  ],
  valid: [
    {
      name: 'Mosquitto with allow_anonymous false: CONNACK 5 (not authorized)',
      nearMiss: true,
      evidence: evidenceOf(observed(recordedBytes('mqtt/connack-not-authorized-mosquitto-2.0.11.bin')), endpoint),
    },
    {
      name: 'CONNACK 4 (bad user name or password)',
      nearMiss: true,
      evidence: evidenceOf(observed(Buffer.from([0x20, 2, 0, 4])), endpoint),
    },
    {
      name: 'CONNACK 3 (server unavailable) is neither open nor protected',
      evidence: evidenceOf(observed(Buffer.from([0x20, 2, 0, 3])), endpoint),
    },
  ],
});
