// Recorded AMQP frames (test/fixtures/recorded/rabbitmq/amqp-*) of Debian's rabbitmq-server
// 3.10.8, recorded by this project from the broker the integration test starts, read by the probe's
// own decoders. The real broker: test/integration/rabbitmq.test.ts.
import rule from '../../../rules/rabbitmq/rabbitmq-amqp-default-credentials.js';
import {
  decodeStart,
  loginVerdict,
  observationFromStart,
  parseMethodFrame,
  type MethodFrame,
} from '../../../src/probes/wire/amqp.js';
import type { AmqpObservation } from '../../../src/probes/observation.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function method(file: string): MethodFrame {
  const frame = parseMethodFrame(recordedBytes(`rabbitmq/${file}`));
  if (frame.state !== 'matched' || frame.value.kind !== 'method') throw new Error(`${file} is not a method frame`);
  return frame.value.method;
}

function observed(login?: { reply: string; vhost?: 'opened' | 'refused' }, product?: string): AmqpObservation {
  const start = observationFromStart(decodeStart(method('amqp-connection-start-3.10.8.bin'))!);
  const base = product
    ? { ...start, product, signals: [start.signals[0]!, `server-properties product "${product}"`] }
    : start;
  if (!login) return base;
  const verdict = loginVerdict(method(login.reply));
  return {
    ...base,
    defaultLogin: { ...verdict, ...(login.vhost ? { vhost: login.vhost } : {}) },
    signals:
      verdict.result === 'accepted' ? [...base.signals, 'Connection.Tune after SASL PLAIN guest/guest'] : base.signals,
  };
}

const endpoint = { host: '192.0.2.10', port: 5672 };

testRule(rule, {
  invalid: [
    {
      name: 'RabbitMQ 3.10.8: Connection.Tune to guest/guest, / opened',
      evidence: evidenceOf(observed({ reply: 'amqp-connection-tune-guest-3.10.8.bin', vhost: 'opened' }), endpoint),
      findings: [
        {
          product: 'rabbitmq',
          version: '3.10.8',
          confidence: 'confirmed',
          evidence: {
            user: 'guest',
            vhost: '/ opened',
            mechanisms: ['PLAIN', 'AMQPLAIN'],
            platform: 'Erlang/OTP 25.2.3',
          },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'RabbitMQ 3.10.8 with guest’s password changed: Connection.Close 403 ACCESS_REFUSED',
      nearMiss: true,
      evidence: evidenceOf(observed({ reply: 'amqp-connection-close-access-refused-3.10.8.bin' }), endpoint),
    },
    {
      name: 'RabbitMQ without --credential-checks: identified, no login tried',
      nearMiss: true,
      evidence: evidenceOf(observed(), endpoint),
    },
    {
      name: 'another AMQP 0-9-1 broker that took guest/guest is not RabbitMQ’s default',
      evidence: evidenceOf(observed({ reply: 'amqp-connection-tune-guest-3.10.8.bin' }, 'amqp'), endpoint),
    },
  ],
});
