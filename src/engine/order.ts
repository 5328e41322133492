// The order endpoints are probed in. Targets expand host by host (every port of one address,
// then the next address), and probed in that order a per-host limit holds the head of the queue:
// with --per-host 4, a /24 had 16 connection attempts in flight, never the pool's size. Like
// masscan and zmap, exposcan probes a deterministic permutation of address × port instead.
//
// The expansion is cut into blocks of BLOCK endpoints (a /24 × 37 ports is one block; a /16 ×
// 37 ports is 37 blocks), so memory stays one block whatever the target list. Position p of a
// block of size n probes the endpoint at (p × a) mod n of the expansion, with `a` the integer
// coprime to n nearest n × (√5 − 1) / 2. Multiplication by a unit mod n is a bijection, and
// the golden-ratio step spreads consecutive positions evenly over the block (the three-gap
// theorem): any W consecutive probes touch each host about W × ports / n times, at most a few.
// The same targets give the same order on every run and machine, which --resume's numbering
// relies on; --shard hashes the endpoint itself, so it does not depend on the order at all.

/** Endpoints permuted together. A /24 × 256 ports fits; so do 1,770 hosts × 37 ports. */
export const BLOCK = 65_536;

/** Names the ordering in the checkpoint's identity: a checkpoint numbered another way is refused. */
export const ORDER_NAME = 'golden-block-65536';

const GOLDEN = (Math.sqrt(5) - 1) / 2;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The step of a block of `size`: coprime to it, as near as possible to size × 0.618. */
export function stepFor(size: number): number {
  if (size <= 2) return 1;
  const ideal = Math.round(size * GOLDEN);
  for (let distance = 0; ; distance++) {
    for (const candidate of [ideal - distance, ideal + distance]) {
      if (candidate >= 1 && candidate < size && gcd(candidate, size) === 1) return candidate;
    }
  }
}

/** Position p of a block of `size` probes the block's item at this offset of the expansion. */
export function offsetAt(position: number, size: number, step = stepFor(size)): number {
  // Below 2^53 for any block: size <= 65,536, so position × step < 2^32.
  return (position * step) % size;
}

/** The items in probing order: each block of `block` consecutive items, permuted. Lazy, one block in memory. */
export function* interleave<T>(items: Iterable<T>, block = BLOCK): Generator<T> {
  let buffer: T[] = [];
  const flush = function* (): Generator<T> {
    const size = buffer.length;
    const step = stepFor(size);
    for (let position = 0; position < size; position++) yield buffer[offsetAt(position, size, step)]!;
    buffer = [];
  };
  for (const item of items) {
    buffer.push(item);
    if (buffer.length === block) yield* flush();
  }
  if (buffer.length > 0) yield* flush();
}
