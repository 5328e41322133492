// MongoDB: is the database list readable without authentication?
//   1. `hello` as OP_MSG (opcode 2013, MongoDB 3.6+) and, in the same write, `isMaster` as OP_QUERY
//      (opcode 2004) on `admin.$cmd`. Servers before 3.6 ignore the OP_MSG without a word (it is an
//      unknown opcode to them) and answer only the OP_QUERY; newer servers answer both, in order.
//      So one round trip says which framing to use, and no server is left waiting on a timeout.
//   2. `buildInfo` (allowed without authentication) for the version.
//   3. `listDatabases` (nameOnly false: names, sizeOnDisk, totalSize). `ok: 1` proves the server
//      is open; `Unauthorized` (code 13) means authentication is required.
// Commands go as OP_MSG to servers that answered it, as OP_QUERY to the others (MongoDB 5.1+
// refuses OP_QUERY for anything but hello/isMaster: the false negative of OP_QUERY-only probes).
// Nothing else is sent: no find, no count, no document is ever read.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { MongodbObservation, ProbeOutcome } from '../observation.js';
import {
  arrayOf,
  BsonError,
  decodeDocument,
  decodeDocumentAt,
  documentOf,
  encodeDocument,
  numberOf,
  stringOf,
  type BsonDocument,
  type BsonInput,
} from './bson.js';
import type { ClientFirstProbe } from './probe.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
const HEADER_BYTES = 16;
/** A listDatabases reply for thousands of databases is well under this. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Names kept for evidence; the count covers them all. */
const MAX_DATABASE_NAMES = 20;
/** OP_QUERY flag: a secondary may answer (commands are reads). */
const SECONDARY_OK = 1 << 2;

export const REQUEST_IDS = { hello: 1, isMaster: 2, buildInfo: 3, listDatabases: 4 } as const;

function header(length: number, requestId: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(requestId, 4);
  bytes.writeInt32LE(0, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** OP_MSG: flag bits 0, one kind-0 section holding the command (which carries `$db`). */
export function opMsg(requestId: number, command: BsonInput): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), encodeDocument(command)]);
  return Buffer.concat([header(HEADER_BYTES + body.length, requestId, OP_MSG), body]);
}

/** OP_QUERY on `admin.$cmd`: the legacy way to run a command, returning one document. */
export function opQuery(requestId: number, command: BsonInput): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeInt32LE(SECONDARY_OK);
  const counts = Buffer.alloc(8);
  counts.writeInt32LE(0, 0); // numberToSkip
  counts.writeInt32LE(-1, 4); // numberToReturn: one document, close the cursor
  const body = Buffer.concat([flags, Buffer.from('admin.$cmd\0', 'latin1'), counts, encodeDocument(command)]);
  return Buffer.concat([header(HEADER_BYTES + body.length, requestId, OP_QUERY), body]);
}

/** Step 1: both greetings in one write. */
export function helloRequest(): Buffer {
  return Buffer.concat([
    opMsg(REQUEST_IDS.hello, { hello: 1, $db: 'admin' }),
    opQuery(REQUEST_IDS.isMaster, { isMaster: 1 }),
  ]);
}

export type Wire = MongodbObservation['wire'];

/** A command for the framing the server speaks. OP_MSG needs a read preference to run on a secondary. */
export function commandRequest(wire: Wire, requestId: number, command: Record<string, number | boolean>): Buffer {
  return wire === 'op_msg'
    ? opMsg(requestId, { ...command, $db: 'admin', $readPreference: { mode: 'primaryPreferred' } })
    : opQuery(requestId, command);
}

export interface Reply {
  readonly opCode: typeof OP_REPLY | typeof OP_MSG;
  readonly responseTo: number;
  readonly document: BsonDocument;
}

/** One server message at `offset`: undefined if incomplete, throws BsonError if malformed. */
function readMessage(received: Buffer, offset: number): { reply: Reply; end: number } | undefined {
  if (received.length - offset < HEADER_BYTES) return undefined;
  const length = received.readInt32LE(offset);
  const opCode = received.readInt32LE(offset + 12);
  if (length < HEADER_BYTES + 5 || length > MAX_MESSAGE_BYTES)
    throw new BsonError('bad-length', `message length ${length}`);
  if (opCode !== OP_REPLY && opCode !== OP_MSG)
    throw new BsonError('unsupported-type', `opcode ${opCode} is not a reply`);
  if (received.length - offset < length) return undefined;
  const message = received.subarray(offset, offset + length);
  const responseTo = message.readInt32LE(8);
  return {
    reply: { opCode, responseTo, document: opCode === OP_MSG ? opMsgBody(message) : opReplyBody(message) },
    end: offset + length,
  };
}

function opMsgBody(message: Buffer): BsonDocument {
  const flags = message.readUInt32LE(HEADER_BYTES);
  // Bits 0 (checksumPresent), 1 (moreToCome) and 16 (exhaustAllowed) are defined; any other is an error by the spec.
  if ((flags & ~0x00010003) !== 0)
    throw new BsonError('bad-length', `unknown OP_MSG flag bits 0x${flags.toString(16)}`);
  const end = message.length - ((flags & 1) === 1 ? 4 : 0);
  let at = HEADER_BYTES + 4;
  let body: BsonDocument | undefined;
  while (at < end) {
    const kind = message[at]!;
    at += 1;
    if (kind === 0) {
      if (body) throw new BsonError('bad-length', 'two body sections');
      const decoded = decodeDocumentAt(message.subarray(0, end), at);
      body = decoded.document;
      at = decoded.end;
    } else if (kind === 1) {
      // A document sequence: skipped (a server's reply to these commands has none).
      if (at + 4 > end) throw new BsonError('truncated', 'document sequence size');
      const size = message.readInt32LE(at);
      if (size < 4 || at + size > end) throw new BsonError('bad-length', `document sequence size ${size}`);
      at += size;
    } else {
      throw new BsonError('unsupported-type', `OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new BsonError('truncated', 'OP_MSG without a body section');
  return body;
}

function opReplyBody(message: Buffer): BsonDocument {
  // responseFlags (4), cursorID (8), startingFrom (4), numberReturned (4), then the documents.
  const first = HEADER_BYTES + 20;
  if (message.length < first + 5) throw new BsonError('truncated', 'OP_REPLY too short for a document');
  const returned = message.readInt32LE(HEADER_BYTES + 16);
  if (returned !== 1)
    throw new BsonError('bad-length', `OP_REPLY with ${returned} documents where a command returns 1`);
  return decodeDocument(message.subarray(first));
}

/**
 * Reads replies until the one answering `requestId`; replies to anything else (the pipelined
 * greeting's second answer) are skipped. Malformed framing or BSON is not MongoDB.
 */
export function replyTo(requestId: number): (received: Buffer) => ParseResult<Reply> {
  return (received) => {
    let offset = 0;
    try {
      for (;;) {
        const next = readMessage(received, offset);
        if (!next) return INCOMPLETE;
        if (next.reply.responseTo === requestId) return matched(next.reply);
        offset = next.end;
      }
    } catch (error) {
      if (error instanceof BsonError) return MISMATCH;
      throw error;
    }
  };
}

export interface Greeting {
  readonly wire: Wire;
  /** The isMaster (OP_QUERY) reply, or the hello (OP_MSG) one when isMaster never came. */
  readonly document: BsonDocument;
}

/**
 * Step 1's replies: the OP_REPLY to isMaster, preceded by an OP_MSG reply to hello when the
 * server speaks OP_MSG. A server that answered hello and then hung up is still OP_MSG.
 */
export function parseGreeting(received: Buffer, ended: boolean): ParseResult<Greeting> {
  let offset = 0;
  let hello: BsonDocument | undefined;
  try {
    for (;;) {
      const next = readMessage(received, offset);
      if (!next) break;
      offset = next.end;
      const { reply } = next;
      if (reply.responseTo === REQUEST_IDS.hello && reply.opCode === OP_MSG) hello = reply.document;
      else if (reply.responseTo === REQUEST_IDS.isMaster && reply.opCode === OP_REPLY)
        return matched({ wire: hello ? 'op_msg' : 'op_query', document: reply.document });
      else return MISMATCH;
    }
  } catch (error) {
    if (error instanceof BsonError) return MISMATCH;
    throw error;
  }
  if (hello && ended) return matched({ wire: 'op_msg', document: hello });
  return INCOMPLETE;
}

/** Whether a greeting reply is MongoDB's: isMaster/hello always says whether this node is primary. */
function isMongoGreeting(document: BsonDocument): boolean {
  const primary = document.get('ismaster') ?? document.get('isWritablePrimary');
  return typeof primary === 'boolean' && document.has('ok');
}

function roleOf(document: BsonDocument): string {
  if (document.get('msg') === 'isdbgrid') return 'mongos';
  if (document.get('arbiterOnly') === true) return 'arbiter';
  if (typeof document.get('setName') === 'string')
    return document.get('secondary') === true
      ? 'secondary'
      : document.get('ismaster') === true || document.get('isWritablePrimary') === true
        ? 'primary'
        : 'other';
  return 'standalone';
}

export function observationFromGreeting(greeting: Greeting): MongodbObservation | undefined {
  if (!isMongoGreeting(greeting.document)) return undefined;
  const maxWireVersion = numberOf(greeting.document.get('maxWireVersion'));
  return {
    protocol: 'mongodb',
    product: 'mongodb',
    access: 'unknown',
    wire: greeting.wire,
    ...(maxWireVersion !== undefined && Number.isInteger(maxWireVersion) ? { maxWireVersion } : {}),
    role: roleOf(greeting.document),
    signals: [
      greeting.wire === 'op_msg' ? 'OP_MSG reply to hello' : 'OP_REPLY to isMaster (server before 3.6)',
      'isMaster document (ismaster, maxWireVersion)',
    ],
  };
}

export function withBuildInfo(observation: MongodbObservation, document: BsonDocument): MongodbObservation {
  const version = stringOf(document.get('version'));
  if (numberOf(document.get('ok')) !== 1 || !version || !/^\d+\.\d+\.\d+/.test(version)) return observation;
  return { ...observation, version: /^\d+\.\d+\.\d+(-rc\d+)?/.exec(version)![0] };
}

/** Names of ransom notes left by the automated attacks on open MongoDBs (READ__ME_TO_RECOVER_YOUR_DATA, README, meow …). */
const RANSOM_NAMES: readonly RegExp[] = [
  /(^|[^a-z])read_{0,2}me([^a-z]|$)/i,
  /(^|[^a-z])meow([^a-z]|$)/i,
  /recover_?your_?data/i,
  /how_?to_?(recover|restore)/i,
  /hacked_?by/i,
  /^pwned/i,
  /^warning$/i,
  /^please_?read/i,
];

export function isRansomNote(name: string): boolean {
  return RANSOM_NAMES.some((pattern) => pattern.test(name));
}

const UNAUTHORIZED = 13;

export function withListDatabases(observation: MongodbObservation, document: BsonDocument): MongodbObservation {
  const ok = numberOf(document.get('ok'));
  if (ok !== 1) {
    const code = numberOf(document.get('code'));
    const message = (stringOf(document.get('errmsg')) ?? stringOf(document.get('$err')) ?? '').slice(0, 200);
    const error = { ...(code !== undefined ? { code } : {}), message };
    // Code 13 since 2.6; earlier servers said "unauthorized" or "need to login" without a code.
    const unauthorized =
      code === UNAUTHORIZED ||
      (code === undefined && /unauthorized|not authorized|requires authentication|need to login/i.test(message));
    return { ...observation, access: unauthorized ? 'auth-required' : observation.access, error };
  }
  const entries = arrayOf(document.get('databases'));
  if (!entries) return observation;
  const names: string[] = [];
  let sizeSum = 0;
  for (const entry of entries) {
    const name = stringOf(documentOf(entry)?.get('name'));
    if (name === undefined) continue;
    names.push(name);
    sizeSum += numberOf(documentOf(entry)?.get('sizeOnDisk')) ?? 0;
  }
  const totalSize = numberOf(document.get('totalSize')) ?? sizeSum;
  const ransomNotes = names.filter(isRansomNote).slice(0, MAX_DATABASE_NAMES);
  return {
    ...observation,
    access: 'open',
    databases: names.slice(0, MAX_DATABASE_NAMES).map((name) => name.slice(0, 120)),
    databaseCount: names.length,
    totalSizeBytes: Math.max(0, Math.round(totalSize)),
    ransomNotes: ransomNotes.map((name) => name.slice(0, 120)),
    signals: [...observation.signals, 'listDatabases answered ok: 1 without authentication'],
  };
}

export const mongodbProbe: ClientFirstProbe<MongodbObservation> & { protocol: 'mongodb' } = {
  protocol: 'mongodb',
  speaksFirst: false,
  hintPorts: [27017, 27018, 27019],
  recognizeStrayReply(reply) {
    // MongoDB answers a stray `GET /` with a complete HTTP response of its own; the engine hears
    // an HTTP server unless this moves the MongoDB probe to the front.
    return /trying to access MongoDB over HTTP on the native driver port/.test(
      reply.subarray(0, 1024).toString('latin1'),
    );
  },
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<MongodbObservation>> {
    const options = { timeoutMs, maxBytes: MAX_MESSAGE_BYTES };
    const hello = await conn.exchange(helloRequest(), parseGreeting, options);
    let greeting: Greeting;
    if (hello.kind === 'matched') {
      greeting = hello.value;
    } else {
      // hello answered over OP_MSG, then the server stalled or hung up before isMaster's reply.
      const partial = parseGreeting(hello.received, true);
      if (partial.state !== 'matched')
        return hello.kind === 'failure' ? { kind: 'failure', failure: hello.failure } : { kind: 'not-this' };
      const observation = observationFromGreeting(partial.value);
      return observation ? { kind: 'identified', observation } : { kind: 'not-this' };
    }
    let observation = observationFromGreeting(greeting);
    if (!observation) return { kind: 'not-this' };
    const wire = greeting.wire;
    const buildInfo = await conn.exchange(
      commandRequest(wire, REQUEST_IDS.buildInfo, { buildInfo: 1 }),
      replyTo(REQUEST_IDS.buildInfo),
      options,
    );
    if (buildInfo.kind === 'matched') observation = withBuildInfo(observation, buildInfo.value.document);
    else if (buildInfo.kind === 'failure') return { kind: 'identified', observation };
    // nameOnly (3.6+) is false by default, and said so for clarity; servers before 3.6 get the bare command.
    const listDatabases: Record<string, number | boolean> =
      wire === 'op_msg' ? { listDatabases: 1, nameOnly: false } : { listDatabases: 1 };
    const list = await conn.exchange(
      commandRequest(wire, REQUEST_IDS.listDatabases, listDatabases),
      replyTo(REQUEST_IDS.listDatabases),
      options,
    );
    if (list.kind === 'matched') observation = withListDatabases(observation, list.value.document);
    return { kind: 'identified', observation };
  },
};
