// Cassandra (and ScyllaDB): the CQL native protocol, version 4. OPTIONS asks what the server
// supports (SUPPORTED: CQL_VERSION, COMPRESSION, PROTOCOL_VERSIONS); STARTUP with that CQL
// version then gets READY when no authenticator is configured (AllowAllAuthenticator) or
// AUTHENTICATE naming the authenticator class (PasswordAuthenticator) when credentials are
// required. Nothing else is sent: no credentials, no QUERY, no keyspace is read. Frames are built
// and read from the native protocol v4 specification (native_protocol_v4.spec).
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { CassandraObservation, ProbeOutcome } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

const PROTOCOL_V4 = 4;
const OPCODES = {
  ERROR: 0x00,
  STARTUP: 0x01,
  READY: 0x02,
  AUTHENTICATE: 0x03,
  OPTIONS: 0x05,
  SUPPORTED: 0x06,
} as const;
/** SUPPORTED and error frames are a few hundred bytes. */
export const MAX_FRAME_BODY = 64 * 1024;
const HEADER_BYTES = 9;
const FLAG_COMPRESSION = 0x01;
const FLAG_TRACING = 0x02;
const FLAG_CUSTOM_PAYLOAD = 0x04;
const FLAG_WARNING = 0x08;
const RESPONSE_OPCODES: ReadonlySet<number> = new Set([
  OPCODES.ERROR,
  OPCODES.READY,
  OPCODES.AUTHENTICATE,
  OPCODES.SUPPORTED,
]);
const OPTIONS_STREAM = 1;
const STARTUP_STREAM = 2;

function requestFrame(opcode: number, stream: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = PROTOCOL_V4;
  header[1] = 0;
  header.writeInt16BE(stream, 2);
  header[4] = opcode;
  header.writeInt32BE(body.length, 5);
  return Buffer.concat([header, body]);
}

/** [string]: a [short] byte length, then UTF-8. */
function encodeString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function optionsFrame(): Buffer {
  return requestFrame(OPCODES.OPTIONS, OPTIONS_STREAM);
}

/** STARTUP with a [string map] holding only CQL_VERSION (no COMPRESSION: frames stay readable). */
export function startupFrame(cqlVersion: string): Buffer {
  const count = Buffer.from([0, 1]);
  return requestFrame(
    OPCODES.STARTUP,
    STARTUP_STREAM,
    Buffer.concat([count, encodeString('CQL_VERSION'), encodeString(cqlVersion)]),
  );
}

export interface Frame {
  readonly version: number;
  readonly flags: number;
  readonly stream: number;
  readonly opcode: number;
  readonly body: Buffer;
}

export type CqlMessage =
  | { readonly type: 'supported'; readonly options: ReadonlyMap<string, readonly string[]> }
  | { readonly type: 'ready' }
  | { readonly type: 'authenticate'; readonly authenticator: string }
  | { readonly type: 'error'; readonly code: number; readonly message: string };

/** A body that does not hold what its frame says. */
export class CqlBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CqlBodyError';
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}
  private need(count: number): void {
    if (count < 0 || this.offset + count > this.bytes.length)
      throw new CqlBodyError(`needs ${count} bytes at ${this.offset}, has ${this.bytes.length - this.offset}`);
  }
  short(): number {
    this.need(2);
    const value = this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  int(): number {
    this.need(4);
    const value = this.bytes.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }
  string(): string {
    const length = this.short();
    this.need(length);
    const value = this.bytes.subarray(this.offset, this.offset + length).toString('utf8');
    this.offset += length;
    return value;
  }
  stringList(): string[] {
    const count = this.short();
    const list: string[] = [];
    for (let index = 0; index < count; index++) list.push(this.string());
    return list;
  }
  stringMultimap(): Map<string, string[]> {
    const count = this.short();
    const map = new Map<string, string[]>();
    for (let index = 0; index < count; index++) map.set(this.string(), this.stringList());
    return map;
  }
  bytesMap(): void {
    const count = this.short();
    for (let index = 0; index < count; index++) {
      this.string();
      const length = this.int();
      if (length > 0) this.skip(length);
    }
  }
}

/**
 * Reads one response frame from the start of `received`. The header must be a response
 * (direction bit set) of protocol version 1–6 with an opcode a server sends and a body length
 * within reason; a compressed body (never negotiated here) is not readable.
 */
export function parseFrame(received: Buffer): ParseResult<Frame> {
  if (received.length === 0) return INCOMPLETE;
  const first = received[0]!;
  if ((first & 0x80) === 0 || (first & 0x7f) < 1 || (first & 0x7f) > 6) return MISMATCH;
  if (received.length < HEADER_BYTES) return INCOMPLETE;
  const flags = received[1]!;
  const opcode = received[4]!;
  const length = received.readInt32BE(5);
  if ((flags & FLAG_COMPRESSION) !== 0 || (flags & 0xf0) !== 0) return MISMATCH;
  if (!RESPONSE_OPCODES.has(opcode)) return MISMATCH;
  if (length < 0 || length > MAX_FRAME_BODY) return MISMATCH;
  if (received.length < HEADER_BYTES + length) return INCOMPLETE;
  return matched({
    version: first & 0x7f,
    flags,
    stream: received.readInt16BE(2),
    opcode,
    body: received.subarray(HEADER_BYTES, HEADER_BYTES + length),
  });
}

/** Decodes a response frame's body; throws CqlBodyError when the body is not what the opcode says. */
export function decodeMessage(frame: Frame): CqlMessage {
  const reader = new Reader(frame.body);
  // Optional parts a v4 server may put before the message itself.
  if (frame.flags & FLAG_TRACING) reader.skip(16);
  if (frame.flags & FLAG_WARNING) reader.stringList();
  if (frame.flags & FLAG_CUSTOM_PAYLOAD) reader.bytesMap();
  switch (frame.opcode) {
    case OPCODES.SUPPORTED:
      return { type: 'supported', options: reader.stringMultimap() };
    case OPCODES.READY:
      return { type: 'ready' };
    case OPCODES.AUTHENTICATE:
      return { type: 'authenticate', authenticator: reader.string() };
    case OPCODES.ERROR: {
      const code = reader.int();
      return { type: 'error', code, message: reader.string() };
    }
    default:
      throw new CqlBodyError(`opcode ${frame.opcode} is not a response`);
  }
}

/** parseFrame and decodeMessage as one parser for Conn.exchange. */
export function parseMessage(received: Buffer): ParseResult<{ frame: Frame; message: CqlMessage }> {
  const frame = parseFrame(received);
  if (frame.state !== 'matched') return frame;
  try {
    return matched({ frame: frame.value, message: decodeMessage(frame.value) });
  } catch (error) {
    if (error instanceof CqlBodyError) return MISMATCH;
    throw error;
  }
}

/** Error code 0x000A: a protocol error, such as a protocol version the server does not speak. */
const PROTOCOL_ERROR = 0x000a;

function productOf(options: ReadonlyMap<string, readonly string[]>): CassandraObservation['product'] {
  // ScyllaDB adds its shard-awareness options (SCYLLA_SHARD, SCYLLA_NR_SHARDS, …) to SUPPORTED.
  return [...options.keys()].some((key) => key.startsWith('SCYLLA_')) ? 'scylladb' : 'cassandra';
}

/** What SUPPORTED says, when it is a CQL server's answer (it must offer a CQL version). */
export function observationFromSupported(
  options: ReadonlyMap<string, readonly string[]>,
): CassandraObservation | undefined {
  const cqlVersions = (options.get('CQL_VERSION') ?? []).filter((version) => /^\d+\.\d+\.\d+$/.test(version));
  if (cqlVersions.length === 0) return undefined;
  const protocolVersions = (options.get('PROTOCOL_VERSIONS') ?? [])
    .filter((version) => /^[\w/.-]{1,20}$/.test(version))
    .slice(0, 10);
  return {
    protocol: 'cassandra',
    product: productOf(options),
    access: 'unknown',
    cqlVersions: cqlVersions.slice(0, 10),
    ...(protocolVersions.length > 0 ? { protocolVersions } : {}),
    signals: ['CQL native protocol response frame', 'SUPPORTED with CQL_VERSION'],
  };
}

/** Adds what the reply to STARTUP says about authentication. */
export function withStartupReply(observation: CassandraObservation, message: CqlMessage): CassandraObservation {
  switch (message.type) {
    case 'ready':
      return { ...observation, access: 'open' };
    case 'authenticate':
      return { ...observation, access: 'auth-required', authenticator: message.authenticator.slice(0, 120) };
    case 'error':
      return { ...observation, error: { code: message.code, message: message.message.slice(0, 200) } };
    default:
      return observation;
  }
}

/** A protocol error about the version is what a CQL server that does not speak v4 answers. */
export function observationFromVersionError(message: CqlMessage): CassandraObservation | undefined {
  if (message.type !== 'error' || message.code !== PROTOCOL_ERROR || !/protocol version/i.test(message.message))
    return undefined;
  return {
    protocol: 'cassandra',
    product: 'cassandra',
    access: 'unknown',
    error: { code: message.code, message: message.message.slice(0, 200) },
    signals: ['CQL native protocol response frame', 'protocol error naming the protocol version'],
  };
}

export const cassandraProbe: ClientFirstProbe<CassandraObservation> & { protocol: 'cassandra' } = {
  protocol: 'cassandra',
  speaksFirst: false,
  hintPorts: [9042, 9142],
  recognizeStrayReply(reply) {
    // `G` of `GET` is read as protocol version 71: "Invalid or unsupported protocol version: 71"
    // (wording varies by release; the phrase is common to all).
    const parsed = parseMessage(reply.subarray(0, 1024));
    return parsed.state === 'matched' && observationFromVersionError(parsed.value.message) !== undefined;
  },
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<CassandraObservation>> {
    const options = await conn.exchange(optionsFrame(), parseMessage, {
      timeoutMs,
      maxBytes: HEADER_BYTES + MAX_FRAME_BODY,
    });
    if (options.kind === 'failure') return { kind: 'failure', failure: options.failure };
    if (options.kind === 'mismatch') return { kind: 'not-this' };
    const { message } = options.value;
    if (message.type !== 'supported') {
      const versionError = observationFromVersionError(message);
      return versionError ? { kind: 'identified', observation: versionError } : { kind: 'not-this' };
    }
    const observation = observationFromSupported(message.options);
    if (!observation) return { kind: 'not-this' };
    // The server's own CQL version is the one sure to be accepted.
    const startup = await conn.exchange(startupFrame(observation.cqlVersions![0]!), parseMessage, {
      timeoutMs,
      maxBytes: HEADER_BYTES + MAX_FRAME_BODY,
    });
    // SUPPORTED already proved the protocol: a failed STARTUP leaves access unknown.
    if (startup.kind !== 'matched') return { kind: 'identified', observation };
    return { kind: 'identified', observation: withStartupReply(observation, startup.value.message) };
  },
};
