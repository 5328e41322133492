// PostgreSQL: a v3 StartupMessage as user `postgres`, no password. The first reply says what the
// server demands: AuthenticationOk means trust; a cleartext, md5 or SASL (SCRAM) challenge means a
// password is required. After Ok we read ParameterStatus for `server_version`, then Terminate.
// A server whose pg_hba.conf admits clients only over TLS (`hostssl`) refuses that plain startup
// with "no pg_hba.conf entry … no encryption"; then, as psql does with sslmode=prefer, a fresh
// connection sends SSLRequest and, on `S`, repeats the same startup inside TLS (certificate not
// verified: the server's authentication is what is judged). Nothing else is ever sent: no query,
// no password.
import { Conn, INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { PostgresAuth, PostgresObservation, ProbeOutcome } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

const PROTOCOL_3_0 = 196608;
const MAX_MESSAGE_BYTES = 64 * 1024;

export function startupMessage(user: string, database: string): Buffer {
  const pairs = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0exposcan\0\0`, 'utf8');
  const message = Buffer.alloc(8 + pairs.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(PROTOCOL_3_0, 4);
  pairs.copy(message, 8);
  return message;
}

export const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);
/** SSLRequest: length 8, code 80877103 (1234 << 16 | 5679). */
export const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** The one-byte answer to SSLRequest. Anything more before the handshake is not to be trusted (CVE-2021-23214), so it is a mismatch. */
export function parseSslResponse(received: Buffer): ParseResult<'S' | 'N'> {
  if (received.length === 0) return INCOMPLETE;
  if (received.length > 1) return MISMATCH;
  const answer = String.fromCharCode(received[0]!);
  return answer === 'S' || answer === 'N' ? matched(answer) : MISMATCH;
}

/** pg_hba's refusal of a plain-text client that a `hostssl` line would admit over TLS. */
export function asksForEncryption(reply: StartupReply): boolean {
  return reply.auth === 'rejected' && reply.error?.code === '28000' && /no encryption/i.test(reply.error.message);
}

export interface StartupReply {
  readonly auth: PostgresAuth;
  readonly error?: { code: string; message: string };
  readonly version?: string;
}

const AUTH_CODES: Readonly<Record<number, PostgresAuth>> = {
  0: 'trust',
  2: 'other',
  3: 'password',
  5: 'md5',
  7: 'gss',
  9: 'sspi',
  10: 'scram',
};

/**
 * Reads backend messages from the start of the reply. Completes at the first authentication
 * request other than Ok, at an ErrorResponse, or (after Ok) at ReadyForQuery.
 */
export function parseStartupReply(received: Buffer, ended: boolean): ParseResult<StartupReply> {
  let offset = 0;
  let authenticated = false;
  let version: string | undefined;
  while (offset + 5 <= received.length) {
    const type = String.fromCharCode(received[offset]!);
    const length = received.readInt32BE(offset + 1);
    if (length < 4 || length > MAX_MESSAGE_BYTES || !'REKSNZ'.includes(type)) return MISMATCH;
    if (offset + 1 + length > received.length) break;
    const payload = received.subarray(offset + 5, offset + 1 + length);
    offset += 1 + length;
    if (type === 'R') {
      if (payload.length < 4) return MISMATCH;
      const code = payload.readInt32BE(0);
      if (code !== 0) return matched({ auth: AUTH_CODES[code] ?? 'other' });
      authenticated = true;
    } else if (type === 'E') {
      return matched({ auth: authenticated ? 'trust' : 'rejected', error: errorFields(payload) });
    } else if (type === 'S') {
      const [name, value] = payload.toString('utf8').split('\0');
      // "15.20 (Debian 15.20-0+deb12u1)": the version is the leading number; the rest is packaging.
      if (name === 'server_version' && value !== undefined)
        version = /^\d+(\.\d+)*/.exec(value)?.[0] ?? value.slice(0, 40);
    } else if (type === 'Z') {
      return authenticated ? matched({ auth: 'trust', ...(version ? { version } : {}) }) : MISMATCH;
    } else if (!authenticated) {
      return MISMATCH;
    }
  }
  if (ended) return authenticated ? matched({ auth: 'trust', ...(version ? { version } : {}) }) : MISMATCH;
  return INCOMPLETE;
}

function errorFields(payload: Buffer): { code: string; message: string } {
  let code = '';
  let message = '';
  for (const field of payload.toString('utf8').split('\0')) {
    if (field.startsWith('C')) code = field.slice(1);
    if (field.startsWith('M')) message = field.slice(1, 200);
  }
  return { code, message };
}

export const postgresProbe: ClientFirstProbe<PostgresObservation> & { protocol: 'postgresql' } = {
  protocol: 'postgresql',
  speaksFirst: false,
  hintPorts: [5432, 5433, 6432],
  // PostgreSQL itself hangs up on "GET " (below), but PGlite's socket server reads it as a startup
  // length and waits silently for that many bytes, holding its one connection slot meanwhile.
  silentToStrayGet: true,
  // No recognizeStrayReply: PostgreSQL reads "GET " as a startup packet length, logs "invalid
  // length of startup packet" and hangs up without a word. A silent hang-up is why the engine goes
  // on to the remaining probes rather than giving up.
  async converse(conn: Conn, { timeoutMs, reconnect }): Promise<ProbeOutcome<PostgresObservation>> {
    const outcome = await startup(conn, timeoutMs);
    if (outcome.kind !== 'identified' || !reconnect || !asksForEncryption(outcome.observation)) return outcome;
    // Asked for TLS: the same startup over it, on a fresh connection. Undecided there keeps the plain answer.
    const fresh = await reconnect();
    if (!fresh) return outcome;
    let secure: Conn | undefined;
    try {
      const answer = await fresh.exchange(SSL_REQUEST, parseSslResponse, { timeoutMs, maxBytes: 16 });
      if (answer.kind !== 'matched' || answer.value !== 'S') return outcome;
      const upgraded = await fresh.startTls(timeoutMs);
      if (!(upgraded instanceof Conn)) return outcome;
      secure = upgraded;
      const overTls = await startup(secure, timeoutMs);
      if (overTls.kind !== 'identified') return outcome;
      return {
        kind: 'identified',
        observation: {
          ...overTls.observation,
          sslRequest: true,
          signals: [...overTls.observation.signals, 'SSLRequest answered S'],
        },
      };
    } finally {
      secure?.close();
      fresh.close();
    }
  },
};

const USER = 'postgres';
const TURNED_AWAY = /^Too many connections\r?\n?$/;
const DATABASE = 'postgres';

async function startup(conn: Conn, timeoutMs: number): Promise<ProbeOutcome<PostgresObservation>> {
  const reply = await conn.exchange(startupMessage(USER, DATABASE), parseStartupReply, {
    timeoutMs,
    maxBytes: MAX_MESSAGE_BYTES * 4,
  });
  if (reply.kind === 'failure') {
    // AuthenticationOk arrived and then the server stalled: trust is already proven.
    const partial = parseStartupReply(reply.received, true);
    if (partial.state !== 'matched' || partial.value.auth !== 'trust')
      return { kind: 'failure', failure: reply.failure };
    return { kind: 'identified', observation: observationOf(USER, DATABASE, partial.value) };
  }
  // PGlite's socket server admits one client at a time and turns the next away in plain text
  // (or, in node's own accept, with a bare hang-up): busy, not another protocol.
  if (reply.kind === 'mismatch')
    return TURNED_AWAY.test(reply.received.toString('latin1'))
      ? { kind: 'failure', failure: 'refused' }
      : { kind: 'not-this' };
  // A clean goodbye: after Ok the server waits for a query; we send Terminate instead.
  if (reply.value.auth === 'trust') conn.write(TERMINATE);
  return { kind: 'identified', observation: observationOf(USER, DATABASE, reply.value) };
}

export function observationOf(user: string, database: string, reply: StartupReply): PostgresObservation {
  return {
    protocol: 'postgresql',
    product: 'postgresql',
    user,
    database,
    ...reply,
    access: reply.auth === 'trust' ? 'open' : reply.auth === 'rejected' ? 'refused' : 'auth-required',
    signals: [
      'v3 backend message framing',
      reply.error ? `SQLSTATE ${reply.error.code}` : `authentication request (${reply.auth})`,
    ],
  };
}
