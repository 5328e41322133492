// NATS: the INFO banner a server opens with (a JSON line) and its answer to CONNECT + PING.
import fc from 'fast-check';
import { natsProbe, parseConnectReply, parseInfo } from '../../../../src/probes/wire/nats.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated } from '../bytes.js';

const recorded = recordedWire('nats');
const infoLines = fc.oneof(
  fc.constantFrom(...recorded),
  fc.jsonValue().map((value) => Buffer.from(`INFO ${JSON.stringify(value)}\r\n`)),
  fc
    .record({
      server_id: fc.string(),
      version: fc.oneof(fc.string(), fc.integer()),
      max_payload: fc.integer(),
      auth_required: fc.boolean(),
      tls_required: fc.anything(),
    })
    .map((value) => Buffer.from(`INFO ${JSON.stringify(value)}\r\n`)),
);
const replies = fc
  .array(fc.constantFrom('PONG', 'PING', '+OK', "-ERR 'Authorization Violation'", '-ERR', 'INFO {}', 'MSG a 1 0', ''), {
    maxLength: 5,
  })
  .map((lines) => Buffer.from(lines.map((line) => `${line}\r\n`).join('')));

export const natsFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'NATS INFO',
      parse: (bytes) => parseInfo(bytes),
      inputs: mutated(infoLines),
      large: fc.constant(Buffer.from(`INFO ${'{'.repeat(LARGE)}`)),
    },
    {
      name: 'NATS CONNECT reply',
      parse: (bytes) => parseConnectReply(bytes),
      inputs: mutated(fc.oneof(replies, fc.constantFrom(...recorded))),
      large: fc.constant(Buffer.from('+OK\r\n'.repeat(LARGE / 5))),
    },
  ],
  recognizers: [
    {
      name: 'NATS INFO (probe)',
      recognize: (bytes) => natsProbe.recognizeGreeting(bytes),
      inputs: mutated(infoLines),
      reportable: true,
    },
  ],
};
