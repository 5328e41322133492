// MySQL / MariaDB speak first: a HandshakeV10 packet naming the server version, or an error
// packet when this client host is not allowed. Recognised from the greeting alone.
//
// When a rule reads MySQL, the probe then proceeds to log in with an EMPTY password, as
// `mysql -u root` with no password would: a HandshakeResponse41 for `root` whose auth response is
// empty (for mysql_native_password an empty password is empty auth data: nothing to hash). An
// AuthSwitchRequest is answered with empty data too, once. OK (0x00) = the account has no
// password; ERR (0xff) = refused. After OK the probe sends COM_QUIT. If root was refused, the
// anonymous account ('') is tried the same way on a fresh connection. No other password is ever
// tried, and no query or other command is ever sent.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { MysqlLogin, MysqlObservation } from '../observation.js';
import type { ProceedOptions, ServerFirstProbe } from './probe.js';

export function parseGreeting(greeting: Buffer): MysqlObservation | undefined {
  if (greeting.length < 5) return undefined;
  const length = greeting.readUIntLE(0, 3);
  if (length < 2 || length > 1024 || greeting[3] !== 0) return undefined;
  const payload = greeting.subarray(4, 4 + length);
  if (payload[0] === 0xff) {
    // Error packet: code (2 bytes) then a message such as "Host '…' is not allowed to connect".
    const message = payload
      .subarray(3)
      .toString('utf8')
      .replace(/^#\w{5}/, '');
    if (!/mysql|mariadb|host|connect/i.test(message)) return undefined;
    return {
      protocol: 'mysql',
      product: /mariadb/i.test(message) ? 'mariadb' : 'mysql',
      version: '',
      refused: message.slice(0, 160),
      access: 'refused',
      signals: ['MySQL packet framing', 'error packet naming the client host'],
    };
  }
  if (payload[0] !== 10) return undefined;
  const versionEnd = payload.indexOf(0, 1);
  if (versionEnd < 2 || versionEnd > 80) return undefined;
  const raw = payload.subarray(1, versionEnd).toString('latin1');
  if (!/^\d+\.\d+\.\d+/.test(raw)) return undefined;
  // MariaDB prefixes "5.5.5-" for old clients; the real version follows.
  const mariadb = /mariadb/i.test(raw);
  const version = mariadb ? raw.replace(/^5\.5\.5-/, '').split('-')[0]! : raw.split('-')[0]!;
  const plugin = pluginName(payload, versionEnd);
  return {
    protocol: 'mysql',
    product: mariadb ? 'mariadb' : 'mysql',
    version,
    ...(plugin ? { authPlugin: plugin } : {}),
    access: 'unknown',
    signals: ['HandshakeV10 greeting', 'server version string'],
  };
}

function pluginName(payload: Buffer, versionEnd: number): string | undefined {
  // After the version: thread id (4), salt part 1 (8), filler (1), caps (2), charset (1),
  // status (2), caps high (2), salt length (1), reserved (10), salt part 2 (>= 13), plugin name.
  const saltLengthAt = versionEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2;
  const saltLength = payload[saltLengthAt];
  if (saltLength === undefined) return undefined;
  const pluginAt = saltLengthAt + 1 + 10 + Math.max(13, saltLength - 8);
  if (pluginAt >= payload.length) return undefined;
  const end = payload.indexOf(0, pluginAt);
  const name = payload.subarray(pluginAt, end < 0 ? payload.length : end).toString('latin1');
  return /^[a-z_0-9]{3,64}$/.test(name) ? name : undefined;
}

// ---------------------------------------------------------------------------------------------
// The empty-password login

/** Capability flags the probe announces: a plain 4.1+ client, no SSL, no database, no compression. */
export const CLIENT = {
  LONG_PASSWORD: 0x1,
  LONG_FLAG: 0x4,
  PROTOCOL_41: 0x200,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  PLUGIN_AUTH: 0x80000,
} as const;
const CAPABILITIES =
  CLIENT.LONG_PASSWORD |
  CLIENT.LONG_FLAG |
  CLIENT.PROTOCOL_41 |
  CLIENT.TRANSACTIONS |
  CLIENT.SECURE_CONNECTION |
  CLIENT.PLUGIN_AUTH;
const UTF8_GENERAL_CI = 33;
const MAX_AUTH_PACKET_BYTES = 64 * 1024;

export function packet(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

/** HandshakeResponse41 (sequence 1): `user`, an auth response of length 0, plugin mysql_native_password. */
export function handshakeResponse(user: string): Buffer {
  const fixed = Buffer.alloc(32);
  fixed.writeUInt32LE(CAPABILITIES, 0);
  fixed.writeUInt32LE(16 * 1024 * 1024, 4); // max packet size
  fixed[8] = UTF8_GENERAL_CI; // then 23 reserved zero bytes
  const payload = Buffer.concat([
    fixed,
    Buffer.from(`${user}\0`, 'utf8'),
    Buffer.from([0]), // auth response length: an empty password is empty auth data
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
  return packet(1, payload);
}

/** COM_QUIT: the polite goodbye after a successful login (sequence 0 of a new command). */
export const COM_QUIT = packet(0, Buffer.from([0x01]));

export type AuthPacket =
  | { readonly type: 'ok'; readonly sequence: number }
  | { readonly type: 'err'; readonly sequence: number; readonly code: number; readonly message: string }
  | { readonly type: 'switch'; readonly sequence: number; readonly plugin: string }
  | { readonly type: 'more-data'; readonly sequence: number; readonly data: Buffer };

/** One packet at the start of `received`: 3-byte little-endian length, sequence id, payload. */
export function readPacket(received: Buffer, maxPayload: number): ParseResult<{ sequence: number; payload: Buffer }> {
  if (received.length < 4) return INCOMPLETE;
  const length = received.readUIntLE(0, 3);
  if (length === 0 || length > maxPayload) return MISMATCH;
  if (received.length < 4 + length) return INCOMPLETE;
  return matched({ sequence: received[3]!, payload: received.subarray(4, 4 + length) });
}

/** Reads the server's answer during authentication: OK, ERR, AuthSwitchRequest or AuthMoreData, with the sequence id expected. */
export function parseAuthPacket(expectedSequence: number): (received: Buffer) => ParseResult<AuthPacket> {
  return (received) => {
    const read = readPacket(received, MAX_AUTH_PACKET_BYTES);
    if (read.state !== 'matched') return read;
    const { sequence, payload } = read.value;
    if (sequence !== (expectedSequence & 0xff)) return MISMATCH;
    switch (payload[0]) {
      case 0x00:
        // OK_Packet: header, affected rows and last insert id (length-encoded), status, warnings.
        return payload.length >= 7 ? matched({ type: 'ok', sequence }) : MISMATCH;
      case 0xff: {
        if (payload.length < 3) return MISMATCH;
        const code = payload.readUInt16LE(1);
        // With CLIENT_PROTOCOL_41: '#' and a five-character SQL state before the message.
        const text = payload.subarray(3).toString('utf8');
        const message = (/^#[0-9A-Z]{5}/.test(text) ? text.slice(6) : text).slice(0, 200);
        return matched({ type: 'err', sequence, code, message });
      }
      case 0xfe: {
        // AuthSwitchRequest: plugin name (NUL-terminated), then its data. A lone 0xfe is the
        // pre-4.1 request to switch to the old password scheme.
        if (payload.length === 1) return matched({ type: 'switch', sequence, plugin: 'mysql_old_password' });
        const end = payload.indexOf(0, 1);
        const plugin = payload.subarray(1, end < 0 ? payload.length : end).toString('latin1');
        return /^[a-z_0-9]{1,64}$/.test(plugin) ? matched({ type: 'switch', sequence, plugin }) : MISMATCH;
      }
      case 0x01:
        return payload.length >= 2
          ? matched({ type: 'more-data', sequence, data: Buffer.from(payload.subarray(1)) })
          : MISMATCH;
      default:
        return MISMATCH;
    }
  };
}

/** caching_sha2_password's AuthMoreData byte for "fast authentication succeeded; OK follows". */
const FAST_AUTH_SUCCESS = 3;

/**
 * Sends `request` (if any) and reads the packet numbered `sequence`. `pending` holds bytes that
 * arrived with the previous packet (a server may send AuthMoreData and OK in one segment); the
 * bytes after this packet are handed back for the next read.
 */
async function readAuth(
  conn: Conn,
  request: Buffer | undefined,
  sequence: number,
  pending: Buffer,
  timeoutMs: number,
): Promise<{ answer?: AuthPacket; rest: Buffer }> {
  const parse = parseAuthPacket(sequence);
  const after = (bytes: Buffer) => bytes.subarray(4 + bytes.readUIntLE(0, 3));
  if (!request && pending.length > 0) {
    const ready = parse(pending);
    if (ready.state === 'matched') return { answer: ready.value, rest: after(pending) };
    if (ready.state === 'mismatch') return { rest: Buffer.alloc(0) };
  }
  const before = request ? Buffer.alloc(0) : pending;
  const reply = await conn.exchange(request, (received) => parse(Buffer.concat([before, received])), {
    timeoutMs,
    maxBytes: MAX_AUTH_PACKET_BYTES + 4,
  });
  if (reply.kind !== 'matched') return { rest: Buffer.alloc(0) };
  return { answer: reply.value, rest: after(Buffer.concat([before, reply.received])) };
}

/**
 * Logs in as `user` with an empty password on a connection whose greeting has been read, and
 * says how it went. Sends at most: the HandshakeResponse, one empty AuthSwitchResponse, and
 * COM_QUIT after an OK.
 */
export async function tryEmptyPassword(conn: Conn, user: string, timeoutMs: number): Promise<MysqlLogin> {
  let { answer, rest } = await readAuth(conn, handshakeResponse(user), 2, Buffer.alloc(0), timeoutMs);
  let plugin: string | undefined;
  for (let round = 0; round < 3; round++) {
    const used = plugin ? { plugin } : {};
    if (!answer) return { user, result: 'failed', ...used };
    if (answer.type === 'ok') {
      conn.write(COM_QUIT);
      return { user, result: 'accepted', ...used };
    }
    if (answer.type === 'err')
      return { user, result: 'denied', ...used, error: { code: answer.code, message: answer.message } };
    if (answer.type === 'switch') {
      // Switched once already: the server wants more than an empty password can give.
      if (plugin) return { user, result: 'unsupported', plugin };
      plugin = answer.plugin;
      // AuthSwitchResponse with empty data: an empty password in any password plugin.
      ({ answer, rest } = await readAuth(
        conn,
        packet(answer.sequence + 1, Buffer.alloc(0)),
        answer.sequence + 2,
        rest,
        timeoutMs,
      ));
      continue;
    }
    // AuthMoreData: only caching_sha2_password's fast-auth success (an OK follows) is read on.
    if (answer.data[0] !== FAST_AUTH_SUCCESS) return { user, result: 'unsupported', ...used };
    ({ answer, rest } = await readAuth(conn, undefined, answer.sequence + 1, rest, timeoutMs));
  }
  return { user, result: 'unsupported', ...(plugin ? { plugin } : {}) };
}

/** Reads a fresh connection's greeting (one complete packet, sequence 0, that parseGreeting accepts). */
export function parseFreshGreeting(received: Buffer): ParseResult<MysqlObservation> {
  const read = readPacket(received, 1024);
  if (read.state !== 'matched') return read;
  const greeting = parseGreeting(received.subarray(0, 4 + read.value.payload.length));
  return greeting ? matched(greeting) : MISMATCH;
}

/** What the logins say about access: any accepted = open; every one refused = auth-required. */
export function withLogins(observation: MysqlObservation, logins: readonly MysqlLogin[]): MysqlObservation {
  const accepted = logins.some((login) => login.result === 'accepted');
  const allDenied = logins.length > 0 && logins.every((login) => login.result === 'denied');
  return {
    ...observation,
    logins,
    access: accepted ? 'open' : allDenied ? 'auth-required' : observation.access,
    ...(accepted ? { signals: [...observation.signals, 'OK packet to an empty password'] } : {}),
  };
}

export async function proceed(
  conn: Conn,
  observation: MysqlObservation,
  options: ProceedOptions,
): Promise<MysqlObservation> {
  // A refusal instead of a greeting (host not allowed): nothing to log in to.
  if (observation.refused !== undefined) return observation;
  const logins: MysqlLogin[] = [await tryEmptyPassword(conn, 'root', options.timeoutMs)];
  if (logins[0]!.result === 'denied') {
    // Each login needs its own connection: the server hangs up after an ERR.
    const fresh = await options.reconnect();
    if (fresh) {
      try {
        const greeting = await fresh.exchange(undefined, parseFreshGreeting, {
          timeoutMs: options.timeoutMs,
          maxBytes: 4096,
        });
        if (greeting.kind === 'matched' && greeting.value.refused === undefined)
          logins.push(await tryEmptyPassword(fresh, '', options.timeoutMs));
      } finally {
        fresh.close();
      }
    }
  }
  return withLogins(observation, logins);
}

export const mysqlProbe: ServerFirstProbe<MysqlObservation> & { protocol: 'mysql' } = {
  protocol: 'mysql',
  speaksFirst: true,
  hintPorts: [3306, 3307, 33060],
  recognizeGreeting: parseGreeting,
  proceed,
};
