// Real Mosquitto (Debian package mosquitto), started by the test with its own configuration in a
// temp dir, on free loopback ports (never the machine's 1883): `allow_anonymous true`, and
// `allow_anonymous false` with a password file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { eventually } from '../helpers/services.js';
import { mosquittoBinary, startMosquitto, stopAll, type MosquittoServer } from '../helpers/services-wire.js';

const mosquitto = mosquittoBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };

function scan(server: MosquittoServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) => outcome.findings.filter((finding) => finding.ruleId === 'mqtt-anonymous');

describe.skipIf(!mosquitto)('MQTT, real Mosquitto', () => {
  let anonymous: MosquittoServer;
  let locked: MosquittoServer;

  beforeAll(async () => {
    [anonymous, locked] = await Promise.all([
      startMosquitto({ anonymous: true }),
      startMosquitto({ anonymous: false }),
    ]);
  });
  afterAll(stopAll);

  it('reports a broker that allows anonymous clients once, high', async () => {
    const outcome = await scan(anonymous);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'mqtt',
      target: { host: '127.0.0.1', port: anonymous.port, protocol: 'mqtt', tls: false },
      evidence: { returnCode: 0, sessionPresent: false },
    });
  });

  it('disconnects cleanly, with a random client id and nothing else: the broker logs DISCONNECT, no subscription, no publish', async () => {
    const probeLines = () =>
      anonymous
        .log()
        .split('\n')
        .filter((line) => /exposcan-[0-9a-f]{12}/.test(line));
    const before = probeLines().length;
    await scan(anonymous);
    // Mosquitto flushes its log late: an earlier scan's DISCONNECT can land after `before`, so
    // follow this scan's own client id from its connect line to its DISCONNECT.
    const connectOf = (line: string) =>
      /New client connected from 127\.0\.0\.1:\d+ as (exposcan-[0-9a-f]{12}) \(p2, c1, k30\)/.exec(line)?.[1];
    const lines = await eventually(probeLines, (found) => {
      const id = found.slice(before).map(connectOf).find(Boolean);
      return id !== undefined && found.some((line) => line.endsWith(`Received DISCONNECT from ${id}`));
    });
    const mine = lines.slice(before);
    const id = mine.map(connectOf).find(Boolean);
    expect(id, mine.join('\n')).toBeDefined();
    expect(lines.some((line) => line.endsWith(`Received DISCONNECT from ${id}`))).toBe(true);
    expect(
      mine.filter((line) =>
        /SUBSCRIBE|PUBLISH|disconnected, not authorised|closed its connection|exceeded timeout/i.test(line),
      ),
    ).toEqual([]);
  });

  it('does not report a broker with allow_anonymous false, and lists it as auth-required', async () => {
    const outcome = await scan(locked);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      { host: '127.0.0.1', port: locked.port, protocol: 'mqtt', tls: false, product: 'mqtt', access: 'auth-required' },
    ]);
  });
});
