// Real NATS (Debian's nats-server), started by the test with its own configuration in a temp dir,
// on free loopback ports (never the machine's 4222): no authentication, a password, and TLS
// required without credentials. Protocol tracing is on, so the server's own log shows every
// command the scanner sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { eventually } from '../helpers/services.js';
import { natsBinary, startNats, stopAll, type NatsServer } from '../helpers/services-wire.js';

const nats = natsBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const NOW = new Date('2026-11-25T00:00:00Z');

function scan(server: NatsServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => NOW,
  });
}

const of = (outcome: ScanOutcome, ruleId: string) => outcome.findings.filter((finding) => finding.ruleId === ruleId);
/** The commands clients sent, from nats-server's trace (`<<- [CONNECT {...}]`). */
const clientCommands = (log: string) => [...log.matchAll(/<<- \[([A-Z]+)/g)].map((match) => match[1]!);

describe.skipIf(!nats)('NATS, real nats-server', () => {
  let open: NatsServer;
  let locked: NatsServer;
  let tls: NatsServer;

  beforeAll(async () => {
    [open, locked, tls] = await Promise.all([startNats('none'), startNats('password'), startNats('tls')]);
  }, 60_000);
  afterAll(stopAll);

  it('reports a server without authentication once, high and confirmed, with its version; it sent CONNECT and PING, nothing else', async () => {
    const before = clientCommands(open.log()).length;
    const outcome = await scan(open);
    expect(open.port).not.toBe(4222);
    const [finding, ...others] = of(outcome, 'nats-unauthenticated');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'nats',
      version: expect.stringMatching(/^2\.\d+\.\d+/),
      target: { host: '127.0.0.1', port: open.port, protocol: 'nats', tls: false },
      evidence: { request: 'CONNECT (no credentials), PING', authRequired: false, tlsRequired: false },
    });
    expect(finding!.evidence.signals).toEqual(expect.arrayContaining(['PONG to CONNECT and PING without credentials']));
    expect(outcome.services).toEqual([expect.objectContaining({ port: open.port, product: 'nats', access: 'open' })]);
    // The server's trace: this scan's client sent CONNECT and PING only (no SUB, no PUB).
    // The log reaches us through a pipe: wait for this scan's lines, then check they are all there is.
    const sent = await eventually(
      () => clientCommands(open.log()).slice(before),
      (commands) => commands.length >= 2,
    );
    expect(sent).toEqual(['CONNECT', 'PING']);
  });

  it('judges the version against the end-of-life table (Debian 12 ships 2.9, ended by 2025-03-19)', async () => {
    const outcome = await scan(open);
    const version = outcome.services[0]!.version!;
    const eol = of(outcome, 'software-end-of-life');
    if (/^2\.(\d|10|11)\./.test(version)) {
      expect(eol).toEqual([
        expect.objectContaining({ product: 'nats', version, references: ['https://docs.nats.io/release-notes'] }),
      ]);
    } else {
      expect(eol).toEqual([]);
    }
  });

  it('does not report a server with a password: auth-required, from the banner and the refused CONNECT', async () => {
    const outcome = await scan(locked);
    expect(of(outcome, 'nats-unauthenticated')).toEqual([]);
    expect(outcome.services).toEqual([
      expect.objectContaining({ port: locked.port, product: 'nats', access: 'auth-required' }),
    ]);
    // The server's own account of it: a CONNECT with no user, refused.
    const log = await eventually(locked.log, (text) => /Authorization Violation/.test(text));
    expect(log).toMatch(/authentication error - User ""/);
    expect(clientCommands(log)).toEqual(['CONNECT']);
  });

  it('upgrades to TLS when the banner asks for it, and reports a TLS server without authentication', async () => {
    const outcome = await scan(tls);
    const [finding, ...others] = of(outcome, 'nats-unauthenticated');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      confidence: 'confirmed',
      evidence: { tlsRequired: true, request: 'CONNECT (no credentials), PING' },
    });
    expect(
      await eventually(
        () => clientCommands(tls.log()),
        (commands) => commands.length >= 2,
      ),
    ).toEqual(['CONNECT', 'PING']);
  });
});
