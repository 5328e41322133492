// CQL native protocol v4 response frames: SUPPORTED string multimaps, AUTHENTICATE, READY and
// ERROR bodies, with the optional tracing id, warnings and custom payload before them, and
// counts and lengths that may lie.
import fc from 'fast-check';
import {
  cassandraProbe,
  observationFromSupported,
  observationFromVersionError,
  parseMessage,
  withStartupReply,
  type CqlMessage,
  type Frame,
} from '../../../../src/probes/wire/cassandra.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { mutated, textOf } from '../bytes.js';

const short = (value: number) => {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value & 0xffff);
  return bytes;
};
const int = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value | 0);
  return bytes;
};
const string = (text: string) => Buffer.concat([short(Buffer.byteLength(text)), Buffer.from(text, 'utf8')]);
const stringList = (items: readonly string[]) => Buffer.concat([short(items.length), ...items.map(string)]);

const word = fc.oneof(
  fc.constantFrom(
    'CQL_VERSION',
    'PROTOCOL_VERSIONS',
    'COMPRESSION',
    'SCYLLA_SHARD',
    '3.4.5',
    '3.0.0',
    '4/v4',
    '5/v5-beta',
    'lz4',
    '',
  ),
  textOf(['3', '.', 'a', 'é', '/']),
);
const multimap = fc
  .array(fc.tuple(word, fc.array(word, { maxLength: 4 })), { maxLength: 5 })
  .map((entries) =>
    Buffer.concat([
      short(entries.length),
      ...entries.map(([key, values]) => Buffer.concat([string(key), stringList(values)])),
    ]),
  );
const errorBody = fc
  .tuple(
    fc.oneof(fc.constantFrom(0x000a, 0x0100, 0x2200), fc.integer()),
    fc.oneof(
      fc.constantFrom(
        'Invalid or unsupported protocol version (71); supported versions are (3/v3, 4/v4, 5/v5, 6/v6-beta)',
        'Bad credentials',
      ),
      word,
    ),
  )
  .map(([code, text]) => Buffer.concat([int(code), string(text)]));

const OPCODE_BODIES: readonly [number, fc.Arbitrary<Buffer>][] = [
  [0x06, multimap],
  [0x02, fc.constant(Buffer.alloc(0))],
  [0x03, word.map(string)],
  [0x00, errorBody],
];

const frame = fc
  .tuple(
    fc.constantFrom(...OPCODE_BODIES).chain(([opcode, body]) => body.map((bytes) => [opcode, bytes] as const)),
    fc.constantFrom(0x84, 0x84, 0x83, 0x85, 0x04),
    fc.subarray([0x02, 0x04, 0x08]),
    fc.array(word, { maxLength: 3 }),
    fc.integer({ min: -4, max: 4 }),
  )
  .map(([[opcode, body], version, flagBits, warnings, lie]) => {
    const flags = flagBits.reduce((sum, bit) => sum | bit, 0);
    const optional = [
      ...(flags & 0x02 ? [Buffer.alloc(16, 9)] : []),
      ...(flags & 0x08 ? [stringList(warnings)] : []),
      ...(flags & 0x04 ? [Buffer.concat([short(1), string('k'), int(3), Buffer.from('abc')])] : []),
    ];
    const payload = Buffer.concat([...optional, body]);
    const header = Buffer.from([version, flags, 0, 1, opcode, 0, 0, 0, 0]);
    header.writeInt32BE(payload.length + lie, 5);
    return Buffer.concat([header, payload]);
  });
const frames = mutated(frame);

const BASE = {
  protocol: 'cassandra',
  product: 'cassandra',
  access: 'unknown',
  cqlVersions: ['3.4.5'],
  signals: [],
} as const;

/** Every observation the probe could build from one decoded message. */
function observationsOf(message: CqlMessage): unknown[] {
  return [
    message.type === 'supported' ? observationFromSupported(message.options) : undefined,
    withStartupReply(BASE, message),
    observationFromVersionError(message),
  ];
}

export const cassandraFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'CQL response frame',
      parse: (bytes) => parseMessage(bytes),
      inputs: frames,
      observe: (value: { frame: Frame; message: CqlMessage }) => observationsOf(value.message),
      // SUPPORTED holding thousands of empty strings: the most entries 64 KiB can declare.
      large: fc.constant(
        Buffer.concat([
          Buffer.from([0x84, 0, 0, 1, 6, 0, 0, 0xff, 0xf7]),
          short(0xffff),
          Buffer.alloc(LARGE - 11, 0),
        ]).subarray(0, 9 + 0xfff7),
      ),
    },
  ],
  recognizers: [
    {
      name: 'CQL stray reply',
      recognize: (bytes) => cassandraProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: true,
    },
  ],
};

export { frame as cqlFrame };
