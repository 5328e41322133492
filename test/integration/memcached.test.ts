// Real memcached (Debian package memcached), started by the test on free loopback ports of its own
// (never the machine's 11211): open, with SASL (-S, binary protocol only; the SASL password
// database is made with saslpasswd2 from sasl2-bin) and with ASCII authentication (-Y).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  memcachedBinary,
  saslpasswdBinary,
  seedMemcached,
  startMemcached,
  stopAll,
  talk,
  type MemcachedServer,
} from '../helpers/services-wire.js';

const memcached = memcachedBinary();
const sasl = memcached ? saslpasswdBinary() : undefined;
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const SEEDED = 7;

function scan(server: MemcachedServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId === 'memcached-unauthenticated');

describe.skipIf(!memcached)('memcached, real server', () => {
  let open: MemcachedServer;
  let ascii: MemcachedServer;

  beforeAll(async () => {
    [open, ascii] = await Promise.all([startMemcached('none'), startMemcached('ascii')]);
    await seedMemcached(open, SEEDED);
  });
  afterAll(stopAll);

  it('reports an open memcached once, high, with its version and item count (as the key count)', async () => {
    const outcome = await scan(open);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'memcached',
      version: open.version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'memcached', tls: false },
      evidence: { command: 'stats', items: SEEDED },
    });
    expect(findings[0]!.evidence.bytes).toBeGreaterThan(0);
  });

  it('reads no item: the items are still there, never fetched (get_hits and get_misses stay 0)', async () => {
    await scan(open);
    const stats = await talk(open.port, 'stats\r\n', (reply) => reply.endsWith('END\r\n'));
    expect(stats).toMatch(/STAT cmd_get 0\r\n/);
    expect(stats).toMatch(new RegExp(`STAT curr_items ${SEEDED}\\r\\n`));
  });

  it('does not report ASCII authentication (-Y): CLIENT_ERROR unauthenticated, listed as auth-required', async () => {
    const outcome = await scan(ascii);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: ascii.port,
        protocol: 'memcached',
        tls: false,
        product: 'memcached',
        access: 'auth-required',
      },
    ]);
  });
});

describe.skipIf(!memcached || !sasl)('memcached with SASL, real server', () => {
  let locked: MemcachedServer;

  beforeAll(async () => {
    locked = await startMemcached('sasl');
  });
  afterAll(stopAll);

  it('(control) the SASL server speaks only the binary protocol: a text `stats` gets no answer', async () => {
    // It reads the 7 bytes as the start of a 24-byte binary header and waits for the rest.
    expect(await talk(locked.port, 'stats\r\n', () => false, 500)).toBe('');
  });

  it('does not report it: silence to `stats`, no finding, and nothing is listed as open', async () => {
    const outcome = await scan(locked);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.services.every((service) => service.access !== 'open')).toBe(true);
  });
});
