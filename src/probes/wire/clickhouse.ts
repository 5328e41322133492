// ClickHouse's native protocol (TCP 9000): one client Hello as user `default` with an empty
// password. The server checks the credentials while it reads the Hello, so its first packet is
// the verdict: its own Hello (name, version, protocol revision) when they are accepted, or an
// Exception: 516 AUTHENTICATION_FAILED (20.x and later), or before that 192 UNKNOWN_USER,
// 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD; 195 IP_ADDRESS_NOT_ALLOWED refuses this client.
// Nothing else is sent: no query, no Ping; the engine closes the connection after the reply.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { ClickhouseObservation, ProbeOutcome } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

const USER = 'default';
// Revision 54405 (the 18.x/19.x protocol): late enough for the version patch in the server's
// Hello (54401), early enough that no addendum is expected after it (54458).
const CLIENT_REVISION = 54405;
const MAX_PACKET_BYTES = 64 * 1024;
// Every field the reader accepts is capped so that a whole reply fits in MAX_PACKET_BYTES: a longer
// buffer that is still incomplete can then be refused without refusing a reply that would have
// completed (the verdict must not depend on how the bytes were split into reads).
const MAX_MESSAGE_BYTES = MAX_PACKET_BYTES - 1024;
const HELLO = 0;
const EXCEPTION = 2;

const AUTH_CODES: ReadonlySet<number> = new Set([192, 193, 194, 516]);
const IP_NOT_ALLOWED = 195;

function varUInt(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

function binaryString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([varUInt(bytes.length), bytes]);
}

/**
 * The client Hello: name, version 1.10, revision, database, user, password. The minor version 10
 * is a line feed on the wire, so a line-reading server met on port 9000 (Go's HTTP server behind
 * MinIO or Portainer) answers at once with its own error instead of waiting for a line's end.
 */
export function clientHello(user = USER, password = ''): Buffer {
  return Buffer.concat([
    varUInt(HELLO),
    binaryString('exposcan'),
    varUInt(1),
    varUInt(10),
    varUInt(CLIENT_REVISION),
    binaryString(''),
    binaryString(user),
    binaryString(password),
  ]);
}

/** Bytes that cannot be this protocol (a runaway varint, a string past its cap). */
class ClickhouseDecodeError extends Error {
  override readonly name = 'ClickhouseDecodeError';
}

/** A cursor over received bytes; `undefined` from a read means the bytes ran out. */
class Reader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  varUInt(): number | undefined {
    let value = 0;
    // Five bytes (35 bits) is plenty for anything read here; longer is not this protocol.
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.bytes[this.offset++];
      if (byte === undefined) return undefined;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new ClickhouseDecodeError('varint too long');
  }

  string(maxLength: number): string | undefined {
    const length = this.varUInt();
    if (length === undefined) return undefined;
    if (length > maxLength) throw new ClickhouseDecodeError('string too long');
    if (this.offset + length > this.bytes.length) return undefined;
    const text = this.bytes.subarray(this.offset, this.offset + length).toString('utf8');
    this.offset += length;
    return text;
  }

  int32(): number | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined;
    const value = this.bytes.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
}

export type ServerReply =
  | { readonly kind: 'hello'; readonly name: string; readonly version: string; readonly revision: number }
  | { readonly kind: 'exception'; readonly code: number; readonly name: string; readonly message: string };

/** Parses the server's first packet: its Hello, or an Exception (read up to its message). */
export function parseServerReply(received: Buffer, ended: boolean): ParseResult<ServerReply> {
  if (received.length === 0) return ended ? MISMATCH : INCOMPLETE;
  const reader = new Reader(received);
  try {
    const reply = readReply(reader);
    if (reply === 'mismatch') return MISMATCH;
    if (reply) return matched(reply);
  } catch (error) {
    if (error instanceof ClickhouseDecodeError) return MISMATCH;
    throw error;
  }
  return ended || received.length > MAX_PACKET_BYTES ? MISMATCH : INCOMPLETE;
}

function readReply(reader: Reader): ServerReply | 'mismatch' | undefined {
  const type = reader.varUInt();
  if (type === undefined) return undefined;
  if (type === HELLO) {
    const name = reader.string(64);
    if (name === undefined) return undefined;
    if (!/^ClickHouse/i.test(name)) return 'mismatch';
    const major = reader.varUInt();
    const minor = reader.varUInt();
    const revision = reader.varUInt();
    if (major === undefined || minor === undefined || revision === undefined) return undefined;
    // What follows depends on the lower of the two revisions: time zone (54058), display name
    // (54372), version patch (54401).
    const agreed = Math.min(revision, CLIENT_REVISION);
    if (agreed >= 54058 && reader.string(256) === undefined) return undefined;
    if (agreed >= 54372 && reader.string(1024) === undefined) return undefined;
    let patch: number | undefined;
    if (agreed >= 54401) {
      patch = reader.varUInt();
      if (patch === undefined) return undefined;
    }
    return {
      kind: 'hello',
      name,
      version: patch === undefined ? `${major}.${minor}` : `${major}.${minor}.${patch}`,
      revision,
    };
  }
  if (type === EXCEPTION) {
    const code = reader.int32();
    if (code === undefined) return undefined;
    const name = reader.string(256);
    if (name === undefined) return undefined;
    if (!/^DB::/.test(name)) return 'mismatch';
    // The stack trace after the message can be long; the message is all that is needed.
    const message = reader.string(MAX_MESSAGE_BYTES);
    if (message === undefined) return undefined;
    return { kind: 'exception', code, name, message };
  }
  return 'mismatch';
}

export function observationOf(reply: ServerReply, user = USER): ClickhouseObservation {
  if (reply.kind === 'hello') {
    return {
      protocol: 'clickhouse',
      product: 'clickhouse',
      user,
      access: 'open',
      version: reply.version,
      revision: reply.revision,
      signals: ['native protocol Hello packet', `server Hello naming ${reply.name.slice(0, 40)}`],
    };
  }
  return {
    protocol: 'clickhouse',
    product: 'clickhouse',
    user,
    access: AUTH_CODES.has(reply.code) ? 'auth-required' : reply.code === IP_NOT_ALLOWED ? 'refused' : 'unknown',
    error: { code: reply.code, message: reply.message.slice(0, 160) },
    signals: ['native protocol Exception packet', `ClickHouse error ${reply.code} (${reply.name.slice(0, 40)})`],
  };
}

export const clickhouseProbe: ClientFirstProbe<ClickhouseObservation> & { protocol: 'clickhouse' } = {
  protocol: 'clickhouse',
  speaksFirst: false,
  hintPorts: [9000],
  recognizeStrayReply(reply) {
    // The native port answers a stray GET in HTTP: "Port 9000 is for clickhouse-client program".
    const text = reply.subarray(0, 512).toString('latin1');
    return text.startsWith('HTTP/1.') && /\r\n\r\nPort \d+ is for clickhouse-client program/.test(text);
  },
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<ClickhouseObservation>> {
    const reply = await conn.exchange(clientHello(), parseServerReply, { timeoutMs, maxBytes: MAX_PACKET_BYTES * 2 });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    return { kind: 'identified', observation: observationOf(reply.value) };
  },
};
