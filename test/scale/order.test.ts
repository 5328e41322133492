// The probing order (src/engine/order.ts) as pure functions: no server, no clock.
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/engine/types.js';
import { BLOCK, interleave, offsetAt, stepFor } from '../../src/engine/order.js';
import { inShard } from '../../src/scan/shard.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';

const key = (endpoint: Endpoint) => `${endpoint.host}:${endpoint.port}`;
const ports = (count: number) => Array.from({ length: count }, (_, i) => 1000 + i);
const ordered = (targets: readonly string[], portCount: number) => [
  ...interleave(
    expandTargets(
      targets.map((text) => parseTarget(text)),
      ports(portCount),
    ),
  ),
];

/** The most endpoints of one host among any `window` consecutive probes. */
function worstPerHost(endpoints: readonly Endpoint[], window: number): number {
  const counts = new Map<string, number>();
  let worst = 0;
  endpoints.forEach((endpoint, i) => {
    const count = (counts.get(endpoint.host) ?? 0) + 1;
    counts.set(endpoint.host, count);
    worst = Math.max(worst, count);
    if (i >= window - 1) {
      const leaving = endpoints[i - window + 1]!.host;
      counts.set(leaving, counts.get(leaving)! - 1);
    }
  });
  return worst;
}

describe('the probing order', () => {
  it('is a permutation of every block size: each position probes a different endpoint', () => {
    for (const size of [...Array.from({ length: 300 }, (_, i) => i + 1), 9472, 65_535, BLOCK]) {
      const seen = new Uint8Array(size);
      for (let position = 0; position < size; position++) seen[offsetAt(position, size)]!++;
      expect(
        seen.every((count) => count === 1),
        `block of ${size}`,
      ).toBe(true);
    }
  });

  it('takes a step near 0.618 of the block, coprime to it', () => {
    expect(stepFor(9472)).toBe(5853); // 9,472 × 0.618 = 5,854, even; 5,853 is odd and not a multiple of 37
    expect(stepFor(1)).toBe(1);
    expect(stepFor(2)).toBe(1);
  });

  it('probes every endpoint of a /24 × 37 ports exactly once, spread over the hosts', () => {
    const probes = ordered(['192.0.2.0/24'], 37);
    expect(probes).toHaveLength(256 * 37);
    expect(new Set(probes.map(key)).size).toBe(256 * 37);
    // Host by host, 37 consecutive probes went to one address; interleaved, any window holds about
    // window × 37 / 9,472 of a host's endpoints, never more than two above that.
    for (const window of [16, 64, 256, 1024])
      expect(worstPerHost(probes, window), `window ${window}`).toBeLessThanOrEqual(Math.ceil((window * 37) / 9472) + 2);
    // So a pool of 1,024 with --per-host 4 finds 1,024 endpoints it may start at once, where host by host it found 16.
    expect(worstPerHost(probes, 256)).toBeLessThanOrEqual(4);
  });

  it('interleaves across targets and blocks: a /16 × 3 ports spans three blocks, each spread', () => {
    const probes = ordered(['198.51.0.0/16'], 3);
    expect(probes).toHaveLength(65_536 * 3);
    expect(new Set(probes.map(key)).size).toBe(65_536 * 3);
    expect(worstPerHost(probes, 4096)).toBeLessThanOrEqual(2);
  });

  it('is the same on every run, and leaves a single host in its order of ports', () => {
    expect(ordered(['192.0.2.0/26', 'example.com'], 5).map(key)).toEqual(
      ordered(['192.0.2.0/26', 'example.com'], 5).map(key),
    );
    const single = ordered(['192.0.2.7'], 2).map(key);
    expect(single).toEqual(['192.0.2.7:1000', '192.0.2.7:1001']);
  });

  it('shards the interleaved order into disjoint parts that cover it (--shard hashes endpoints, not positions)', () => {
    const probes = ordered(['192.0.2.0/24', 'example.com', '[2001:db8::1]:6379'], 10);
    const parts = [1, 2, 3, 4].map((index) =>
      probes.filter((endpoint) => inShard(endpoint, { index, count: 4 })).map(key),
    );
    expect(parts.flat().sort()).toEqual(probes.map(key).sort());
    expect(new Set(parts.flat()).size).toBe(probes.length);
    // A shard's own order is still interleaved: its share of the hosts, spread.
    const shard = probes.filter((endpoint) => inShard(endpoint, { index: 2, count: 4 }));
    expect(worstPerHost(shard, 64)).toBeLessThanOrEqual(3);
  });
});
