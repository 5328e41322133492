// ClickHouse native protocol: the server's Hello (varints, strings for the time zone, display
// name and patch) and its Exception packets, with varints that may run long and lengths that lie.
import fc from 'fast-check';
import {
  clickhouseProbe,
  observationOf,
  parseServerReply,
  type ServerReply,
} from '../../../../src/probes/wire/clickhouse.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, repeatedTo, textOf } from '../bytes.js';

function varUInt(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
const varint = fc
  .oneof(
    fc.integer({ min: 0, max: 300 }),
    fc.constantFrom(54405, 54058, 54372, 54401, 54460, 2 ** 32, 2 ** 35 - 1, 2 ** 40),
  )
  .map(varUInt);
/** A varint longer than any real one: continuation bits that never stop. */
const runaway = fc.integer({ min: 5, max: 12 }).map((length) => Buffer.alloc(length, 0xff));
const string = (text: string, lie = 0) =>
  Buffer.concat([varUInt(Math.max(0, Buffer.byteLength(text) + lie)), Buffer.from(text, 'utf8')]);
const text = fc.oneof(
  fc.constantFrom(
    'ClickHouse',
    'ClickHouse server',
    'UTC',
    'DB::Exception',
    'DB::NetException',
    'default: Authentication failed',
    '',
  ),
  textOf(['Click', 'House', 'DB::', 'x', 'é']),
);

const hello = fc
  .tuple(text, varint, varint, fc.oneof(varint, runaway), text, text, varint, fc.integer({ min: -2, max: 2 }))
  .map(([name, major, minor, revision, zone, display, patch, lie]) =>
    Buffer.concat([varUInt(0), string(name, lie), major, minor, revision, string(zone), string(display), patch]),
  );
const exception = fc
  .tuple(fc.oneof(fc.constantFrom(516, 192, 193, 194, 195), fc.integer()), text, text, fc.integer({ min: -2, max: 2 }))
  .map(([code, name, message, lie]) => {
    const codeBytes = Buffer.alloc(4);
    codeBytes.writeInt32LE(code | 0);
    return Buffer.concat([
      varUInt(2),
      codeBytes,
      string(name),
      string(message, lie),
      string('stack trace'),
      Buffer.from([0]),
    ]);
  });
/** An exception whose message is about as long as a reply may be (the stack trace left out). */
const longException = fc
  .integer({ min: LARGE - 64, max: LARGE + 16 })
  .map((length) => Buffer.concat([varUInt(2), Buffer.alloc(4), string('DB::Exception'), string('m'.repeat(length))]));
const frames = mutated(
  fc.oneof(
    { weight: 6, arbitrary: fc.oneof(hello, exception, runaway) },
    { weight: 2, arbitrary: longException },
    { weight: 1, arbitrary: fc.constantFrom(...recordedWire('clickhouse', ['.bin'])) },
  ),
);

export const clickhouseFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'ClickHouse server reply',
      parse: parseServerReply,
      inputs: frames,
      observe: (value: ServerReply) => observationOf(value),
      large: fc.oneof(
        repeatedTo(LARGE, fc.constantFrom(Buffer.from([0x80]), Buffer.from([0x02]))),
        // An exception whose message is as long as the decoder allows, then more.
        fc.constant(
          Buffer.concat([
            varUInt(2),
            Buffer.alloc(4),
            string('DB::Exception'),
            varUInt(LARGE),
            Buffer.alloc(LARGE, 0x61),
          ]),
        ),
      ),
    },
  ],
  recognizers: [
    {
      name: 'ClickHouse stray reply',
      recognize: (bytes) => clickhouseProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: true,
    },
  ],
};
