// A local stand-in for Cassandra (a JVM database Debian does not package) and ScyllaDB, built from
// the CQL native protocol v4 specification (apache/cassandra doc/native_protocol_v4.spec): a
// node:net server on 127.0.0.1 that frames its own responses, independently of the probe's codec.
// No capture of a real server was at hand; every byte here follows the spec's sections 2
// (frame header), 3 (notations) and 4.2 (responses: ERROR, READY, AUTHENTICATE, SUPPORTED).
//
// Profiles:
//   open           AllowAllAuthenticator (Cassandra's default): STARTUP gets READY
//   password       PasswordAuthenticator: STARTUP gets AUTHENTICATE naming the class
//   scylla-open    ScyllaDB with no authenticator: SUPPORTED carries its SCYLLA_* options; READY
//   v3-only        a Cassandra 2.1-era server: any frame of version 4 or more gets a protocol error
// A frame whose version byte it does not speak (such as `G` = 71 of a stray `GET `) gets
// "Invalid or unsupported protocol version (71); supported versions are (…)" and the connection
// is closed, as Cassandra does.
import net from 'node:net';
import { serveTcpOnLoopback } from './serve.js';

export type CassandraProfile = 'open' | 'password' | 'scylla-open' | 'v3-only';

interface CassandraRequest {
  readonly version: number;
  readonly opcode: number;
  readonly stream: number;
  /** STARTUP's [string map], decoded. */
  readonly options?: Readonly<Record<string, string>>;
}

export interface CassandraEmulator {
  readonly port: number;
  readonly requests: CassandraRequest[];
  close(): Promise<void>;
}

const OPCODE = { ERROR: 0x00, STARTUP: 0x01, READY: 0x02, AUTHENTICATE: 0x03, OPTIONS: 0x05, SUPPORTED: 0x06 } as const;
const PROTOCOL_ERROR = 0x000a;

/** [string]: [short] n, then n bytes of UTF-8. */
function string(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function short(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

/** [string multimap]: [short] n, then n pairs of [string] key and [string list]. */
function stringMultimap(map: Readonly<Record<string, readonly string[]>>): Buffer {
  const entries = Object.entries(map);
  return Buffer.concat([
    short(entries.length),
    ...entries.flatMap(([key, values]) => [string(key), short(values.length), ...values.map(string)]),
  ]);
}

function response(version: number, stream: number, opcode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header[0] = 0x80 | version;
  header[1] = 0;
  header.writeInt16BE(stream, 2);
  header[4] = opcode;
  header.writeInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

function errorBody(code: number, message: string): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(code);
  return Buffer.concat([head, string(message)]);
}

function readStringMap(body: Buffer): Record<string, string> {
  const map: Record<string, string> = {};
  let at = 0;
  const read = () => {
    const length = body.readUInt16BE(at);
    const value = body.subarray(at + 2, at + 2 + length).toString('utf8');
    at += 2 + length;
    return value;
  };
  const count = body.readUInt16BE(0);
  at = 2;
  for (let index = 0; index < count; index++) map[read()] = read();
  return map;
}

const CASSANDRA_SUPPORTED = {
  PROTOCOL_VERSIONS: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
  COMPRESSION: ['snappy', 'lz4'],
  CQL_VERSION: ['3.4.5'],
};
const SCYLLA_SUPPORTED = {
  COMPRESSION: ['lz4', 'snappy'],
  CQL_VERSION: ['3.3.1'],
  SCYLLA_LWT_ADD_METADATA_MARK: ['LWT_OPTIMIZATION_META_BIT_MASK=2147483648'],
  SCYLLA_NR_SHARDS: ['2'],
  SCYLLA_PARTITIONER: ['org.apache.cassandra.dht.Murmur3Partitioner'],
  SCYLLA_SHARD: ['0'],
  SCYLLA_SHARDING_ALGORITHM: ['biased-token-round-robin'],
  SCYLLA_SHARDING_IGNORE_MSB: ['12'],
};

export async function startCassandraEmulator(profile: CassandraProfile): Promise<CassandraEmulator> {
  const requests: CassandraRequest[] = [];
  const supportedVersions = profile === 'v3-only' ? [1, 2, 3] : [3, 4, 5];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 1) {
        const version = buffered[0]! & 0x7f;
        if ((buffered[0]! & 0x80) !== 0 || !supportedVersions.includes(version)) {
          const highest = supportedVersions.at(-1)!;
          const list = profile === 'v3-only' ? '1/v1, 2/v2, 3/v3' : '3/v3, 4/v4, 5/v5, 6/v6-beta';
          socket.end(
            response(
              highest,
              0,
              OPCODE.ERROR,
              errorBody(
                PROTOCOL_ERROR,
                `Invalid or unsupported protocol version (${version}); supported versions are (${list})`,
              ),
            ),
          );
          buffered = Buffer.alloc(0);
          return;
        }
        if (buffered.length < 9) return;
        const length = buffered.readInt32BE(5);
        if (length < 0 || length > 256 * 1024 * 1024) {
          socket.destroy();
          return;
        }
        if (buffered.length < 9 + length) return;
        const stream = buffered.readInt16BE(2);
        const opcode = buffered[4]!;
        const body = buffered.subarray(9, 9 + length);
        buffered = buffered.subarray(9 + length);
        if (opcode === OPCODE.OPTIONS) {
          requests.push({ version, opcode, stream });
          socket.write(
            response(
              version,
              stream,
              OPCODE.SUPPORTED,
              stringMultimap(profile === 'scylla-open' ? SCYLLA_SUPPORTED : CASSANDRA_SUPPORTED),
            ),
          );
        } else if (opcode === OPCODE.STARTUP) {
          const options = readStringMap(body);
          requests.push({ version, opcode, stream, options });
          if (profile === 'password')
            socket.write(
              response(version, stream, OPCODE.AUTHENTICATE, string('org.apache.cassandra.auth.PasswordAuthenticator')),
            );
          else socket.write(response(version, stream, OPCODE.READY, Buffer.alloc(0)));
        } else {
          // Anything else (QUERY, AUTH_RESPONSE, REGISTER …) is recorded, so a test can see it was never sent.
          requests.push({ version, opcode, stream });
          socket.write(
            response(
              version,
              stream,
              OPCODE.ERROR,
              errorBody(PROTOCOL_ERROR, `Unexpected message ${opcode}, expecting STARTUP or OPTIONS`),
            ),
          );
        }
      }
    });
  });
  return serveTcpOnLoopback(server, sockets, requests);
}
