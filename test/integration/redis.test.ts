// Real redis-server, started by the test on a free loopback port of its own (never the machine's
// 6379): the whole scan (identification, the Redis probe, the rule, scoring) against the real thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  ipv6LoopbackAvailable,
  redisCommands,
  redisBinary,
  seedRedis,
  startRedis,
  stopAll,
  type RedisServer,
} from '../helpers/services.js';

const redis = redisBinary();
const ipv6 = await ipv6LoopbackAvailable();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const SEEDED_KEYS = 5;

/** How many GET commands Redis rejected (wrong number of arguments), from INFO commandstats. */
async function rejectedGets(server: RedisServer): Promise<number> {
  const stats = await redisCommands(server, [['INFO', 'commandstats']]);
  return Number(/cmdstat_get:[^\r\n]*rejected_calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

function scan(target: string): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(target)], []), RULES, SETTINGS);
}

describe.skipIf(!redis)('Redis, real redis-server', () => {
  let open: RedisServer;
  let locked: RedisServer;

  beforeAll(async () => {
    [open, locked] = await Promise.all([startRedis(), startRedis({ password: 'correct horse battery staple' })]);
    await seedRedis(open, SEEDED_KEYS);
    await seedRedis(locked, 2);
  });
  afterAll(stopAll);

  it('reports an open Redis once, critical, with its real version and key count', async () => {
    const outcome = await scan(`127.0.0.1:${open.port}`);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'redis-unauthenticated');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'redis',
      version: redis!.version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'redis', tls: false },
    });
    expect(finding!.evidence).toMatchObject({
      command: 'INFO',
      keys: SEEDED_KEYS,
      databases: ['db0'],
      mode: 'standalone',
      role: 'master',
    });
  });

  it('identifies Redis on a port no probe hints at, from its reply to the stray GET', async () => {
    // A free port is never 6379, so the raw `GET /` goes first; Redis's error reply to it must
    // move the Redis probe to the front rather than the scan giving up on an unknown service.
    expect([6379, 6380, 16379, 26379]).not.toContain(open.port);
    const before = await rejectedGets(open);
    const outcome = await scan(`127.0.0.1:${open.port}`);
    expect(outcome.stats).toMatchObject({ endpoints: 1, open: 1, identified: 1 });
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: open.port,
        protocol: 'redis',
        tls: false,
        product: 'redis',
        version: redis!.version,
        access: 'open',
      },
    ]);
    // `GET / HTTP/1.1` is a GET with two arguments to Redis: one rejected call is proof it went first.
    expect(await rejectedGets(open)).toBe(before + 1);
  });

  it('does not report a Redis with requirepass, but lists it as auth-required', async () => {
    const outcome = await scan(`127.0.0.1:${locked.port}`);
    expect(outcome.findings.filter((finding) => finding.ruleId === 'redis-unauthenticated')).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: locked.port,
        protocol: 'redis',
        tls: false,
        product: 'redis',
        access: 'auth-required',
      },
    ]);
  });
});

describe.skipIf(!redis || !ipv6)('Redis on IPv6 loopback, real redis-server', () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedis({ bind: '::1' });
    await seedRedis(server, 1);
  });
  afterAll(stopAll);

  it('reports an open Redis reached as [::1]:port', async () => {
    const outcome = await scan(`[::1]:${server.port}`);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'redis-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      version: redis!.version,
      target: { host: '::1', port: server.port, protocol: 'redis' },
      evidence: { keys: 1 },
    });
  });
});
