// MQTT over WebSockets, real Mosquitto (Debian package mosquitto 2.0.11, whose libwebsockets is
// built in: `protocol websockets` works), started by the test with its own configuration on free
// loopback ports: a `listener <port> 127.0.0.1` + `protocol websockets` listener, open
// (`allow_anonymous true`) and protected (`allow_anonymous false` with a password file). The ports
// are not 9001/8083, so the probe is reached the way it is on any port.
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

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-12-06T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) => outcome.findings.filter((finding) => finding.ruleId === 'mqtt-anonymous');

describe.skipIf(!mosquitto)('MQTT over WebSockets, real Mosquitto', () => {
  let open: MosquittoServer;
  let locked: MosquittoServer;

  beforeAll(async () => {
    [open, locked] = await Promise.all([
      startMosquitto({ anonymous: true, websockets: true }),
      startMosquitto({ anonymous: false, websockets: true }),
    ]);
  });
  afterAll(stopAll);

  it('reports a WebSocket listener that lets anonymous clients in, once, high, as plain MQTT would be', async () => {
    const outcome = await scan(open.port);
    const findings = findingsOf(outcome);
    expect(findings, JSON.stringify(outcome.services)).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'mqtt',
      target: { host: '127.0.0.1', port: open.port, protocol: 'mqtt', tls: false },
      evidence: { returnCode: 0, sessionPresent: false, websocketPath: '/mqtt' },
    });
    expect(findings[0]!.evidence.signals).toContain('101 Switching Protocols on /mqtt with subprotocol mqtt');
  });

  it('says goodbye over the WebSocket: the broker logs the probe’s DISCONNECT, nothing subscribed or published', async () => {
    const probeLines = () =>
      open
        .log()
        .split('\n')
        .filter((line) => /exposcan-[0-9a-f]{12}/.test(line));
    const before = probeLines().length;
    await scan(open.port);
    const connectOf = (line: string) =>
      /New client connected from 127\.0\.0\.1:\d+ as (exposcan-[0-9a-f]{12}) \(p2, c1, k30\)/.exec(line)?.[1];
    const lines = await eventually(probeLines, (found) => {
      const id = found.slice(before).map(connectOf).find(Boolean);
      return id !== undefined && found.some((line) => line.endsWith(`Received DISCONNECT from ${id}`));
    });
    const mine = lines.slice(before);
    expect(mine.map(connectOf).find(Boolean), open.log()).toBeDefined();
    expect(mine.filter((line) => /SUBSCRIBE|PUBLISH|not authorised|exceeded timeout/i.test(line))).toEqual([]);
  });

  it('(near miss) does not report the listener with allow_anonymous false, and lists it as MQTT, auth-required', async () => {
    const outcome = await scan(locked.port);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      { host: '127.0.0.1', port: locked.port, protocol: 'mqtt', tls: false, product: 'mqtt', access: 'auth-required' },
    ]);
  });

  it('the plain listener beside it is still found by the plain probe, not as WebSockets', async () => {
    const findings = findingsOf(await scan(open.mqttPort!));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).not.toHaveProperty('websocketPath');
  });
});
