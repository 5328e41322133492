// MongoDB replies: OP_MSG and OP_REPLY messages holding hello/isMaster, buildInfo and
// listDatabases documents (encoded by the project's BSON encoder, then mutated), and raw BSON with
// nesting far past the decoder's limit.
import fc from 'fast-check';
import { encodeDocument, type BsonInput, type BsonInputValue } from '../../../../src/probes/wire/bson.js';
import {
  mongodbProbe,
  observationFromGreeting,
  OP_MSG,
  OP_REPLY,
  parseGreeting,
  replyTo,
  REQUEST_IDS,
  withBuildInfo,
  withListDatabases,
  type Greeting,
  type Reply,
} from '../../../../src/probes/wire/mongodb.js';
import type { MongodbObservation } from '../../../../src/probes/observation.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, textOf } from '../bytes.js';

const name = fc.oneof(
  fc.constantFrom('admin', 'local', 'READ__ME_TO_RECOVER_YOUR_DATA', 'meow', ''),
  textOf(['a', 'read', '_', 'me', 'é']),
);
const number: fc.Arbitrary<BsonInputValue> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1, 1.0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 31),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const scalar: fc.Arbitrary<BsonInputValue> = fc.oneof(number, fc.boolean(), fc.constant(null), name);

const hello = fc.record(
  {
    ismaster: fc.oneof(fc.boolean(), scalar),
    isWritablePrimary: fc.boolean(),
    ok: fc.oneof(fc.constant(1), scalar),
    maxWireVersion: number,
    setName: name,
    secondary: fc.boolean(),
    msg: fc.constantFrom('isdbgrid', 'x'),
    arbiterOnly: fc.boolean(),
  },
  { requiredKeys: [] },
);
const buildInfo = fc.record(
  {
    version: fc.oneof(fc.constantFrom('7.0.5', '3.4.24', '4.4.0-rc3', 'x'), name),
    ok: fc.oneof(fc.constant(1), scalar),
  },
  { requiredKeys: [] },
);
const database = fc.record(
  { name: fc.oneof(name, scalar), sizeOnDisk: number, empty: fc.boolean() },
  { requiredKeys: [] },
);
const listDatabases = fc.record(
  {
    databases: fc.oneof(fc.array(fc.oneof(database, scalar), { maxLength: 30 }), scalar),
    totalSize: number,
    ok: fc.oneof(fc.constant(1), scalar),
    code: fc.constantFrom(13, 59),
    errmsg: fc.constantFrom('command listDatabases requires authentication', 'x'),
    $err: name,
  },
  { requiredKeys: [] },
);
const document = fc.oneof(hello, buildInfo, listDatabases) as fc.Arbitrary<BsonInput>;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(99, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}
function opMsg(responseTo: number, body: Buffer, flags: number): Buffer {
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags >>> 0);
  const rest = Buffer.concat([flagBytes, Buffer.from([0]), body, ...(flags & 1 ? [Buffer.alloc(4)] : [])]);
  return Buffer.concat([header(16 + rest.length, responseTo, OP_MSG), rest]);
}
function opReply(responseTo: number, body: Buffer, returned: number): Buffer {
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(returned, 16);
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fixed, body]);
}
const message = fc
  .tuple(
    document.map((doc) => encodeDocument(doc)),
    fc.constantFrom(1, 2, 3, 4, 7),
    fc.constantFrom('msg', 'reply'),
    fc.constantFrom(0, 0, 1, 2, 0x10000, 4),
    fc.constantFrom(1, 1, 0, 2),
  )
  .map(([body, responseTo, kind, flags, returned]) =>
    kind === 'msg' ? opMsg(responseTo, body, flags) : opReply(responseTo, body, returned),
  );
const reply = fc.array(message, { minLength: 1, maxLength: 3 }).map((parts) => Buffer.concat(parts));

/** Nested documents `{a: {a: … }}` `depth` levels deep, built by hand: the encoder refuses them. */
export function nestedDocument(depth: number, asArray = false): Buffer {
  let inner = Buffer.from([5, 0, 0, 0, 0]);
  for (let level = 0; level < depth; level++) {
    const element = Buffer.concat([
      Buffer.from([asArray ? 0x04 : 0x03]),
      Buffer.from(asArray ? '0\0' : 'a\0', 'latin1'),
      inner,
    ]);
    const out = Buffer.concat([Buffer.alloc(4), element, Buffer.from([0])]);
    out.writeInt32LE(out.length, 0);
    inner = out;
  }
  return inner;
}
export const bsonDocuments = mutated(
  fc.oneof(
    document.map((doc) => encodeDocument(doc)),
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.boolean()).map(([depth, asArray]) => nestedDocument(depth, asArray)),
  ),
);

const BASE: MongodbObservation = {
  protocol: 'mongodb',
  product: 'mongodb',
  access: 'unknown',
  wire: 'op_msg',
  role: 'standalone',
  signals: [],
};
const frames = mutated(
  fc.oneof(
    { weight: 6, arbitrary: reply },
    { weight: 1, arbitrary: fc.constantFrom(...recordedWire('mongodb', ['.txt'])) },
  ),
);

export const mongodbFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'MongoDB greeting (hello + isMaster replies)',
      parse: parseGreeting,
      inputs: frames,
      observe: (value: Greeting) => observationFromGreeting(value),
      large: fc.constant(opReply(2, nestedDocument(3000), 1)),
    },
    {
      name: 'MongoDB command reply (listDatabases)',
      parse: (bytes) => replyTo(REQUEST_IDS.listDatabases)(bytes),
      inputs: frames,
      observe: (value: Reply) => [withBuildInfo(BASE, value.document), withListDatabases(BASE, value.document)],
      // Thousands of small replies to other requests before the one awaited.
      large: fc.constant(Buffer.alloc(LARGE, opMsg(7, encodeDocument({ ok: 1 }), 0))),
    },
  ],
  recognizers: [
    {
      name: 'MongoDB stray reply',
      recognize: (bytes) => mongodbProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: true,
    },
  ],
};
