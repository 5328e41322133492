// Real Prometheus (Debian's package), started by the test on free loopback ports of its own:
// one open, one with basic_auth_users in --web.config.file. The whole scan runs against each:
// identification, the fingerprint's follow-up GETs, every shipped rule, scoring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  PROMETHEUS_PARAMS_TOKEN,
  prometheusBinary,
  startPrometheus,
  type PrometheusServer,
} from '../helpers/services-observability.js';
import { stopAll } from '../helpers/services.js';

const prometheus = prometheusBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const NOW = new Date('2026-11-25T00:00:00Z');

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, { now: () => NOW });
}

describe.skipIf(!prometheus)('Prometheus, real server', () => {
  let open: PrometheusServer;
  let locked: PrometheusServer;

  beforeAll(async () => {
    [open, locked] = await Promise.all([startPrometheus(), startPrometheus({ basicAuth: true })]);
  }, 60_000);
  afterAll(stopAll);

  it('reports an open Prometheus, high, with its version and configuration counts', async () => {
    const outcome = await scan(open.port);
    // A free port is never 9090: the root's redirect to the UI is what sent the follow-ups.
    expect(open.port).not.toBe(9090);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'prometheus-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'prometheus',
      version: prometheus!.version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'http', tls: false },
      evidence: { path: '/api/v1/status/config', jobs: open.jobs, staticTargets: open.staticTargets, discovery: [] },
    });
    expect(findings[0]!.evidence.signals).toEqual(
      expect.arrayContaining([
        '/api/v1/status/buildinfo returned the build document',
        '/api/v1/status/config returned the configuration',
      ]),
    );
    // The configuration was read, but none of it is in the report: not a token, not a target.
    const report = JSON.stringify(outcome);
    for (const leak of [PROMETHEUS_PARAMS_TOKEN, 'scrape-password-never-in-a-report', 'scraper', '127.0.0.2'])
      expect(report).not.toContain(leak);
  });

  it('reports nothing for a Prometheus behind basic auth', async () => {
    const outcome = await scan(locked.port);
    expect(
      outcome.findings.filter(
        (finding) => finding.ruleId === 'prometheus-unauthenticated' || finding.product === 'prometheus',
      ),
    ).toEqual([]);
    // Every path answers a bare 401 naming nothing: reachable over HTTP, not claimed as Prometheus.
    expect(outcome.services).toEqual([
      expect.objectContaining({ host: '127.0.0.1', port: locked.port, protocol: 'http', tls: false }),
    ]);
    expect(outcome.services.filter((service) => service.product === 'prometheus')).toEqual([]);
  });
});
