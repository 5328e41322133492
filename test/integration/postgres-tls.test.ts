// Real PostgreSQL 15 that admits TCP clients over TLS only (`hostssl` lines in pg_hba.conf,
// `ssl = on` with a self-signed certificate), started by the test in a throwaway cluster on a free
// loopback port: one trusting everyone over TLS, and the near miss, SCRAM over TLS. Plain text is
// refused with "no pg_hba.conf entry … no encryption"; the probe then asks for TLS as psql does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { postgresTools, startPostgres, stopAll, type PostgresServer } from '../helpers/services.js';
import { talk } from '../helpers/services-wire.js';
import { startupMessage } from '../../src/probes/wire/postgres.js';

const tools = postgresTools();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 5000 };

function scan(server: PostgresServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS);
}

describe.skipIf(!tools)('PostgreSQL with hostssl only, real server', () => {
  let trust: PostgresServer;
  let scram: PostgresServer;

  beforeAll(async () => {
    [trust, scram] = await Promise.all([
      startPostgres({ auth: 'trust', hostssl: true }),
      startPostgres({ auth: 'scram-sha-256', hostssl: true }),
    ]);
  }, 120_000);
  afterAll(stopAll);

  it('refuses a plain-text startup for want of encryption (what the probe starts from)', async () => {
    const reply = await talk(trust.port, startupMessage('postgres', 'postgres'));
    expect(reply).toMatch(
      /28000.*no pg_hba\.conf entry for host "127\.0\.0\.1", user "postgres", database "postgres", no encryption/s,
    );
  });

  it('hostssl trust: SSLRequest, then the same startup inside TLS logs in as postgres: critical', async () => {
    const outcome = await scan(trust);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'postgres-trust-auth');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'postgresql',
      version: tools!.version,
      evidence: { user: 'postgres', overTls: true },
    });
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'postgresql', access: 'open', version: tools!.version }),
    ]);
    // The TLS session was the probe's: the server logged a connection with SSL on for application exposcan.
    expect(trust.log()).toMatch(
      /connection authorized: user=postgres database=postgres application_name=exposcan SSL enabled/,
    );
  });

  it('near miss, hostssl scram-sha-256: inside TLS the server asks for a password, so nothing is reported', async () => {
    const outcome = await scan(scram);
    expect(outcome.findings.filter((finding) => finding.ruleId === 'postgres-trust-auth')).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'postgresql', access: 'auth-required' })]);
  });
});
