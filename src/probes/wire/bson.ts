// A minimal BSON codec (bsonspec.org, version 1.1) for the few MongoDB commands a read-only probe
// sends and the replies it reads. Encodes documents, arrays, strings, int32, int64 (bigint),
// doubles, booleans and null. Decodes those plus the types a server puts in `hello`, `buildInfo`
// and `listDatabases` replies (ObjectId, UTC datetime, timestamp, binary). Everything else, and
// every malformed byte (a length that lies, a missing terminator, invalid UTF-8, a boolean that is
// neither 0 nor 1, nesting past a limit), is a BsonError. Pure; every input is untrusted.

export type BsonErrorReason =
  | 'truncated'
  | 'bad-length'
  | 'unterminated'
  | 'bad-string'
  | 'bad-bool'
  | 'bad-key'
  | 'unsupported-type'
  | 'too-deep'
  | 'unencodable';

export class BsonError extends Error {
  constructor(
    readonly reason: BsonErrorReason,
    message: string,
  ) {
    super(`BSON ${reason}: ${message}`);
    this.name = 'BsonError';
  }
}

export class ObjectId {
  constructor(readonly hex: string) {}
}
/** A replication timestamp (type 0x11): kept as the raw unsigned 64-bit value. */
export class Timestamp {
  constructor(readonly value: bigint) {}
}
export class Binary {
  constructor(
    readonly subtype: number,
    readonly bytes: Buffer,
  ) {}
}

export type BsonValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Date
  | ObjectId
  | Timestamp
  | Binary
  | BsonDocument
  | readonly BsonValue[];
/** A decoded document: a Map keeps the server's key order and cannot be polluted by a key like `__proto__`. */
export type BsonDocument = ReadonlyMap<string, BsonValue>;
/** What the encoder takes: a plain object literal (keys in insertion order) or a Map. */
export type BsonInput = { readonly [key: string]: BsonInputValue } | ReadonlyMap<string, BsonInputValue>;
export type BsonInputValue = number | bigint | string | boolean | null | BsonInput | readonly BsonInputValue[];

/** Nesting deeper than this is refused; server replies nest a handful of levels. */
export const MAX_DEPTH = 32;
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const TYPE = {
  double: 0x01,
  string: 0x02,
  document: 0x03,
  array: 0x04,
  binary: 0x05,
  objectId: 0x07,
  boolean: 0x08,
  datetime: 0x09,
  null: 0x0a,
  int32: 0x10,
  timestamp: 0x11,
  int64: 0x12,
} as const;

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeDocument(document: BsonInput, depth = 0): Buffer {
  if (depth > MAX_DEPTH) throw new BsonError('too-deep', `nesting past ${MAX_DEPTH} levels`);
  const entries: [string, BsonInputValue][] =
    document instanceof Map ? [...document.entries()] : Object.entries(document);
  const parts: Buffer[] = [];
  for (const [key, value] of entries) parts.push(encodeElement(key, value, depth));
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(4 + body.length + 1);
  out.writeInt32LE(out.length, 0);
  body.copy(out, 4);
  return out;
}

function cstring(text: string): Buffer {
  if (text.includes('\0')) throw new BsonError('bad-key', 'a key or C string holds a NUL byte');
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

function encodeElement(key: string, value: BsonInputValue, depth: number): Buffer {
  const head = (type: number) => Buffer.concat([Buffer.from([type]), cstring(key)]);
  if (value === null) return head(TYPE.null);
  switch (typeof value) {
    case 'boolean':
      return Buffer.concat([head(TYPE.boolean), Buffer.from([value ? 1 : 0])]);
    case 'string': {
      const bytes = Buffer.from(value, 'utf8');
      const length = Buffer.alloc(4);
      length.writeInt32LE(bytes.length + 1);
      return Buffer.concat([head(TYPE.string), length, bytes, Buffer.from([0])]);
    }
    case 'bigint': {
      if (value < -(2n ** 63n) || value >= 2n ** 63n)
        throw new BsonError('unencodable', `${value} does not fit in int64`);
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64LE(value);
      return Buffer.concat([head(TYPE.int64), bytes]);
    }
    case 'number': {
      if (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 && !Object.is(value, -0)) {
        const bytes = Buffer.alloc(4);
        bytes.writeInt32LE(value);
        return Buffer.concat([head(TYPE.int32), bytes]);
      }
      const bytes = Buffer.alloc(8);
      bytes.writeDoubleLE(value);
      return Buffer.concat([head(TYPE.double), bytes]);
    }
    case 'object': {
      if (Array.isArray(value)) {
        const asDocument = new Map((value as readonly BsonInputValue[]).map((item, index) => [String(index), item]));
        return Buffer.concat([head(TYPE.array), encodeDocument(asDocument, depth + 1)]);
      }
      return Buffer.concat([head(TYPE.document), encodeDocument(value as BsonInput, depth + 1)]);
    }
    default:
      throw new BsonError('unencodable', `cannot encode a ${typeof value}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Decodes exactly one document that fills `bytes`; throws BsonError on anything malformed. */
export function decodeDocument(bytes: Buffer): BsonDocument {
  const { document, end } = readDocument(bytes, 0, 0, false);
  if (end !== bytes.length)
    throw new BsonError('bad-length', `document ends at ${end}, ${bytes.length - end} bytes follow`);
  return document as BsonDocument;
}

/** Decodes one document at `offset`, returning it and where it ends (for messages holding several). */
export function decodeDocumentAt(bytes: Buffer, offset: number): { document: BsonDocument; end: number } {
  const { document, end } = readDocument(bytes, offset, 0, false);
  return { document: document as BsonDocument, end };
}

function readDocument(
  bytes: Buffer,
  offset: number,
  depth: number,
  asArray: boolean,
): { document: BsonDocument | BsonValue[]; end: number } {
  if (depth > MAX_DEPTH) throw new BsonError('too-deep', `nesting past ${MAX_DEPTH} levels`);
  if (offset + 4 > bytes.length) throw new BsonError('truncated', `no document length at ${offset}`);
  const length = bytes.readInt32LE(offset);
  if (length < 5 || length > MAX_DOCUMENT_BYTES) throw new BsonError('bad-length', `document length ${length}`);
  const end = offset + length;
  if (end > bytes.length)
    throw new BsonError('truncated', `document of ${length} bytes at ${offset}, ${bytes.length - offset} available`);
  if (bytes[end - 1] !== 0) throw new BsonError('unterminated', 'document does not end in a NUL byte');
  const map = new Map<string, BsonValue>();
  const list: BsonValue[] = [];
  let at = offset + 4;
  while (at < end - 1) {
    const type = bytes[at]!;
    at += 1;
    const keyEnd = bytes.indexOf(0, at);
    if (keyEnd < 0 || keyEnd >= end - 1) throw new BsonError('unterminated', 'element name runs past its document');
    const key = decodeUtf8(bytes.subarray(at, keyEnd));
    at = keyEnd + 1;
    const { value, next } = readValue(bytes, type, at, end - 1, depth);
    at = next;
    if (asArray) {
      if (key !== String(list.length))
        throw new BsonError('bad-key', `array key '${key.slice(0, 20)}' where '${list.length}' belongs`);
      list.push(value);
    } else {
      if (map.has(key)) throw new BsonError('bad-key', `duplicate key '${key.slice(0, 20)}'`);
      map.set(key, value);
    }
  }
  if (at !== end - 1) throw new BsonError('bad-length', 'an element runs past its document');
  return { document: asArray ? list : map, end };
}

/** Reads one value of `type` at `at`; `limit` is where the enclosing document's elements end. */
function readValue(
  bytes: Buffer,
  type: number,
  at: number,
  limit: number,
  depth: number,
): { value: BsonValue; next: number } {
  const need = (count: number) => {
    if (at + count > limit)
      throw new BsonError('truncated', `value of type 0x${type.toString(16)} needs ${count} bytes at ${at}`);
  };
  switch (type) {
    case TYPE.double:
      need(8);
      return { value: bytes.readDoubleLE(at), next: at + 8 };
    case TYPE.string: {
      need(4);
      const length = bytes.readInt32LE(at);
      if (length < 1) throw new BsonError('bad-length', `string length ${length}`);
      need(4 + length);
      if (bytes[at + 4 + length - 1] !== 0) throw new BsonError('unterminated', 'string does not end in a NUL byte');
      return { value: decodeUtf8(bytes.subarray(at + 4, at + 4 + length - 1)), next: at + 4 + length };
    }
    case TYPE.document:
    case TYPE.array: {
      need(4);
      const inner = readDocument(bytes.subarray(0, limit), at, depth + 1, type === TYPE.array);
      return { value: inner.document, next: inner.end };
    }
    case TYPE.binary: {
      need(5);
      const length = bytes.readInt32LE(at);
      if (length < 0) throw new BsonError('bad-length', `binary length ${length}`);
      need(5 + length);
      return {
        value: new Binary(bytes[at + 4]!, Buffer.from(bytes.subarray(at + 5, at + 5 + length))),
        next: at + 5 + length,
      };
    }
    case TYPE.objectId:
      need(12);
      return { value: new ObjectId(bytes.subarray(at, at + 12).toString('hex')), next: at + 12 };
    case TYPE.boolean: {
      need(1);
      const byte = bytes[at];
      if (byte !== 0 && byte !== 1) throw new BsonError('bad-bool', `boolean byte ${byte}`);
      return { value: byte === 1, next: at + 1 };
    }
    case TYPE.datetime:
      need(8);
      return { value: new Date(Number(bytes.readBigInt64LE(at))), next: at + 8 };
    case TYPE.null:
      return { value: null, next: at };
    case TYPE.int32:
      need(4);
      return { value: bytes.readInt32LE(at), next: at + 4 };
    case TYPE.timestamp:
      need(8);
      return { value: new Timestamp(bytes.readBigUInt64LE(at)), next: at + 8 };
    case TYPE.int64:
      need(8);
      return { value: bytes.readBigInt64LE(at), next: at + 8 };
    default:
      throw new BsonError('unsupported-type', `element type 0x${type.toString(16).padStart(2, '0')}`);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BsonError('bad-string', 'invalid UTF-8');
  }
}

// ---------------------------------------------------------------------------------------------
// Reading decoded values

/** int32, int64 or double as a number (int64 beyond 2^53 loses precision); undefined for anything else. */
export function numberOf(value: BsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

export function stringOf(value: BsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function documentOf(value: BsonValue | undefined): BsonDocument | undefined {
  return value instanceof Map ? value : undefined;
}

export function arrayOf(value: BsonValue | undefined): readonly BsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
