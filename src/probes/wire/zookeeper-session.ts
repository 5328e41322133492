// ZooKeeper's client protocol, the three packets a read-only proof needs: ConnectRequest (a new
// session, no credentials), getChildren("/") without a watch, closeSession. This is what `zkCli.sh
// ls /` does; it is the proof that counts when the four-letter words are whitelisted away (the
// default since 3.5.3), because the words say nothing about who may open a session and read
// znodes. Only the number of children of `/` and at most a few of their names are kept.
// Packets are length-prefixed (big-endian int32); the layouts are ZooKeeper's jute records
// (zookeeper.jute: ConnectRequest, ConnectResponse, RequestHeader, ReplyHeader, GetChildrenResponse).
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { ProbeFailure } from '../../engine/types.js';

const OP_GET_CHILDREN = 8;
const OP_CLOSE_SESSION = -11;
const SESSION_TIMEOUT_MS = 10_000;
/** Replies past this are not a ZooKeeper answer to these requests (jute.maxbuffer is 1 MiB; `/` rarely holds many). */
const MAX_REPLY_BYTES = 256 * 1024;
/** Names of children of `/` kept as evidence (znode names are metadata, like database names). */
const MAX_NAMES = 10;

/** ZooKeeper's KeeperException codes a read can meet when the server wants credentials. */
const AUTH_ERRORS: ReadonlyMap<number, string> = new Map([
  [-102, 'NOAUTH'],
  [-115, 'AUTHFAILED'],
  [-124, 'SESSIONCLOSEDREQUIRESASLAUTH'],
]);

function frame(body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/** protocolVersion 0, lastZxidSeen 0, timeOut, sessionId 0, an empty 16-byte password, readOnly false. */
export function connectRequest(): Buffer {
  const body = Buffer.alloc(4 + 8 + 4 + 8 + 4 + 16 + 1);
  body.writeInt32BE(SESSION_TIMEOUT_MS, 12);
  body.writeInt32BE(16, 24);
  return frame(body);
}

export function getChildrenRequest(xid: number, path: string): Buffer {
  const name = Buffer.from(path, 'utf8');
  const body = Buffer.alloc(4 + 4 + 4 + name.length + 1);
  body.writeInt32BE(xid, 0);
  body.writeInt32BE(OP_GET_CHILDREN, 4);
  body.writeInt32BE(name.length, 8);
  name.copy(body, 12);
  return frame(body);
}

export function closeSessionRequest(xid: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeInt32BE(xid, 0);
  body.writeInt32BE(OP_CLOSE_SESSION, 4);
  return frame(body);
}

/** One whole length-prefixed packet, or incomplete; an impossible length is a mismatch. */
function packet(received: Buffer, minimum: number): ParseResult<Buffer> {
  if (received.length < 4) return INCOMPLETE;
  const length = received.readInt32BE(0);
  if (length < minimum || length > MAX_REPLY_BYTES) return MISMATCH;
  if (received.length < 4 + length) return INCOMPLETE;
  return matched(received.subarray(4, 4 + length));
}

/** The session the server granted: a non-zero id and a positive timeout (zero means refused or expired). */
export function parseConnectResponse(received: Buffer): ParseResult<{ readonly granted: boolean }> {
  // protocolVersion, timeOut, sessionId, passwd (length-prefixed), then an optional readOnly byte.
  const result = packet(received, 4 + 4 + 8 + 4);
  if (result.state !== 'matched') return result;
  const body = result.value;
  const passwordLength = body.readInt32BE(16);
  if (body.readInt32BE(0) !== 0 || passwordLength < 0 || passwordLength > 64 || body.length < 20 + passwordLength)
    return MISMATCH;
  return matched({ granted: body.readInt32BE(4) > 0 && body.readBigInt64BE(8) !== 0n });
}

export type ChildrenReply =
  | { readonly kind: 'children'; readonly count: number; readonly names: readonly string[] }
  | { readonly kind: 'error'; readonly code: number };

/** ReplyHeader (xid, zxid, err) for `xid`, then on success the vector of child names. */
export function parseChildrenReply(xid: number): (received: Buffer) => ParseResult<ChildrenReply> {
  return (received) => {
    const result = packet(received, 16);
    if (result.state !== 'matched') return result;
    const body = result.value;
    if (body.readInt32BE(0) !== xid) return MISMATCH;
    const err = body.readInt32BE(12);
    if (err !== 0) return matched({ kind: 'error', code: err });
    if (body.length < 20) return MISMATCH;
    const count = body.readInt32BE(16);
    if (count < 0) return MISMATCH;
    const names: string[] = [];
    let offset = 20;
    for (let i = 0; i < count; i++) {
      if (offset + 4 > body.length) return MISMATCH;
      const length = body.readInt32BE(offset);
      if (length < 0 || offset + 4 + length > body.length) return MISMATCH;
      if (names.length < MAX_NAMES)
        names.push(body.toString('utf8', offset + 4, offset + 4 + length).replace(/[^\x20-\x7e]/g, '?'));
      offset += 4 + length;
    }
    return matched({ kind: 'children', count, names });
  };
}

export type SessionOutcome =
  /** A session without credentials, and `/` listed: the client port is open. */
  | { readonly kind: 'listed'; readonly count: number; readonly names: readonly string[] }
  /** The server answered the read with an authentication error (SASL enforced). */
  | { readonly kind: 'auth-required'; readonly error: string }
  /** The server did not grant the session (ConnectResponse with no session). */
  | { readonly kind: 'session-refused' }
  /** Nothing that decides: the connection failed, closed or the bytes were not ZooKeeper's. */
  | { readonly kind: 'undecided'; readonly reason: string };

/** ConnectRequest, getChildren("/"), closeSession, on one connection. Never writes a znode. */
export async function listRoot(conn: Conn, timeoutMs: number): Promise<SessionOutcome> {
  const options = { timeoutMs, maxBytes: MAX_REPLY_BYTES };
  const connected = await conn.exchange(connectRequest(), parseConnectResponse, options);
  if (connected.kind === 'failure') return { kind: 'undecided', reason: `no session: ${describe(connected.failure)}` };
  if (connected.kind === 'mismatch')
    return { kind: 'undecided', reason: 'no session: the answer to ConnectRequest was not ZooKeeper’s' };
  if (!connected.value.granted) return { kind: 'session-refused' };
  const listed = await conn.exchange(getChildrenRequest(1, '/'), parseChildrenReply(1), options);
  if (listed.kind === 'failure')
    return { kind: 'undecided', reason: `session opened, getChildren("/") unanswered: ${describe(listed.failure)}` };
  if (listed.kind === 'mismatch')
    return { kind: 'undecided', reason: 'session opened, the answer to getChildren("/") was not ZooKeeper’s' };
  // Close politely so the server frees the session now rather than after its timeout.
  if (listed.value.kind === 'children') await conn.exchange(closeSessionRequest(2), parseChildrenReply(2), options);
  if (listed.value.kind === 'children') return { kind: 'listed', count: listed.value.count, names: listed.value.names };
  const name = AUTH_ERRORS.get(listed.value.code);
  return name
    ? { kind: 'auth-required', error: name }
    : { kind: 'undecided', reason: `getChildren("/") failed with ZooKeeper error ${listed.value.code}` };
}

function describe(failure: ProbeFailure): string {
  return failure === 'closed' ? 'the server closed the connection' : failure;
}
