// A local stand-in for mongod, which cannot be installed on this machine (Debian has no server
// package; mongodb-memory-server downloads its binary). A node:net server on 127.0.0.1 speaking the
// MongoDB wire protocol as documented (www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/),
// with its own small BSON writer, independent of src/probes/wire/bson.ts, so the probe's codec is
// checked against bytes it did not make.
//
// Profiles:
//   legacy-3.4  OP_QUERY only. OP_MSG (2013) is an unknown opcode to it: logged and ignored, no
//               reply, the connection stays open (what mongod before 3.6 did with any opcode it did
//               not know: "operation isn't supported", fire-and-forget). isMaster: maxWireVersion 5.
//   modern-6    6.0: commands only as OP_MSG. OP_QUERY is answered for isMaster/hello only (the
//               driver handshake); any other OP_QUERY command gets code 352
//               UnsupportedOpQueryCommand, as mongod 5.1+ does (the false negative of
//               OP_QUERY-only scanners). maxWireVersion 17.
//   auth-6      modern-6 with authorization on: hello, isMaster and buildInfo are answered (they are
//               allowed before authentication), listDatabases gets code 13 Unauthorized.
// All profiles answer a stray `GET ` with the recorded HTTP reply of a real mongod
// (mongodb/http-request-to-native-port-27017.txt) and hang up, and hang up on a message length
// under 16 bytes or over 48 MB, as mongod does.
//
// buildInfo replies are the recorded 4.4.10 document (mongodb/buildinfo-4.4.10.json) with
// `version` and `versionArray` set to the profile's version; every other field is as recorded.
// hello/isMaster and listDatabases replies are built from the documented reply fields.
import net from 'node:net';
import { serveTcpOnLoopback } from './serve.js';
import { recorded } from '../helpers/fixtures.js';

export type MongoProfile = 'legacy-3.4' | 'modern-6' | 'auth-6';

export interface MongoDatabase {
  readonly name: string;
  readonly sizeOnDisk: number;
  readonly empty?: boolean;
}

export const DEFAULT_DATABASES: readonly MongoDatabase[] = [
  { name: 'admin', sizeOnDisk: 40_960 },
  { name: 'config', sizeOnDisk: 110_592 },
  { name: 'local', sizeOnDisk: 73_728 },
  { name: 'shop', sizeOnDisk: 2_367_488_000 },
];

export interface MongoEmulatorOptions {
  readonly databases?: readonly MongoDatabase[];
}

/** One request as the emulator understood it. */
interface MongoRequest {
  readonly opCode: number;
  readonly requestId: number;
  /** The command's name: the first key of the command document. */
  readonly command: string;
  /** The keys of the command document, in order. */
  readonly keys: readonly string[];
  /** OP_QUERY only: the namespace it was sent to. */
  readonly namespace?: string;
}

export interface MongoEmulator {
  readonly port: number;
  readonly requests: MongoRequest[];
  close(): Promise<void>;
}

// --- A BSON writer of its own -------------------------------------------------------------------

class Int64 {
  constructor(readonly value: bigint) {}
}
class Double {
  constructor(readonly value: number) {}
}
class UtcDate {
  constructor(readonly ms: number) {}
}
class Oid {
  constructor(readonly hex: string) {}
}
class Ts {
  constructor(
    readonly t: number,
    readonly i: number,
  ) {}
}
type Value =
  string | number | boolean | null | Int64 | Double | UtcDate | Oid | Ts | Value[] | { [key: string]: Value };

function element(key: string, value: Value): Buffer {
  const name = Buffer.from(`${key}\0`, 'utf8');
  const typed = (type: number, payload: Buffer) => Buffer.concat([Buffer.from([type]), name, payload]);
  if (value === null) return typed(0x0a, Buffer.alloc(0));
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    const length = Buffer.alloc(4);
    length.writeInt32LE(text.length + 1);
    return typed(0x02, Buffer.concat([length, text, Buffer.from([0])]));
  }
  if (typeof value === 'boolean') return typed(0x08, Buffer.from([value ? 1 : 0]));
  if (typeof value === 'number') {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(value);
    return typed(0x10, bytes);
  }
  if (value instanceof Double) {
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleLE(value.value);
    return typed(0x01, bytes);
  }
  if (value instanceof Int64) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(value.value);
    return typed(0x12, bytes);
  }
  if (value instanceof UtcDate) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(BigInt(value.ms));
    return typed(0x09, bytes);
  }
  if (value instanceof Oid) return typed(0x07, Buffer.from(value.hex, 'hex'));
  if (value instanceof Ts) {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(value.i, 0);
    bytes.writeUInt32LE(value.t, 4);
    return typed(0x11, bytes);
  }
  if (Array.isArray(value))
    return typed(0x04, document(Object.fromEntries(value.map((item, index) => [String(index), item]))));
  return typed(0x03, document(value));
}

function document(fields: { [key: string]: Value }): Buffer {
  const body = Buffer.concat(Object.entries(fields).map(([key, value]) => element(key, value)));
  const length = Buffer.alloc(4);
  length.writeInt32LE(body.length + 5);
  return Buffer.concat([length, body, Buffer.from([0])]);
}

/** The JSON rendering of the recorded buildInfo, back to BSON: integers as int32, `ok` as the double it is on the wire. */
function fromJson(value: unknown): Value {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key === 'ok' ? new Double(Number(item)) : fromJson(item)]),
    );
  if (typeof value === 'number' && !Number.isInteger(value)) return new Double(value);
  return value as Value;
}

// --- Reading requests -----------------------------------------------------------------------

function cstringAt(bytes: Buffer, offset: number): { text: string; end: number } {
  const end = bytes.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated C string');
  return { text: bytes.subarray(offset, end).toString('utf8'), end: end + 1 };
}

/** The keys of a command document (only names are needed to answer). */
function keysOf(bytes: Buffer, offset: number): string[] {
  const length = bytes.readInt32LE(offset);
  const keys: string[] = [];
  let at = offset + 4;
  const end = offset + length - 1;
  while (at < end) {
    const type = bytes[at]!;
    const key = cstringAt(bytes, at + 1);
    keys.push(key.text);
    at = key.end;
    // Skip the value: only the types a client command holds.
    if (type === 0x01 || type === 0x12 || type === 0x09) at += 8;
    else if (type === 0x10) at += 4;
    else if (type === 0x08) at += 1;
    else if (type === 0x0a) at += 0;
    else if (type === 0x02) at += 4 + bytes.readInt32LE(at);
    else if (type === 0x03 || type === 0x04) at += bytes.readInt32LE(at);
    else throw new Error(`unexpected type 0x${type.toString(16)} in a command`);
  }
  return keys;
}

// --- Replies ----------------------------------------------------------------------------------

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
let nextId = 1000;

function frame(opCode: number, responseTo: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(nextId++, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

function opReply(responseTo: number, reply: { [key: string]: Value }): Buffer {
  const fields = Buffer.alloc(20); // responseFlags 0, cursorID 0, startingFrom 0, numberReturned 1
  fields.writeInt32LE(1, 16);
  return frame(OP_REPLY, responseTo, Buffer.concat([fields, document(reply)]));
}

function opMsgReply(responseTo: number, reply: { [key: string]: Value }): Buffer {
  return frame(OP_MSG, responseTo, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), document(reply)]));
}

const PROFILE_VERSION: Readonly<Record<MongoProfile, readonly [number, number, number]>> = {
  'legacy-3.4': [3, 4, 24],
  'modern-6': [6, 0, 19],
  'auth-6': [6, 0, 19],
};

function helloReply(profile: MongoProfile, legacyName: boolean): { [key: string]: Value } {
  const common = {
    maxBsonObjectSize: 16_777_216,
    maxMessageSizeBytes: 48_000_000,
    localTime: new UtcDate(Date.UTC(2026, 10, 25)),
  };
  if (profile === 'legacy-3.4') {
    return {
      ismaster: true,
      ...common,
      maxWriteBatchSize: 1000,
      maxWireVersion: 5,
      minWireVersion: 0,
      readOnly: false,
      ok: new Double(1),
    };
  }
  return {
    [legacyName ? 'ismaster' : 'isWritablePrimary']: true,
    topologyVersion: { processId: new Oid('6740a1b2c3d4e5f601234567'), counter: new Int64(0n) },
    ...common,
    maxWriteBatchSize: 100_000,
    logicalSessionTimeoutMinutes: 30,
    connectionId: 42,
    minWireVersion: 0,
    maxWireVersion: 17,
    readOnly: false,
    ok: new Double(1),
  };
}

function buildInfoReply(profile: MongoProfile): { [key: string]: Value } {
  const recordedInfo = JSON.parse(recorded('mongodb/buildinfo-4.4.10.json')) as Record<string, unknown>;
  const [major, minor, patch] = PROFILE_VERSION[profile];
  return {
    ...(fromJson(recordedInfo) as { [key: string]: Value }),
    version: `${major}.${minor}.${patch}`,
    versionArray: [major, minor, patch, 0],
  };
}

function listDatabasesReply(profile: MongoProfile, databases: readonly MongoDatabase[]): { [key: string]: Value } {
  if (profile === 'auth-6')
    return {
      ok: new Double(0),
      errmsg: 'command listDatabases requires authentication',
      code: 13,
      codeName: 'Unauthorized',
    };
  const total = databases.reduce((sum, database) => sum + database.sizeOnDisk, 0);
  return {
    databases: databases.map((database) => ({
      name: database.name,
      sizeOnDisk: new Double(database.sizeOnDisk),
      empty: database.empty ?? false,
    })),
    totalSize: new Double(total),
    ...(profile === 'legacy-3.4' ? {} : { totalSizeMb: new Int64(BigInt(Math.floor(total / 1024 / 1024))) }),
    ok: new Double(1),
  };
}

const UNSUPPORTED_OP_QUERY = (command: string) => ({
  ok: new Double(0),
  errmsg: `Unsupported OP_QUERY command: ${command}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`,
  code: 352,
  codeName: 'UnsupportedOpQueryCommand',
});

const NO_SUCH_COMMAND = (command: string) => ({
  ok: new Double(0),
  errmsg: `no such command: '${command}'`,
  code: 59,
  codeName: 'CommandNotFound',
});

function answer(profile: MongoProfile, databases: readonly MongoDatabase[], command: string): { [key: string]: Value } {
  switch (command.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      return helloReply(profile, command !== 'hello');
    case 'buildinfo':
      return buildInfoReply(profile);
    case 'listdatabases':
      return listDatabasesReply(profile, databases);
    default:
      return NO_SUCH_COMMAND(command);
  }
}

function httpReply(): Buffer {
  // As recorded (LF endings, the blank line dropped by the page it was printed on), back to the wire: CRLF, a blank line, the body's CRLF.
  const lines = recorded('mongodb/http-request-to-native-port-27017.txt').trimEnd().split('\n');
  return Buffer.from(`${lines.slice(0, -1).join('\r\n')}\r\n\r\n${lines.at(-1)}\r\n`, 'latin1');
}

export async function startMongoEmulator(
  profile: MongoProfile,
  options: MongoEmulatorOptions = {},
): Promise<MongoEmulator> {
  const databases = options.databases ?? DEFAULT_DATABASES;
  const requests: MongoRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.subarray(0, 4).toString('latin1') === 'GET ') {
        socket.end(httpReply());
        return;
      }
      while (buffered.length >= 4) {
        const length = buffered.readInt32LE(0);
        if (length < 16 || length > 48_000_000) {
          socket.destroy();
          return;
        }
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        const requestId = message.readInt32LE(4);
        const opCode = message.readInt32LE(12);
        try {
          if (opCode === OP_MSG) {
            // flagBits (4), then a kind-0 section.
            if (message[20] !== 0) throw new Error('expected a body section');
            const keys = keysOf(message, 21);
            requests.push({ opCode, requestId, command: keys[0] ?? '', keys });
            if (profile === 'legacy-3.4') continue; // "operation isn't supported: 2013": no reply
            socket.write(opMsgReply(requestId, answer(profile, databases, keys[0] ?? '')));
          } else if (opCode === OP_QUERY) {
            const namespace = cstringAt(message, 20);
            const keys = keysOf(message, namespace.end + 8);
            const command = keys[0] ?? '';
            requests.push({ opCode, requestId, command, keys, namespace: namespace.text });
            const legacyAllowed = profile === 'legacy-3.4' || ['hello', 'ismaster'].includes(command.toLowerCase());
            socket.write(
              opReply(requestId, legacyAllowed ? answer(profile, databases, command) : UNSUPPORTED_OP_QUERY(command)),
            );
          } else {
            socket.destroy();
            return;
          }
        } catch {
          socket.destroy();
          return;
        }
      }
    });
  });
  return serveTcpOnLoopback(server, sockets, requests);
}
