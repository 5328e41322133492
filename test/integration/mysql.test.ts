// Real MariaDB (Debian package mariadb-server), started by the test: throwaway servers
// (mariadb-install-db into a temp dir, mariadbd on a free loopback port with its own socket and
// pid file, never the machine's 3306):
//   empty-root     installed with --auth-root-authentication-method=normal: root has no password
//   root-password  the same, then every root account given a password (ALTER USER over the socket)
//   anonymous      root-password plus an anonymous account ''@127.0.0.1 without a password
//   unix-socket    the default install: root logs in through the unix socket only
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { mariadbTools, startMariadb, stopAll, type MariadbServer } from '../helpers/services-wire.js';

const tools = mariadbTools();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };

function scan(server: MariadbServer): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId === 'mysql-empty-password');

/** Global status counters: what the server saw of the probe's sessions. */
async function status(server: MariadbServer): Promise<Map<string, number>> {
  const text = await server.sql(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Aborted_clients', 'Aborted_connects', 'Questions', 'Connections') OR Variable_name LIKE 'Com\\_%'",
  );
  return new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.split('\t')[0]!, Number(line.split('\t')[1])]),
  );
}

describe.skipIf(!tools)('MariaDB, real server', () => {
  let emptyRoot: MariadbServer;
  let rootPassword: MariadbServer;
  let anonymous: MariadbServer;
  let unixSocket: MariadbServer;

  beforeAll(async () => {
    // One at a time: four InnoDB start-ups at once crowd two cores.
    emptyRoot = await startMariadb('empty-root');
    rootPassword = await startMariadb('root-password');
    anonymous = await startMariadb('anonymous');
    unixSocket = await startMariadb('unix-socket');
  }, 240_000);
  afterAll(stopAll);

  it('reports root with an empty password once, critical, with the real version', async () => {
    const outcome = await scan(emptyRoot);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'mariadb',
      version: emptyRoot.version,
      target: { host: '127.0.0.1', port: emptyRoot.port, protocol: 'mysql', tls: false },
      evidence: { user: 'root', account: 'root', login: 'empty password' },
    });
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: emptyRoot.port,
        protocol: 'mysql',
        tls: false,
        product: 'mariadb',
        version: emptyRoot.version,
        access: 'open',
      },
    ]);
  });

  it('tries no login at all when only a rule reading every protocol (end of life) is selected', async () => {
    const before = await status(emptyRoot);
    const eolOnly = RULES.filter((rule) => rule.meta.id === 'software-end-of-life');
    const outcome = await runScan(expandTargets([parseTarget(`127.0.0.1:${emptyRoot.port}`)], []), eolOnly, SETTINGS, {
      now: () => new Date('2026-11-25T00:00:00Z'),
    });
    // The greeting names the version; the access stays unknown because nothing was sent.
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'mariadb', version: emptyRoot.version, access: 'unknown' }),
    ]);
    const after = await status(emptyRoot);
    // Our own status query is one more connection; a login attempt would have been a second.
    expect(after.get('Connections')! - before.get('Connections')!).toBe(2);
  });

  it('logs in and says goodbye: no query, no aborted session', async () => {
    // The status client is a session of its own with a few statements: measure it alone first.
    const first = await status(emptyRoot);
    const second = await status(emptyRoot);
    await scan(emptyRoot);
    const third = await status(emptyRoot);
    const delta = (name: string, from: Map<string, number>, to: Map<string, number>) => to.get(name)! - from.get(name)!;
    // Every Com_* counter (one per statement or command type) moved only by the status client's own.
    const commands = [...first.keys()].filter((name) => name.startsWith('Com_'));
    expect(commands.length).toBeGreaterThan(100);
    for (const name of commands) expect(delta(name, second, third), name).toBe(delta(name, first, second));
    // MariaDB counts COM_QUIT as a question: the probe's only one.
    expect(delta('Questions', second, third), 'COM_QUIT and nothing else').toBe(delta('Questions', first, second) + 1);
    expect(delta('Connections', second, third), 'one connection for the probe').toBe(
      delta('Connections', first, second) + 1,
    );
    expect(delta('Aborted_clients', second, third), 'COM_QUIT, not a hang-up').toBe(0);
    expect(delta('Aborted_connects', second, third)).toBe(0);
  });

  it('does not report root with a password, and lists the server as auth-required', async () => {
    const outcome = await scan(rootPassword);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: rootPassword.port,
        protocol: 'mysql',
        tls: false,
        product: 'mariadb',
        version: rootPassword.version,
        access: 'auth-required',
      },
    ]);
  });

  it('reports the anonymous account when root is refused', async () => {
    const outcome = await scan(anonymous);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ product: 'mariadb', evidence: { user: '', account: 'anonymous' } });
    expect(findings[0]!.message).toMatch(/anonymous account/);
  });

  it('does not report the default install, where root logs in through the unix socket only', async () => {
    const outcome = await scan(unixSocket);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: unixSocket.port,
        protocol: 'mysql',
        tls: false,
        product: 'mariadb',
        version: unixSocket.version,
        access: 'auth-required',
      },
    ]);
  });
});
