// MQTT 3.1.1 CONNACK: four bytes, every flag and return code a server could put in them; and over
// WebSockets, the upgrade answer's head and the CONNACK inside server frames.
import fc from 'fast-check';
import { observationFromConnack, parseConnack, type Connack } from '../../../../src/probes/wire/mqtt.js';
import { parseConnackFrames, parseUpgradeReply } from '../../../../src/probes/wire/mqtt-ws.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated } from '../bytes.js';

const connack = fc
  .tuple(
    fc.constantFrom(0x20, 0x20, 0x30, 0xe0),
    fc.constantFrom(2, 2, 3, 0),
    fc.constantFrom(0, 1, 2, 0xff),
    fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 255 })),
  )
  .map((bytes) => Buffer.from(bytes));

/** Debian's Mosquitto 2.0.11 answering RFC 6455's sample key (test/probes/wire/mqtt-ws.test.ts). */
const MOSQUITTO_101 = Buffer.from(
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n',
  'latin1',
);
const frames = fc
  .array(fc.tuple(fc.constantFrom(0x82, 0x80, 0x02, 0x89, 0x88, 0x81), fc.uint8Array({ maxLength: 6 })), {
    maxLength: 3,
  })
  .map((list) => Buffer.concat(list.map(([head, payload]) => Buffer.from([head, payload.length, ...payload]))));

export const mqttFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'MQTT CONNACK',
      parse: (bytes) => parseConnack(bytes),
      inputs: mutated(fc.oneof(connack, fc.constantFrom(...recordedWire('mqtt')))),
      observe: (value: Connack) => observationFromConnack(value),
      large: fc.constant(Buffer.alloc(LARGE, 0x20)),
    },
    {
      name: 'MQTT over WebSockets: upgrade answer',
      parse: (bytes) => parseUpgradeReply(bytes),
      inputs: mutated(fc.constant(MOSQUITTO_101)),
      large: fc.constant(Buffer.concat([Buffer.from('HTTP/1.1 101 x\r\n'), Buffer.alloc(LARGE, 0x3a)])),
    },
    {
      name: 'MQTT over WebSockets: CONNACK frames',
      parse: (bytes) => parseConnackFrames(bytes),
      inputs: mutated(frames),
      large: fc.constant(Buffer.from(Array.from({ length: LARGE }, (_, index) => (index % 2 === 0 ? 0x89 : 0)))),
    },
  ],
  recognizers: [],
};
