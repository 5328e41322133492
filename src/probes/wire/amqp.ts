// AMQP 0-9-1 (RabbitMQ's 5672): the client opens with the protocol header `AMQP 0 0 9 1`, and a
// broker answers with Connection.Start, whose server-properties name the product and version
// (RabbitMQ: product "RabbitMQ", version "3.10.8", platform "Erlang/OTP …"). A broker that speaks
// another version answers with its own header and hangs up; RabbitMQ does the same to a stray
// `GET `, which is how the probe is promoted off its port.
//
// Only with --credential-checks, and only for RabbitMQ: Connection.Start-Ok with SASL PLAIN for the
// documented default account guest/guest. Connection.Tune back means the login was accepted; the
// probe then answers Tune-Ok and opens the default virtual host `/` (RabbitMQ refuses a
// Connection.Close before that with a logged protocol error), and sends Connection.Close at once:
// no channel is opened, nothing declared, published or consumed. With the capability
// `authentication_failure_close` RabbitMQ answers a refused login with Connection.Close 403
// ACCESS_REFUSED instead of hanging up.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { AmqpObservation, ProbeOutcome } from '../observation.js';
import { TOOL } from '../../version.js';
import type { ClientFirstProbe, ConverseOptions } from './probe.js';

export const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);
const FRAME_METHOD = 1;
const FRAME_END = 0xce;
/** A Connection.Start is a few hundred bytes; RabbitMQ's is about 500. */
const MAX_FRAME_BYTES = 64 * 1024;
const CONNECTION = 10;
const START = 10;
const START_OK = 11;
const TUNE = 30;
const TUNE_OK = 31;
const OPEN = 40;
const OPEN_OK = 41;
const CLOSE = 50;
const CLOSE_OK = 51;

export interface MethodFrame {
  readonly classId: number;
  readonly methodId: number;
  readonly args: Buffer;
}

/** A broker's answer to the header: a method frame on channel 0, or its own protocol header (another version). */
export type HeaderReply =
  { readonly kind: 'method'; readonly method: MethodFrame } | { readonly kind: 'header'; readonly version: string };

/** Reads one method frame on channel 0; with `headerAllowed`, a protocol header instead. */
export function parseMethodFrame(received: Buffer, headerAllowed = false): ParseResult<HeaderReply> {
  if (received.length === 0) return INCOMPLETE;
  if (headerAllowed && received[0] === 0x41) {
    if (
      !PROTOCOL_HEADER.subarray(0, Math.min(4, received.length)).equals(
        received.subarray(0, Math.min(4, received.length)),
      )
    )
      return MISMATCH;
    if (received.length < 8) return INCOMPLETE;
    return matched({ kind: 'header', version: `${received[4]}-${received[5]}-${received[6]}-${received[7]}` });
  }
  if (received[0] !== FRAME_METHOD) return MISMATCH;
  if (received.length >= 3 && received.readUInt16BE(1) !== 0) return MISMATCH;
  if (received.length < 7) return INCOMPLETE;
  const size = received.readUInt32BE(3);
  if (size < 4 || size > MAX_FRAME_BYTES) return MISMATCH;
  if (received.length < 7 + size + 1) return INCOMPLETE;
  if (received[7 + size] !== FRAME_END) return MISMATCH;
  const payload = received.subarray(7, 7 + size);
  return matched({
    kind: 'method',
    method: { classId: payload.readUInt16BE(0), methodId: payload.readUInt16BE(2), args: payload.subarray(4) },
  });
}

/** A reader over a method's arguments that throws RangeError past the end (caught by the callers). */
class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}
  octet(): number {
    return this.bytes.readUInt8(this.take(1));
  }
  short(): number {
    return this.bytes.readUInt16BE(this.take(2));
  }
  long(): number {
    return this.bytes.readUInt32BE(this.take(4));
  }
  shortString(): string {
    const length = this.octet();
    return this.slice(length).toString('utf8');
  }
  longString(): Buffer {
    return this.slice(this.long());
  }
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
  slice(length: number): Buffer {
    const start = this.take(length);
    return this.bytes.subarray(start, start + length);
  }
  private take(length: number): number {
    if (this.at + length > this.bytes.length) throw new RangeError('past the end of the frame');
    const start = this.at;
    this.at += length;
    return start;
  }
}

/** Widths of the fixed-size field types (RabbitMQ's reading of the 0-9-1 errata). */
const FIXED: Readonly<Record<string, number>> = {
  t: 1,
  b: 1,
  B: 1,
  s: 2,
  u: 2,
  I: 4,
  i: 4,
  l: 8,
  f: 4,
  d: 8,
  D: 5,
  T: 8,
  V: 0,
};

/** A field table's long strings, keys to text; nested tables and arrays are skipped whole (no recursion). */
function readTable(reader: Reader): Record<string, string> {
  const inner = new Reader(reader.longString());
  const strings: Record<string, string> = {};
  while (!inner.done) {
    const name = inner.shortString();
    const type = String.fromCharCode(inner.octet());
    if (type === 'S') strings[name] = inner.longString().toString('utf8');
    else skipValue(inner, type);
  }
  return strings;
}

function skipValue(reader: Reader, type: string): void {
  const width = FIXED[type];
  if (width !== undefined) {
    reader.slice(width);
    return;
  }
  if (type === 'S' || type === 'x' || type === 'F' || type === 'A') {
    reader.longString();
    return;
  }
  throw new RangeError(`unknown field type ${JSON.stringify(type)}`);
}

export interface ConnectionStart {
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly serverProperties: Readonly<Record<string, string>>;
  readonly mechanisms: readonly string[];
}

/** Connection.Start's arguments, or undefined if they do not decode. */
export function decodeStart(method: MethodFrame): ConnectionStart | undefined {
  if (method.classId !== CONNECTION || method.methodId !== START) return undefined;
  try {
    const reader = new Reader(method.args);
    const versionMajor = reader.octet();
    const versionMinor = reader.octet();
    const serverProperties = readTable(reader);
    const mechanisms = reader.longString().toString('utf8').split(' ').filter(Boolean);
    reader.longString(); // locales
    return { versionMajor, versionMinor, serverProperties, mechanisms };
  } catch {
    return undefined;
  }
}

export function observationFromStart(start: ConnectionStart): AmqpObservation {
  const named = start.serverProperties.product?.slice(0, 60);
  const rabbit = named !== undefined && /rabbitmq/i.test(named);
  const version = start.serverProperties.version;
  const platform = start.serverProperties.platform;
  return {
    protocol: 'amqp',
    product: rabbit ? 'rabbitmq' : 'amqp',
    ...(version && /^\d+\.\d+/.test(version) ? { version: version.slice(0, 40) } : {}),
    access: 'auth-required',
    ...(platform ? { platform: platform.slice(0, 60) } : {}),
    mechanisms: start.mechanisms.slice(0, 10).map((mechanism) => mechanism.slice(0, 40)),
    signals: [
      `Connection.Start (AMQP ${start.versionMajor}-${start.versionMinor}) to the protocol header`,
      named ? `server-properties product ${JSON.stringify(named)}` : 'server-properties without a product',
    ],
  };
}

function methodFrame(classId: number, methodId: number, args: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt8(FRAME_METHOD, 0);
  header.writeUInt16BE(0, 1);
  header.writeUInt32BE(4 + args.length, 3);
  const ids = Buffer.alloc(4);
  ids.writeUInt16BE(classId, 0);
  ids.writeUInt16BE(methodId, 2);
  return Buffer.concat([header, ids, args, Buffer.from([FRAME_END])]);
}

function shortString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function longString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

function table(entries: readonly (readonly [string, Buffer])[]): Buffer {
  return longString(Buffer.concat(entries.map(([name, value]) => Buffer.concat([shortString(name), value]))));
}

/** Connection.Start-Ok: SASL PLAIN for guest/guest, asking to be told of a refusal (authentication_failure_close). */
export function startOkGuest(): Buffer {
  const properties = table([
    ['product', Buffer.concat([Buffer.from('S'), longString(Buffer.from('exposcan'))])],
    ['version', Buffer.concat([Buffer.from('S'), longString(Buffer.from(TOOL.version))])],
    [
      'capabilities',
      Buffer.concat([Buffer.from('F'), table([['authentication_failure_close', Buffer.from([0x74, 1])]])]),
    ],
  ]);
  return methodFrame(
    CONNECTION,
    START_OK,
    Buffer.concat([properties, shortString('PLAIN'), longString(Buffer.from('\0guest\0guest')), shortString('en_US')]),
  );
}

/** Connection.Close, reply 200: the client is done. */
export function connectionClose(): Buffer {
  const code = Buffer.alloc(2);
  code.writeUInt16BE(200, 0);
  return methodFrame(CONNECTION, CLOSE, Buffer.concat([code, shortString('exposcan: done'), Buffer.alloc(4)]));
}

/** What the broker answered the guest login with. */
export function loginVerdict(method: MethodFrame): NonNullable<AmqpObservation['defaultLogin']> {
  if (method.classId === CONNECTION && method.methodId === TUNE) return { user: 'guest', result: 'accepted' };
  if (method.classId === CONNECTION && method.methodId === CLOSE) {
    try {
      const reader = new Reader(method.args);
      const replyCode = reader.short();
      const replyText = reader.shortString().slice(0, 200);
      return { user: 'guest', result: 'denied', replyCode, replyText };
    } catch {
      return { user: 'guest', result: 'denied' };
    }
  }
  return { user: 'guest', result: 'failed' };
}

/** Connection.Tune-Ok with the broker's own limits and no heartbeat, then Connection.Open of the default virtual host `/`. */
export function tuneOkAndOpen(tune: MethodFrame): Buffer {
  const reader = new Reader(tune.args);
  const channelMax = reader.short();
  const frameMax = reader.long();
  const tuneOk = Buffer.alloc(8);
  tuneOk.writeUInt16BE(channelMax, 0);
  tuneOk.writeUInt32BE(frameMax === 0 ? MAX_FRAME_BYTES : Math.min(frameMax, MAX_FRAME_BYTES), 2);
  tuneOk.writeUInt16BE(0, 6);
  return Buffer.concat([
    methodFrame(CONNECTION, TUNE_OK, tuneOk),
    methodFrame(CONNECTION, OPEN, Buffer.concat([shortString('/'), shortString(''), Buffer.from([0])])),
  ]);
}

const frameParser = (bytes: Buffer) => parseMethodFrame(bytes);

/**
 * SASL PLAIN guest/guest. Accepted (Tune): Tune-Ok and Open of `/`, because RabbitMQ takes
 * Connection.Close only from an open connection (in the tuning state it logs a protocol error);
 * then Close at once, and its Close-Ok. Refused (Close 403): Close-Ok.
 */
async function tryGuest(conn: Conn, observation: AmqpObservation, timeoutMs: number): Promise<AmqpObservation> {
  const exchange = { timeoutMs, maxBytes: MAX_FRAME_BYTES + 8 };
  const reply = await conn.exchange(startOkGuest(), frameParser, exchange);
  // A broker that hangs up instead of answering refused the login (RabbitMQ before 3.2 did, without the capability).
  if (reply.kind === 'failure' && reply.failure === 'closed')
    return { ...observation, defaultLogin: { user: 'guest', result: 'denied' } };
  if (reply.kind !== 'matched' || reply.value.kind !== 'method')
    return { ...observation, defaultLogin: { user: 'guest', result: 'failed' } };
  const verdict = loginVerdict(reply.value.method);
  if (verdict.result === 'denied') conn.write(methodFrame(CONNECTION, CLOSE_OK, Buffer.alloc(0)));
  if (verdict.result !== 'accepted') return { ...observation, defaultLogin: verdict };
  let vhost: 'opened' | 'refused' | undefined;
  try {
    const opened = await conn.exchange(tuneOkAndOpen(reply.value.method), frameParser, exchange);
    const method = opened.kind === 'matched' && opened.value.kind === 'method' ? opened.value.method : undefined;
    if (method?.classId === CONNECTION && method.methodId === OPEN_OK) {
      vhost = 'opened';
      await conn.exchange(connectionClose(), frameParser, exchange);
    } else if (method?.classId === CONNECTION && method.methodId === CLOSE) {
      vhost = 'refused';
      conn.write(methodFrame(CONNECTION, CLOSE_OK, Buffer.alloc(0)));
    }
  } catch {
    // A Tune too short to echo: the login stands; the connection is simply closed.
  }
  return {
    ...observation,
    defaultLogin: { ...verdict, ...(vhost ? { vhost } : {}) },
    signals: [...observation.signals, 'Connection.Tune after SASL PLAIN guest/guest'],
  };
}

export const amqpProbe: ClientFirstProbe<AmqpObservation> & { protocol: 'amqp' } = {
  protocol: 'amqp',
  speaksFirst: false,
  hintPorts: [5672],
  // RabbitMQ answers any bad header, `GET ` included, with its own protocol header.
  recognizeStrayReply: (reply) => reply.length >= 8 && reply.subarray(0, 5).equals(PROTOCOL_HEADER.subarray(0, 5)),
  async converse(conn: Conn, options: ConverseOptions): Promise<ProbeOutcome<AmqpObservation>> {
    const reply = await conn.exchange(PROTOCOL_HEADER, (bytes) => parseMethodFrame(bytes, true), {
      timeoutMs: options.timeoutMs,
      maxBytes: MAX_FRAME_BYTES + 8,
    });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch' || reply.value.kind !== 'method') return { kind: 'not-this' };
    const start = decodeStart(reply.value.method);
    if (!start) return { kind: 'not-this' };
    const observation = observationFromStart(start);
    // Only with --credential-checks, only RabbitMQ's documented default, only where PLAIN is offered.
    if (
      observation.product === 'rabbitmq' &&
      options.credentialProducts?.has('rabbitmq') &&
      start.mechanisms.includes('PLAIN')
    ) {
      return { kind: 'identified', observation: await tryGuest(conn, observation, options.timeoutMs) };
    }
    return { kind: 'identified', observation };
  },
};
