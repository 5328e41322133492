// --shard i/n as a pure function: no server (nothing here opens a socket).
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/engine/types.js';
import { inShard, parseShard, shardOf } from '../../src/scan/shard.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';

const key = (endpoint: Endpoint) => `${endpoint.host}|${endpoint.port}|${endpoint.url?.basePath ?? ''}`;
const space = () =>
  expandTargets(
    ['192.0.2.0/24', 'example.com', 'https://kibana.example.com/app/', '[2001:db8::1]:6379', '198.51.100.7:9200'].map(
      (text) => parseTarget(text),
    ),
    [80, 443, 6379, 9200],
  );

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/5', { index: 2, count: 5 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('%j is shard %j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(['0/3', '4/3', '1/0', '3', '1/2/3', '-1/3', 'a/b', '1/10001', ''])(
    '%j is not a shard (1-based, i <= n)',
    (text) => {
      expect(parseShard(text)).toBeUndefined();
    },
  );
});

describe('shardOf', () => {
  it('splits the endpoint space of n = 3 into disjoint parts that cover it', () => {
    const all = [...space()].map(key);
    const parts = [1, 2, 3].map((index) =>
      [...space()].filter((endpoint) => inShard(endpoint, { index, count: 3 })).map(key),
    );
    expect(parts.flat().sort()).toEqual([...all].sort());
    expect(new Set(parts.flat()).size).toBe(all.length);
    // Balanced enough to be worth running: every part holds at least a fifth of the space.
    for (const part of parts) expect(part.length).toBeGreaterThan(all.length / 5);
  });

  it('is the same on every machine: fixed values, host names compared without case', () => {
    // FNV-1a 32 of "192.0.2.10\0" "80\0" is 2017475840 (computed independently, in Python): this must never
    // change, or shards of one scan run by two exposcan versions would overlap and leave gaps.
    expect(shardOf({ host: 'Example.COM', port: 443 }, 5)).toBe(shardOf({ host: 'example.com', port: 443 }, 5));
    expect(shardOf({ host: '192.0.2.10', port: 80 }, 1000)).toBe((2017475840 % 1000) + 1);
  });

  it('with one shard, or none, everything is in', () => {
    const endpoint = { host: '192.0.2.1', port: 80 };
    expect(inShard(endpoint, undefined)).toBe(true);
    expect(inShard(endpoint, { index: 1, count: 1 })).toBe(true);
  });
});
