// Real ClickHouse (Debian's package), started by the test on free loopback ports of its own: one
// whose `default` user has an empty password, one where it has a password. Both the HTTP port
// and the native port are scanned, each as a whole scan on a port no probe hints at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { clickhouseBinary, startClickhouse, type ClickhouseServer } from '../helpers/services-observability.js';
import { stopAll } from '../helpers/services.js';

const clickhouse = clickhouseBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const NOW = new Date('2026-11-25T00:00:00Z');

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, { now: () => NOW });
}

const PASSWORD = 'clickhouse-password-never-in-a-report';

describe.skipIf(!clickhouse)('ClickHouse, real server', () => {
  let open: ClickhouseServer;
  let locked: ClickhouseServer;

  beforeAll(async () => {
    [open, locked] = await Promise.all([startClickhouse(), startClickhouse({ password: PASSWORD })]);
  }, 60_000);
  afterAll(stopAll);

  it('reports the open HTTP interface, critical, with the server’s version', async () => {
    const outcome = await scan(open.httpPort);
    expect(open.httpPort).not.toBe(8123);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'clickhouse-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'clickhouse',
      version: open.version,
      target: { host: '127.0.0.1', port: open.httpPort, protocol: 'http', tls: false },
      evidence: { interface: 'http', user: 'default' },
    });
  });

  it('reports the open native port, reached after its HTTP answer to the stray GET', async () => {
    const outcome = await scan(open.port);
    expect(open.port).not.toBe(9000);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'clickhouse-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'clickhouse',
      version: open.version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'clickhouse', tls: false },
      evidence: { interface: 'native', user: 'default' },
    });
  });

  it('reports nothing on either port where default has a password, and lists both as asking for one', async () => {
    const [http, native] = await Promise.all([scan(locked.httpPort), scan(locked.port)]);
    for (const outcome of [http, native]) {
      expect(outcome.findings.filter((finding) => finding.ruleId === 'clickhouse-unauthenticated')).toEqual([]);
      expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    }
    const clickhouseIn = (outcome: ScanOutcome) =>
      outcome.services.filter((service) => service.product === 'clickhouse');
    expect(clickhouseIn(http)).toEqual([
      {
        host: '127.0.0.1',
        port: locked.httpPort,
        protocol: 'http',
        tls: false,
        product: 'clickhouse',
        access: 'auth-required',
      },
    ]);
    expect(clickhouseIn(native)).toEqual([
      {
        host: '127.0.0.1',
        port: locked.port,
        protocol: 'clickhouse',
        tls: false,
        product: 'clickhouse',
        access: 'auth-required',
      },
    ]);
  });
});
