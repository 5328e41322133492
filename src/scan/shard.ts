// `--shard i/n`: which endpoints of the target space this run probes. The index is 1-based
// (1/3, 2/3, 3/3), as people count; a Kubernetes Indexed Job passes $((JOB_COMPLETION_INDEX+1)).
//
// An endpoint belongs to shard (FNV-1a(host, port, base path) mod n) + 1. Hashing the endpoint
// itself, not its position in the expansion, keeps the split the same on every machine and for
// endpoints that have no fixed position (those a cloud account implies, read at run time); it
// also spreads a range's ports over the shards instead of giving one shard one port.
import type { Endpoint } from '../engine/types.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/**
 * The most shards one scan may be split into. Bounded because everything downstream is sized by
 * it: `exposcan merge` lists the missing shards, and a report claiming 10^8 of them must be refused
 * as bad input, not allocated (it once ran merge out of memory at 5.4 GB). The report schema
 * carries the same bound, so a hostile report fails validation in one line.
 */
export const MAX_SHARDS = 10_000;

export const SHARD_FORMAT = `expected i/n with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 2/5`;

/** undefined when the text is not a shard. */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d{1,5})\s*\/\s*(\d{1,5})\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) return undefined;
  return { index, count };
}

/** 32-bit FNV-1a over the UTF-8 bytes: tiny, fast, and the same in every Node.js. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The 1-based shard an endpoint belongs to among `count`. Host names compare case-insensitively. */
export function shardOf(
  endpoint: Pick<Endpoint, 'host' | 'port'> & Partial<Pick<Endpoint, 'url'>>,
  count: number,
): number {
  return (
    (fnv1a(`${endpoint.host.toLowerCase()}\u0000${endpoint.port}\u0000${endpoint.url?.basePath ?? ''}`) % count) + 1
  );
}

export function inShard(
  endpoint: Pick<Endpoint, 'host' | 'port'> & Partial<Pick<Endpoint, 'url'>>,
  shard: Shard | undefined,
): boolean {
  return shard === undefined || shard.count === 1 || shardOf(endpoint, shard.count) === shard.index;
}
