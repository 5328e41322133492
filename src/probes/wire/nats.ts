// NATS: the server speaks first, with one `INFO {json}\r\n` line that names its version and says
// whether it wants credentials (`auth_required`) or TLS (`tls_required`). The banner alone is a
// claim; when a rule reads NATS, the probe proves it: CONNECT without credentials, then PING. PONG
// means the server took an anonymous client (it may now subscribe to `>` and read every message);
// `-ERR 'Authorization Violation'` means it did not. Nothing is subscribed or published, and the
// connection is closed right after the answer (NATS has no goodbye message: closing is the goodbye).
// A server that requires TLS gets the CONNECT inside the TLS handshake it asked for.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { NatsObservation } from '../observation.js';
import { TOOL } from '../../version.js';
import type { ProceedOptions, ServerFirstProbe } from './probe.js';

/** An INFO line is a few hundred bytes; a server with a long connect_urls list sends a few KB. */
const MAX_INFO_BYTES = 16 * 1024;

/** The fields of INFO the probe reads (the rest, such as client_ip, host and server_name, is not kept). */
interface Info {
  readonly server_id: string;
  readonly version?: unknown;
  readonly proto?: unknown;
  readonly go?: unknown;
  readonly auth_required?: unknown;
  readonly tls_required?: unknown;
  readonly jetstream?: unknown;
  readonly max_payload?: unknown;
}

/**
 * Reads `INFO {json}\r\n`. The JSON must be an object with a string `server_id` and a numeric
 * `max_payload`, which every nats-server since 0.x sends; anything else is not a NATS banner.
 */
export function parseInfo(received: Buffer): ParseResult<Info> {
  const head = received.subarray(0, 5).toString('latin1');
  if (!'INFO '.startsWith(head.toUpperCase())) return MISMATCH;
  const end = received.indexOf('\r\n');
  if (end < 0) return received.length > MAX_INFO_BYTES ? MISMATCH : INCOMPLETE;
  let info: unknown;
  try {
    info = JSON.parse(received.subarray(5, end).toString('utf8'));
  } catch {
    return MISMATCH;
  }
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return MISMATCH;
  const fields = info as Record<string, unknown>;
  if (typeof fields.server_id !== 'string' || typeof fields.max_payload !== 'number') return MISMATCH;
  return matched(fields as unknown as Info);
}

/** What the banner says, before any conversation. */
export function observationFromInfo(info: Info): NatsObservation {
  const authRequired = info.auth_required === true;
  const tlsRequired = info.tls_required === true;
  const version =
    typeof info.version === 'string' && /^\d+\.\d+\.\d+/.test(info.version) ? info.version.slice(0, 40) : undefined;
  return {
    protocol: 'nats',
    product: 'nats',
    ...(version ? { version } : {}),
    access: authRequired ? 'auth-required' : 'open',
    provenBy: 'info',
    authRequired,
    tlsRequired,
    ...(typeof info.jetstream === 'boolean' ? { jetstream: info.jetstream } : {}),
    ...(typeof info.proto === 'number' ? { protocolVersion: info.proto } : {}),
    ...(typeof info.go === 'string' ? { goVersion: info.go.slice(0, 40) } : {}),
    signals: [
      'INFO line opening the connection (NATS client protocol)',
      'server_id and max_payload fields of nats-server',
    ],
  };
}

/** CONNECT without credentials (verbose off, so only PING is answered), then PING. */
export function connectAndPing(tlsRequired: boolean): Buffer {
  const connect = {
    verbose: false,
    pedantic: false,
    tls_required: tlsRequired,
    name: 'exposcan',
    lang: 'exposcan',
    version: TOOL.version,
    protocol: 1,
    echo: false,
  };
  return Buffer.from(`CONNECT ${JSON.stringify(connect)}\r\nPING\r\n`);
}

export type ConnectReply = { readonly kind: 'pong' } | { readonly kind: 'error'; readonly message: string };

/**
 * The server's answer to CONNECT + PING: PONG, or `-ERR '<message>'`. INFO updates, +OK and the
 * server's own PING may come first and are passed over.
 */
export function parseConnectReply(received: Buffer): ParseResult<ConnectReply> {
  let start = 0;
  for (;;) {
    const end = received.indexOf('\r\n', start);
    if (end < 0) return received.length - start > MAX_INFO_BYTES ? MISMATCH : INCOMPLETE;
    const line = received.subarray(start, end).toString('latin1');
    start = end + 2;
    if (/^PONG$/i.test(line)) return matched({ kind: 'pong' });
    const error = /^-ERR\s+'?([^']*)'?\s*$/i.exec(line);
    if (error) return matched({ kind: 'error', message: error[1]!.slice(0, 200) });
    if (/^(INFO\s|\+OK$|PING$)/i.test(line)) continue;
    return MISMATCH;
  }
}

/** Errors that mean "credentials needed" (nats-server's wording since 2.0). */
const AUTH_ERRORS = /authorization violation|authentication (timeout|expired)|user authentication/i;

export function observationAfterConnect(
  banner: NatsObservation,
  reply: ConnectReply,
  overTls: boolean,
): NatsObservation {
  const base = { ...banner, provenBy: 'connect' as const, ...(overTls ? { overTls: true as const } : {}) };
  if (reply.kind === 'pong')
    return { ...base, access: 'open', signals: [...banner.signals, 'PONG to CONNECT and PING without credentials'] };
  const access = AUTH_ERRORS.test(reply.message) ? 'auth-required' : 'unknown';
  return {
    ...base,
    access,
    refusal: reply.message,
    signals: [...banner.signals, `-ERR '${reply.message}' to CONNECT without credentials`],
  };
}

async function proceed(conn: Conn, banner: NatsObservation, { timeoutMs }: ProceedOptions): Promise<NatsObservation> {
  let session = conn;
  if (banner.tlsRequired) {
    const secure = await conn.startTls(timeoutMs);
    if (!('exchange' in secure)) return banner;
    session = secure;
  }
  try {
    const reply = await session.exchange(connectAndPing(banner.tlsRequired), parseConnectReply, {
      timeoutMs,
      maxBytes: MAX_INFO_BYTES * 2,
    });
    return reply.kind === 'matched' ? observationAfterConnect(banner, reply.value, banner.tlsRequired) : banner;
  } finally {
    // The engine closes the plain connection; a TLS one made here is closed here.
    if (session !== conn) session.close();
  }
}

export const natsProbe: ServerFirstProbe<NatsObservation> & { protocol: 'nats' } = {
  protocol: 'nats',
  speaksFirst: true,
  hintPorts: [4222],
  recognizeGreeting(greeting) {
    const info = parseInfo(greeting);
    return info.state === 'matched' ? observationFromInfo(info.value) : undefined;
  },
  proceed,
};
