// Cassandra is not packaged for Debian and ScyllaDB not at all, so the whole scan runs against
// test/emulators/cassandra.ts: a loopback server built from the CQL native protocol v4
// specification (no real server, no recorded capture). Profiles: no authenticator (READY),
// PasswordAuthenticator (AUTHENTICATE), ScyllaDB without authentication, and a server that only
// speaks protocol v3.
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { startCassandraEmulator, type CassandraEmulator, type CassandraProfile } from '../emulators/cassandra.js';

const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const started: CassandraEmulator[] = [];
afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

async function emulator(profile: CassandraProfile): Promise<CassandraEmulator> {
  const server = await startCassandraEmulator(profile);
  started.push(server);
  return server;
}

function scan(server: CassandraEmulator): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId === 'cassandra-unauthenticated');
const OPTIONS = 0x05;
const STARTUP = 0x01;

describe('Cassandra, emulated from the protocol specification', () => {
  it('reports a server without an authenticator once, critical, after OPTIONS and STARTUP only', async () => {
    const server = await emulator('open');
    const outcome = await scan(server);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'cassandra',
      target: { host: '127.0.0.1', port: server.port, protocol: 'cassandra', tls: false },
      evidence: {
        requests: ['OPTIONS', 'STARTUP'],
        startupReply: 'READY',
        cqlVersions: ['3.4.5'],
        protocolVersions: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
      },
    });
    // The server's own CQL version goes back in STARTUP; nothing follows it (no QUERY, no credentials).
    expect(server.requests.map((request) => [request.version, request.opcode])).toEqual([
      [4, OPTIONS],
      [4, STARTUP],
    ]);
    expect(server.requests[1]!.options).toEqual({ CQL_VERSION: '3.4.5' });
  });

  it('does not report PasswordAuthenticator, and lists the server as auth-required', async () => {
    const server = await emulator('password');
    const outcome = await scan(server);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: server.port,
        protocol: 'cassandra',
        tls: false,
        product: 'cassandra',
        access: 'auth-required',
      },
    ]);
    expect(server.requests.map((request) => request.opcode)).toEqual([OPTIONS, STARTUP]);
  });

  it('names ScyllaDB from its SUPPORTED options', async () => {
    const server = await emulator('scylla-open');
    const findings = findingsOf(await scan(server));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ product: 'scylladb', evidence: { cqlVersions: ['3.3.1'] } });
    expect(findings[0]!.message).toMatch(/^ScyllaDB answered STARTUP with READY/);
  });

  it('identifies a server that does not speak v4 from its protocol error, without a finding', async () => {
    const server = await emulator('v3-only');
    const outcome = await scan(server);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: server.port,
        protocol: 'cassandra',
        tls: false,
        product: 'cassandra',
        access: 'unknown',
      },
    ]);
  });
});
