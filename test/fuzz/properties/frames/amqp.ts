// AMQP 0-9-1: method frames on channel 0 (Connection.Start with its field table, Tune, Close) and
// a broker's protocol header; the recorded RabbitMQ frames, mutated, and frames built from parts.
import fc from 'fast-check';
import {
  amqpProbe,
  decodeStart,
  loginVerdict,
  observationFromStart,
  parseMethodFrame,
  type HeaderReply,
} from '../../../../src/probes/wire/amqp.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated } from '../bytes.js';

const recorded = recordedWire('rabbitmq', ['.bin']);
const built = fc
  .tuple(fc.constantFrom(10, 10, 20), fc.constantFrom(10, 30, 50, 41), fc.uint8Array({ maxLength: 120 }))
  .map(([classId, methodId, args]) => {
    const payload = Buffer.concat([
      Buffer.from([classId >> 8, classId & 0xff, methodId >> 8, methodId & 0xff]),
      Buffer.from(args),
    ]);
    const header = Buffer.from([1, 0, 0, 0, 0, 0, 0]);
    header.writeUInt32BE(payload.length, 3);
    return Buffer.concat([header, payload, Buffer.from([0xce])]);
  });
const frames = mutated(fc.oneof(fc.constantFrom(...recorded), built));

const observe = (value: HeaderReply) => {
  if (value.kind !== 'method') return value;
  const start = decodeStart(value.method);
  return start ? observationFromStart(start) : loginVerdict(value.method);
};

export const amqpFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'AMQP method frame',
      parse: (bytes) => parseMethodFrame(bytes),
      inputs: frames,
      observe,
      large: fc.constant(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0xff, 0xf0]), Buffer.alloc(LARGE, 0x53)])),
    },
    {
      name: 'AMQP reply to the header',
      parse: (bytes) => parseMethodFrame(bytes, true),
      inputs: frames,
      observe,
      large: fc.constant(Buffer.alloc(LARGE, 0x41)),
    },
  ],
  recognizers: [
    {
      name: 'AMQP stray reply',
      recognize: (bytes) => amqpProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: false,
    },
  ],
};
