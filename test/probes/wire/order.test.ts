// Off their hint ports, client-first probes run in WIRE_PROBES order and the first silence ends
// the endpoint. Servers that read text lines (Redis, memcached) wait silently for a newline that a
// binary probe never sends, and ZooKeeper waits for the rest of what it takes for a session
// request in a PostgreSQL startup message: their probes must come before the binary ones, or such
// a server on an unusual port is never identified (test/integration/{memcached,zookeeper}.test.ts
// scan free ports and would time out).
import { describe, expect, it } from 'vitest';
import { WIRE_PROBES } from '../../../src/probes/wire/index.js';

const position = (protocol: string) => WIRE_PROBES.findIndex((probe) => probe.protocol === protocol);

describe('WIRE_PROBES order', () => {
  it('tries the text-line probes before every binary one', () => {
    for (const text of ['redis', 'memcached', 'zookeeper']) {
      for (const binary of ['postgresql', 'mongodb', 'cassandra', 'mqtt']) {
        expect(position(text), `${text} before ${binary}`).toBeLessThan(position(binary));
        expect(position(text)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('ends every text probe in a newline, so line-based servers answer it rather than wait', async () => {
    const { STATS_REQUEST } = await import('../../../src/probes/wire/memcached.js');
    const { MNTR_REQUEST } = await import('../../../src/probes/wire/zookeeper.js');
    for (const request of [STATS_REQUEST, MNTR_REQUEST]) expect(request.at(-1)).toBe(0x0a);
  });
});
