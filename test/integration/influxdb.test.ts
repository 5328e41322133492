// Real InfluxDB 1.6.7 (Debian package influxdb), started by the test on free loopback ports: one
// with the 1.x default (auth off), one with `auth-enabled = true` and an admin user, where /query
// asks for credentials but /ping and /debug/vars still answer anyone. 1.6.7 has no
// `pprof-auth-enabled` (1.7.10+), so the near miss that hides /debug/vars too is the recorded-
// response emulator's (test/rules/influxdb/influxdb-debug-vars-exposed.test.ts, consoles-b.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { influxdBinary, startInfluxdb } from '../helpers/services-influxdb.js';
import { stopAll, type RunningService } from '../helpers/services.js';

const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 5000 };
const influxd = influxdBinary();

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const influxFindings = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId.startsWith('influxdb-'));

describe.skipIf(!influxd)('InfluxDB 1.x, real server', () => {
  let open: RunningService;
  let auth: RunningService;

  beforeAll(async () => {
    [open, auth] = await Promise.all([startInfluxdb(), startInfluxdb({ auth: true })]);
  }, 120_000);
  afterAll(stopAll);

  it('auth off: /query answers, influxdb-unauthenticated, high', async () => {
    const findings = influxFindings(await scan(open.port));
    expect(findings.map((finding) => finding.ruleId)).toEqual(['influxdb-unauthenticated']);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      product: 'influxdb',
      evidence: { provenBy: ['query', 'debug/vars'] },
    });
  });

  it('auth on, /debug/vars open: its own state, metadata-only, medium, named for what leaks', async () => {
    const outcome = await scan(auth.port);
    const findings = influxFindings(outcome);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['influxdb-debug-vars-exposed']);
    expect(findings[0]).toMatchObject({
      severity: 'medium',
      product: 'influxdb',
      evidence: { path: '/debug/vars', queryRefused: true },
    });
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'influxdb', access: 'metadata-only' })]);
  });
});
