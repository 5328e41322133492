// MQTT 3.1.1 CONNACK: four bytes, every flag and return code a server could put in them.
import fc from 'fast-check';
import { observationFromConnack, parseConnack, type Connack } from '../../../../src/probes/wire/mqtt.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated } from '../bytes.js';

const connack = fc
  .tuple(fc.constantFrom(0x20, 0x20, 0x30, 0xe0), fc.constantFrom(2, 2, 3, 0), fc.constantFrom(0, 1, 2, 0xff), fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 255 })))
  .map((bytes) => Buffer.from(bytes));

export const mqttFuzz: ProtocolFuzz = {
  decoders: [{ name: 'MQTT CONNACK', parse: (bytes) => parseConnack(bytes), inputs: mutated(fc.oneof(connack, fc.constantFrom(...recordedWire('mqtt')))), observe: (value: Connack) => observationFromConnack(value), large: fc.constant(Buffer.alloc(LARGE, 0x20)) }],
  recognizers: [],
};
