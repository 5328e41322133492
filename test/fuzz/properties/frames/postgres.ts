// PostgreSQL backend messages after a StartupMessage: authentication requests, ParameterStatus,
// ErrorResponse, BackendKeyData, NoticeResponse, ReadyForQuery, with lengths that may lie.
import fc from 'fast-check';
import { observationOf, parseStartupReply, type StartupReply } from '../../../../src/probes/wire/postgres.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { mutated, textOf } from '../bytes.js';

function message(type: string, payload: Buffer, lie = 0): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(payload.length + 4 + lie, 1);
  return Buffer.concat([header, payload]);
}

const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value | 0);
  return bytes;
};

const auth = fc
  .oneof(fc.constantFrom(0, 2, 3, 5, 7, 9, 10, 11, 12), fc.integer())
  .map((code) =>
    message('R', Buffer.concat([int32(code), code === 10 ? Buffer.from('SCRAM-SHA-256\0\0') : Buffer.alloc(0)])),
  );
const parameter = fc
  .tuple(
    fc.constantFrom('server_version', 'client_encoding', 'TimeZone', ''),
    fc.oneof(fc.constantFrom('15.20 (Debian 15.20-0+deb12u1)', '9.6.24', ''), textOf(['1', '.', ' ', '(', 'a'])),
  )
  .map(([name, value]) => message('S', Buffer.from(`${name}\0${value}\0`, 'utf8')));
const error = fc
  .tuple(
    fc.constantFrom('E', 'N'),
    fc.array(
      fc.oneof(
        fc.constantFrom('SFATAL', 'C28000', 'C3D000', 'Mno pg_hba.conf entry'),
        textOf(['C', 'M', 'S', 'x', 'é']),
      ),
      { maxLength: 5 },
    ),
  )
  .map(([type, fields]) => message(type, Buffer.from(`${fields.join('\0')}\0\0`, 'utf8')));
const other = fc.oneof(
  fc.constant(message('K', Buffer.alloc(8, 7))),
  fc.constantFrom('I', 'T', 'E').map((status) => message('Z', Buffer.from(status))),
  fc
    .tuple(
      fc.constantFrom('R', 'S', 'E', 'Z', 'X', 'H'),
      fc.uint8Array({ maxLength: 16 }),
      fc.integer({ min: -8, max: 8 }),
    )
    .map(([type, payload, lie]) => message(type, Buffer.from(payload), lie)),
);
const reply = fc
  .array(fc.oneof(auth, parameter, error, other), { minLength: 1, maxLength: 8 })
  .map((parts) => Buffer.concat(parts));

export const postgresFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'PostgreSQL startup reply',
      parse: parseStartupReply,
      inputs: mutated(reply),
      observe: (value: StartupReply) => observationOf('postgres', 'postgres', value),
      // Authentication OK, then 64 KiB of small ParameterStatus messages.
      large: fc.constant(
        Buffer.concat([message('R', int32(0)), Buffer.alloc(LARGE, message('S', Buffer.from('a\0b\0')))]),
      ),
    },
  ],
  recognizers: [],
};
