// The minimal BSON codec: the two examples of bsonspec.org byte for byte, round trips of generated
// documents, and a typed BsonError (never anything else) for every malformed input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Binary,
  BsonError,
  MAX_DEPTH,
  ObjectId,
  Timestamp,
  decodeDocument,
  encodeDocument,
  type BsonInputValue,
  type BsonValue,
} from '../../../src/probes/wire/bson.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** {"hello": "world"} and {"BSON": ["awesome", 5.05, 1986]}, from bsonspec.org's FAQ. */
const HELLO_WORLD = hex('16000000 02 68656c6c6f00 06000000 776f726c6400 00');
const AWESOME = hex(
  '31000000 04 42534f4e00 26000000 02 3000 08000000 617765736f6d6500 01 3100 333333333333 1440 10 3200 c2070000 00 00',
);

function reason(bytes: Buffer): string {
  try {
    decodeDocument(bytes);
    return 'decoded';
  } catch (error) {
    if (error instanceof BsonError) return error.reason;
    throw error;
  }
}

/** A document as the decoder hands it back: objects become Maps. */
function decoded(value: BsonInputValue): BsonValue {
  if (Array.isArray(value)) return value.map(decoded);
  if (value !== null && typeof value === 'object')
    return new Map(Object.entries(value as Record<string, BsonInputValue>).map(([key, item]) => [key, decoded(item)]));
  return value as BsonValue;
}

describe('the bsonspec.org examples', () => {
  it('encodes and decodes {"hello": "world"}', () => {
    expect(encodeDocument({ hello: 'world' })).toEqual(HELLO_WORLD);
    expect(decodeDocument(HELLO_WORLD)).toEqual(new Map([['hello', 'world']]));
  });

  it('encodes and decodes {"BSON": ["awesome", 5.05, 1986]} (string, double, int32 in an array)', () => {
    expect(encodeDocument({ BSON: ['awesome', 5.05, 1986] })).toEqual(AWESOME);
    expect(decodeDocument(AWESOME)).toEqual(new Map([['BSON', ['awesome', 5.05, 1986]]]));
  });
});

describe('types', () => {
  it('encodes integers as int32, other numbers as doubles, bigints as int64, and keeps key order', () => {
    const bytes = encodeDocument({
      listDatabases: 1,
      nameOnly: false,
      $db: 'admin',
      ratio: 0.5,
      big: 2n ** 40n,
      none: null,
    });
    expect(bytes[4]).toBe(0x10);
    expect([...decodeDocument(bytes).entries()]).toEqual([
      ['listDatabases', 1],
      ['nameOnly', false],
      ['$db', 'admin'],
      ['ratio', 0.5],
      ['big', 2n ** 40n],
      ['none', null],
    ]);
    expect(decodeDocument(encodeDocument({ x: 2 ** 31 })).get('x')).toBe(2 ** 31); // past int32: a double
  });

  it('decodes what server replies hold: ObjectId, UTC datetime, timestamp, binary', () => {
    const document = Buffer.concat([
      hex('07 6f696400'),
      hex('6740a1b2c3d4e5f601234567'),
      hex('09 7400'),
      Buffer.from(new BigInt64Array([1_795_000_000_000n]).buffer),
      hex('11 747300'),
      hex('0100000064000000'),
      hex('05 6200'),
      hex('03000000 00 010203'),
    ]);
    const bytes = Buffer.concat([Buffer.alloc(4), document, Buffer.from([0])]);
    bytes.writeInt32LE(bytes.length);
    const value = decodeDocument(bytes);
    expect(value.get('oid')).toEqual(new ObjectId('6740a1b2c3d4e5f601234567'));
    expect(value.get('t')).toEqual(new Date(1_795_000_000_000));
    expect(value.get('ts')).toEqual(new Timestamp((100n << 32n) | 1n));
    expect(value.get('b')).toEqual(new Binary(0, Buffer.from([1, 2, 3])));
  });

  it('refuses to encode a key holding NUL, a bigint past int64, or nesting past the limit', () => {
    expect(() => encodeDocument({ 'a\0b': 1 })).toThrow(BsonError);
    expect(() => encodeDocument({ x: 2n ** 63n })).toThrow(BsonError);
    let deep: BsonInputValue = 1;
    for (let level = 0; level <= MAX_DEPTH + 1; level++) deep = { d: deep };
    expect(() => encodeDocument(deep as Record<string, BsonInputValue>)).toThrow(BsonError);
  });
});

describe('malformed input: a typed error, never a crash', () => {
  /** A document around `body` (hex), with its true length and final NUL. */
  const doc = (body: string) => {
    const inner = hex(body);
    const bytes = Buffer.concat([Buffer.alloc(4), inner, Buffer.from([0])]);
    bytes.writeInt32LE(bytes.length);
    return bytes;
  };

  it('names what is wrong', () => {
    expect(reason(doc('08 6200 01'))).toBe('decoded'); // the well-formed control: {b: true}
    expect(reason(Buffer.alloc(3))).toBe('truncated');
    expect(reason(hex('04000000'))).toBe('bad-length'); // shorter than the smallest document
    expect(reason(hex('ffffff7f 00'))).toBe('bad-length'); // far past any document
    expect(reason(hex('10000000 00'))).toBe('truncated'); // claims 16 bytes, has 5
    expect(reason(hex('05000000 01'))).toBe('unterminated'); // no final NUL
    expect(reason(Buffer.concat([HELLO_WORLD, hex('00')]))).toBe('bad-length'); // a byte after the document
    expect(reason(doc('08 6200 02'))).toBe('bad-bool');
    expect(reason(doc('0b 7200 00 00'))).toBe('unsupported-type'); // a regular expression
    expect(reason(doc('0d 6300 02000000 7800'))).toBe('unsupported-type'); // JavaScript code
    expect(reason(doc('02 7300 ffffffff'))).toBe('bad-length'); // negative string length
    expect(reason(doc('02 7300 03000000 616263'))).toBe('unterminated'); // string without its NUL
    expect(reason(doc('02 7300 40000000 616200'))).toBe('truncated'); // string longer than its document
    expect(reason(doc('02 7300 03000000 fffe00'))).toBe('bad-string'); // invalid UTF-8
    expect(reason(doc('10 616263646566'))).toBe('unterminated'); // key runs to the end
    expect(reason(doc('10 6100 0102'))).toBe('truncated'); // int32 with two bytes
  });

  it('refuses duplicate keys and array keys out of order', () => {
    expect(reason(doc('0a 6100 0a 6100'))).toBe('bad-key');
    expect(reason(doc('04 6100 08000000 0a 3100 00'))).toBe('bad-key'); // an array whose first key is "1"
  });

  it('refuses an inner document whose length runs past its parent', () => {
    // Outer 16 bytes; inner claims 40.
    expect(reason(hex('10000000 03 6400 28000000 00 00 00'))).toBe('truncated');
  });

  it('refuses nesting past the limit', () => {
    let inner = hex('05000000 00');
    for (let level = 0; level <= MAX_DEPTH + 1; level++) {
      const body = Buffer.concat([hex('03 6400'), inner, hex('00')]);
      inner = Buffer.concat([Buffer.alloc(4), body]);
      inner.writeInt32LE(inner.length);
    }
    expect(reason(inner)).toBe('too-deep');
  });

  it('never throws anything but BsonError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        expect([
          'decoded',
          'truncated',
          'bad-length',
          'unterminated',
          'bad-string',
          'bad-bool',
          'bad-key',
          'unsupported-type',
          'too-deep',
        ]).toContain(reason(Buffer.from(input)));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws anything but BsonError on valid documents with bytes changed or cut, or lengths lying', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: AWESOME.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat({ max: AWESOME.length }),
        (changes, cut) => {
          const bytes = Buffer.from(AWESOME);
          for (const [at, value] of changes) bytes[at] = value;
          reason(bytes.subarray(0, cut));
          reason(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('round trips', () => {
  const key = fc.string({ maxLength: 8 }).filter((text) => !text.includes('\0'));
  const scalar = fc.oneof(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.double({ noNaN: true }).filter((value) => !Number.isInteger(value) || Math.abs(value) >= 2 ** 31),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
  );
  const { document } = fc.letrec<{ value: BsonInputValue; document: Record<string, BsonInputValue> }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      tie('document'),
    ),
    document: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  }));

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(document, (input) => {
        expect(decodeDocument(encodeDocument(input))).toEqual(decoded(input));
      }),
      { numRuns: 500 },
    );
  });
});
