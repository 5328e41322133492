// Real ZooKeeper 3.8 (Debian package zookeeper, on the machine's Java 17), started by the test in
// standalone mode on free loopback ports (never the machine's 2181): one whose four-letter-word
// whitelist holds `mntr` (as monitoring setups do), one with ZooKeeper's default whitelist
// (`srvr` only, since 3.5.3) whose client port is open all the same, and the near miss: the
// default whitelist with enforce.auth.enabled (SASL), where a session cannot read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { startZookeeper, stopAll, talk, zookeeperTools, type ZookeeperServer } from '../helpers/services-wire.js';

const tools = zookeeperTools();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };

function scan(server: ZookeeperServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId === 'zookeeper-unauthenticated');

describe.skipIf(!tools)('ZooKeeper, real server', () => {
  let open: ZookeeperServer;
  let restricted: ZookeeperServer;
  let enforced: ZookeeperServer;
  let version: string;

  beforeAll(async () => {
    [open, restricted, enforced] = await Promise.all([
      startZookeeper({ whitelist: 'mntr, srvr' }),
      startZookeeper(),
      startZookeeper({ enforceAuth: true }),
    ]);
    version = /Zookeeper version: (\d+\.\d+\.\d+)/.exec(await talk(open.port, 'srvr'))![1]!;
  }, 120_000);
  afterAll(stopAll);

  it('reports a ZooKeeper that answers mntr once, high, with its version, state and znode count', async () => {
    const outcome = await scan(open);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'zookeeper',
      version,
      target: { host: '127.0.0.1', port: open.port, protocol: 'zookeeper', tls: false },
      evidence: { command: 'mntr', serverState: 'standalone' },
    });
    // A fresh standalone server holds the built-in znodes (/, /zookeeper, its quota and config nodes).
    expect(findings[0]!.evidence.znodeCount).toBeGreaterThan(0);
  });

  it('reports the default whitelist too: mntr is refused, but a session without credentials lists /', async () => {
    expect(await talk(restricted.port, 'mntr')).toBe('mntr is not executed because it is not in the whitelist.\n');
    const outcome = await scan(restricted);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      version,
      message: `ZooKeeper ${version} opened a session without authentication and listed / (1 children); 5 znodes.`,
      // A fresh server's / holds the built-in /zookeeper node only; srvr gives the mode and node count.
      evidence: {
        command: 'getChildren /',
        rootChildren: 1,
        rootChildNames: ['zookeeper'],
        serverState: 'standalone',
        znodeCount: 5,
      },
    });
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: restricted.port,
        protocol: 'zookeeper',
        tls: false,
        product: 'zookeeper',
        version,
        access: 'open',
      },
    ]);
    // Debian's 3.8.0 is in CVE-2023-44981's range, but that CVE needs SASL quorum authentication,
    // and srvr says this server is standalone: the precondition is visibly false.
    expect(outcome.findings.filter((finding) => finding.evidence.cve === 'CVE-2023-44981')).toEqual([]);
  });

  it('near miss: enforce.auth.enabled refuses the session read for want of SASL, so it is auth-required and not reported', async () => {
    const outcome = await scan(enforced);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: enforced.port,
        protocol: 'zookeeper',
        tls: false,
        product: 'zookeeper',
        version,
        access: 'auth-required',
      },
    ]);
  });
});
