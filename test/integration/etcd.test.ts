// Real etcd (Debian's package), started by the test on free loopback ports of its own: one open
// with keys in it, one with authentication enabled (root user, root role, `auth enable`, done
// through the v3 gateway). The whole scan runs against each, including the read-only
// `POST /v3/kv/range` with count_only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { etcdBinary, startEtcd, type EtcdServer } from '../helpers/services-observability.js';
import { stopAll } from '../helpers/services.js';

const etcd = etcdBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const NOW = new Date('2026-11-25T00:00:00Z');

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, { now: () => NOW });
}

describe.skipIf(!etcd)('etcd, real server', () => {
  let open: EtcdServer;
  let locked: EtcdServer;

  beforeAll(async () => {
    [open, locked] = await Promise.all([startEtcd({ keys: 5 }), startEtcd({ keys: 2, auth: true })]);
  }, 60_000);
  afterAll(stopAll);

  it('reports an open etcd, critical, with its version and key count', async () => {
    const outcome = await scan(open.port);
    // A free port is never 2379: the CORS header on the root's 404 is what sent the follow-ups.
    expect(open.port).not.toBe(2379);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'etcd-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'etcd',
      version: etcd!.version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'http', tls: false },
      evidence: { v3Keys: open.keys, v2TopLevelNodes: null, openApis: ['v3'] },
    });
    // Counted, never named.
    expect(JSON.stringify(outcome)).not.toContain('/app/key-');
  });

  it('reports no open etcd where auth is enabled, and lists it as asking for credentials', async () => {
    const outcome = await scan(locked.port);
    expect(outcome.findings.filter((finding) => finding.ruleId === 'etcd-unauthenticated')).toEqual([]);
    expect(outcome.services.filter((service) => service.product === 'etcd')).toEqual([
      {
        host: '127.0.0.1',
        port: locked.port,
        protocol: 'http',
        tls: false,
        product: 'etcd',
        version: etcd!.version,
        access: 'auth-required',
      },
    ]);
  });
});
