// Real PostgreSQL 15, started by the test: two throwaway clusters (initdb in a temp dir, a free
// loopback port each, never the machine's 5432), one with trust authentication, one with SCRAM.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { eventually, postgresTools, startPostgres, stopAll, type PostgresServer } from '../helpers/services.js';

const tools = postgresTools();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };

function scan(server: PostgresServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS);
}

function disconnections(server: PostgresServer, application: string): number {
  return sessionLines(server, application).filter((line) => line.includes('disconnection:')).length;
}

/** Log lines of sessions with this application_name (the probe sends `exposcan`). */
function sessionLines(server: PostgresServer, application: string): string[] {
  return server
    .log()
    .split('\n')
    .filter((line) => line.includes(` app=${application} `));
}

describe.skipIf(!tools)('PostgreSQL, real server', () => {
  let trust: PostgresServer;
  let scram: PostgresServer;

  beforeAll(async () => {
    // debugLog: a client that disconnects without Terminate is only logged at DEBUG1.
    [trust, scram] = await Promise.all([
      startPostgres({ auth: 'trust', debugLog: true }),
      startPostgres({ auth: 'scram-sha-256' }),
    ]);
  });
  afterAll(stopAll);

  it('reports trust authentication once, critical, with the server version', async () => {
    const outcome = await scan(trust);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'postgres-trust-auth');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'postgresql',
      version: tools!.version,
      target: { host: '127.0.0.1', port: trust.port, protocol: 'postgresql', tls: false },
      evidence: { user: 'postgres', database: 'postgres', errorAfterAuthentication: null },
    });
  });

  it('says goodbye with Terminate: the server logs no lost client', async () => {
    const ended = () => disconnections(trust, 'exposcan');
    const before = ended();
    await scan(trust);
    // Wait until the probe's session has ended (log_disconnections), then read what it left behind.
    expect(await eventually(ended, (count) => count > before)).toBe(before + 1);
    expect(
      sessionLines(trust, 'exposcan').filter((line) =>
        /unexpected EOF|could not receive data|connection reset/i.test(line),
      ),
    ).toEqual([]);
  });

  it('(control) a client that hangs up without Terminate is logged, so the check above can fail', async () => {
    await hangUpAfterStartup(trust.port, 'hangup-control');
    await eventually(
      () => disconnections(trust, 'hangup-control'),
      (count) => count > 0,
    );
    expect(
      sessionLines(trust, 'hangup-control').some((line) => line.includes('unexpected EOF on client connection')),
    ).toBe(true);
  });

  it('does not report a SCRAM-protected server, but lists it as auth-required', async () => {
    const outcome = await scan(scram);
    expect(outcome.findings.filter((finding) => finding.ruleId === 'postgres-trust-auth')).toEqual([]);
    // The version is only sent after authentication, so a locked server has none. (The scan found
    // it on a free port by trying probes in turn: PostgreSQL hangs up on the stray GET silently,
    // logging "invalid length of startup packet", so there is no stray reply to recognise.)
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: scram.port,
        protocol: 'postgresql',
        tls: false,
        product: 'postgresql',
        access: 'auth-required',
      },
    ]);
  });
});

/**
 * Starts a session (trust lets it in), waits for ReadyForQuery, then closes without Terminate.
 * The StartupMessage is built here from the protocol docs, independently of the code under test.
 */
function hangUpAfterStartup(port: number, application: string): Promise<void> {
  const pairs = Buffer.from(`user\0postgres\0database\0postgres\0application_name\0${application}\0\0`);
  const request = Buffer.alloc(8 + pairs.length);
  request.writeInt32BE(request.length, 0);
  request.writeInt32BE(3 << 16, 4); // protocol 3.0
  pairs.copy(request, 8);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // ReadyForQuery ('Z', length 5, status 'I') ends the startup.
      if (received.includes(Buffer.from([0x5a, 0, 0, 0, 5]))) socket.end();
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
