// MySQL/MariaDB packets: HandshakeV10 greetings and error greetings, and the packets that answer
// a login (OK, ERR, AuthSwitchRequest, AuthMoreData), with 3-byte lengths that may lie.
import fc from 'fast-check';
import { mysqlProbe, parseAuthPacket, parseFreshGreeting, parseGreeting } from '../../../../src/probes/wire/mysql.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, textOf } from '../bytes.js';

function packet(sequence: number, payload: Buffer, lie = 0): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(Math.max(0, Math.min(0xffffff, payload.length + lie)), 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

const version = fc.oneof(
  fc.constantFrom('8.0.36', '5.5.5-10.11.6-MariaDB-0+deb12u1', '5.7.44-log', '', '8'),
  textOf(['5', '.', '-', 'MariaDB', 'x']),
);
const plugin = fc.oneof(
  fc.constantFrom('mysql_native_password', 'caching_sha2_password', 'auth_gssapi_client', ''),
  textOf(['a', '_', 'Z', '9', '\0']),
);
const handshake = fc
  .tuple(version, fc.integer({ min: 0, max: 255 }), plugin, fc.uint8Array({ minLength: 8, maxLength: 8 }))
  .map(([text, saltLength, name, salt]) =>
    Buffer.concat([
      Buffer.from([10]),
      Buffer.from(`${text}\0`, 'latin1'),
      Buffer.alloc(4, 1),
      Buffer.from(salt),
      Buffer.from([0, 0xff, 0xf7, 33, 2, 0, 0xff, 0x81, saltLength]),
      Buffer.alloc(10),
      Buffer.alloc(13, 0x41),
      Buffer.from(`${name}\0`, 'latin1'),
    ]),
  );
const errorPayload = fc
  .tuple(
    fc.integer({ min: 0, max: 0xffff }),
    fc.oneof(
      fc.constantFrom("Host '192.0.2.1' is not allowed to connect to this MariaDB server", '#28000Access denied'),
      textOf(['#', 'HY000', 'host', ' ', 'é']),
    ),
  )
  .map(([code, text]) => {
    const head = Buffer.from([0xff, 0, 0]);
    head.writeUInt16LE(code, 1);
    return Buffer.concat([head, Buffer.from(text, 'utf8')]);
  });
const greeting = fc
  .tuple(fc.oneof(handshake, errorPayload), fc.constantFrom(0, 0, 1), fc.integer({ min: -4, max: 4 }))
  .map(([payload, sequence, lie]) => packet(sequence, payload, lie));

const authPayload = fc.oneof(
  fc.constant(Buffer.from([0, 0, 0, 2, 0, 0, 0])),
  errorPayload,
  plugin.map((name) =>
    Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${name}\0`, 'latin1'), Buffer.alloc(20, 0x61)]),
  ),
  fc.constant(Buffer.from([0xfe])),
  fc.constantFrom(3, 4).map((byte) => Buffer.from([0x01, byte])),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
);
const authReply = fc
  .array(
    fc
      .tuple(authPayload, fc.constantFrom(2, 2, 3, 4), fc.integer({ min: -2, max: 2 }))
      .map(([payload, sequence, lie]) => packet(sequence, payload, lie)),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => Buffer.concat(parts));

const recordedMysql = fc.constantFrom(...recordedWire('mysql'));
const greetings = mutated(fc.oneof({ weight: 4, arbitrary: greeting }, { weight: 1, arbitrary: recordedMysql }));

export const mysqlFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'MySQL greeting (fresh connection)',
      parse: (bytes) => parseFreshGreeting(bytes),
      inputs: greetings,
      observe: (value) => value,
      large: fc.constant(packet(0, Buffer.alloc(LARGE, 0x35))),
    },
    {
      name: 'MySQL login reply',
      parse: (bytes) => parseAuthPacket(2)(bytes),
      inputs: mutated(fc.oneof({ weight: 4, arbitrary: authReply }, { weight: 1, arbitrary: recordedMysql })),
      large: fc.constant(packet(2, Buffer.alloc(LARGE - 4, 0xfe))),
    },
  ],
  recognizers: [
    { name: 'MySQL greeting', recognize: (bytes) => parseGreeting(bytes), inputs: greetings, reportable: true },
    {
      name: 'MySQL greeting (probe)',
      recognize: (bytes) => mysqlProbe.recognizeGreeting(bytes),
      inputs: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      reportable: true,
    },
  ],
};
