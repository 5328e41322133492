// Byte generators shared by every decoder's properties: structure-aware mutations of a valid
// frame (the interesting inputs: a length that lies, a cut in the middle, a huge count), plus
// plain random bytes. A decoder must survive all of them.
import fc from 'fast-check';

/** Values that break length and count fields: zero, one, negative, sign bit, all ones, past every cap. */
const EXTREME_INT32 = [
  0,
  1,
  2,
  4,
  5,
  0x7f,
  0x80,
  0xff,
  0x100,
  0xffff,
  0x10000,
  0x7fffffff,
  -1,
  -2,
  -0x80000000,
  0x1000000,
  64 * 1024,
  64 * 1024 + 1,
];

type Mutation = (bytes: Buffer) => Buffer;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Cut anywhere: every prefix of a valid frame.
  fc.nat().map(
    (at): Mutation =>
      (bytes) =>
        bytes.subarray(0, bytes.length === 0 ? 0 : at % (bytes.length + 1)),
  ),
  // One byte changed.
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, value]): Mutation => (bytes) => {
    if (bytes.length === 0) return bytes;
    const copy = Buffer.from(bytes);
    copy[at % copy.length] = value;
    return copy;
  }),
  // A length or count field overwritten with an extreme value, big- or little-endian, 1 to 4 bytes wide.
  fc
    .tuple(fc.nat(), fc.constantFrom(...EXTREME_INT32), fc.constantFrom(1, 2, 3, 4), fc.boolean())
    .map(([at, value, width, littleEndian]): Mutation => (bytes) => {
      if (bytes.length < width) return bytes;
      const copy = Buffer.from(bytes);
      const offset = at % (copy.length - width + 1);
      const unsigned = value < 0 ? 2 ** (8 * width) + (value % 2 ** (8 * width)) : value % 2 ** (8 * width);
      if (littleEndian) copy.writeUIntLE(unsigned % 2 ** (8 * width), offset, width);
      else copy.writeUIntBE(unsigned % 2 ** (8 * width), offset, width);
      return copy;
    }),
  // Bytes inserted or removed in the middle (every field after them shifts).
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 16 })).map(([at, inserted]): Mutation => (bytes) => {
    const offset = bytes.length === 0 ? 0 : at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 16 })).map(([at, count]): Mutation => (bytes) => {
    const offset = bytes.length === 0 ? 0 : at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, offset), bytes.subarray(offset + count)]);
  }),
  // Junk after a complete frame, or the frame twice.
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map(
    (junk): Mutation =>
      (bytes) =>
        Buffer.concat([bytes, Buffer.from(junk)]),
  ),
  fc.constant<Mutation>((bytes) => Buffer.concat([bytes, bytes])),
);

/** A valid frame, the same with one to three mutations, or random bytes. */
export function mutated(valid: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([bytes, steps]) => steps.reduce((acc, step) => step(acc), bytes)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)) },
  );
}

/** Text that a line-based protocol might send, from a small alphabet so that keywords recur. */
export function textOf(alphabet: readonly string[], maxLength = 40): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { maxLength }).map((parts) => parts.join(''));
}

/** Split points: an offset from the start, or (negative) from the end, where caps and last fields sit. */
export const cutPoints = fc.array(fc.oneof(fc.nat(), fc.integer({ min: -64, max: -1 })), { maxLength: 6 });

/** The bytes split at `cuts` (see cutPoints), in order. */
export function chunksOf(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  if (bytes.length === 0) return [bytes];
  const offsets = [
    ...new Set(cuts.map((cut) => (cut < 0 ? Math.max(0, bytes.length + cut) : cut % (bytes.length + 1)))),
  ].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let previous = 0;
  for (const offset of [...offsets, bytes.length]) {
    if (offset > previous) chunks.push(bytes.subarray(previous, offset));
    previous = offset;
  }
  return chunks;
}

/** 64 KiB made of one short unit repeated: the shape that makes a backtracking parser or regex slow. */
export function repeatedTo(size: number, unit: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return unit.filter((bytes) => bytes.length > 0).map((bytes) => Buffer.alloc(size, bytes));
}
