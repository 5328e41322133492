// Real phpMyAdmin (Debian's phpmyadmin package) under PHP's built-in web server, logging in to a
// real MariaDB started for this file, each on free loopback ports (never the machine's 3306). The
// package's configuration in /etc/phpmyadmin is not touched: every server runs from a temp tree
// with its own config.inc.php (test/helpers/services-consoles.ts). One scan per configuration:
// cookie and HTTP authentication (login page public), config authentication (open), and the
// protected ones: HTTP authentication in front, config authentication with a wrong password.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  mariadbTools,
  PHP_PAGE_TIMEOUT_MS,
  phpMyAdminVersion,
  startMariaDB,
  startPhpMyAdmin,
  stopAll,
  type MariaDbServer,
  type PhpMyAdminOptions,
  type PhpServer,
} from '../helpers/services-consoles.js';

const version = phpMyAdminVersion();
const mariadb = version ? mariadbTools() : undefined;
const NOW = new Date('2026-11-25T00:00:00Z');
const MY_RULES = ['phpmyadmin-login-exposed', 'phpmyadmin-unauthenticated'];

function scan(port: number): Promise<ScanOutcome> {
  return runScan(
    expandTargets([parseTarget(`127.0.0.1:${port}`)], []),
    RULES,
    { concurrency: 4, perHost: 4, rate: 0, timeoutMs: PHP_PAGE_TIMEOUT_MS },
    { now: () => NOW },
  );
}

const of = (outcome: ScanOutcome, ruleId: string): Finding[] =>
  outcome.findings.filter((finding) => finding.ruleId === ruleId);
const mine = (outcome: ScanOutcome): string[] =>
  outcome.findings.filter((finding) => MY_RULES.includes(finding.ruleId)).map((finding) => finding.ruleId);

describe.skipIf(!version || !mariadb)('phpMyAdmin, real PHP server and MariaDB', () => {
  let database: MariaDbServer;
  const servers: PhpServer[] = [];
  const start = async (options: Omit<PhpMyAdminOptions, 'database'> & { wrongPassword?: boolean }) => {
    const server = await startPhpMyAdmin({
      ...options,
      database: {
        port: database.port,
        password: options.wrongPassword ? `${database.rootPassword}-wrong` : database.rootPassword,
      },
    });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await startMariaDB({ rootPassword: `pw-${Math.random().toString(36).slice(2)}` });
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  afterAll(stopAll);

  it('reports the login page of phpMyAdmin with cookie authentication as medium, with its version', async () => {
    const server = await start({ auth: 'cookie', mount: '/' });
    const outcome = await scan(server.port);

    expect(mine(outcome)).toEqual(['phpmyadmin-login-exposed']);
    expect(of(outcome, 'phpmyadmin-login-exposed')[0]).toMatchObject({
      severity: 'medium',
      confidence: 'confirmed',
      product: 'phpmyadmin',
      version,
      target: { host: '127.0.0.1', port: server.port, protocol: 'http', tls: false },
      evidence: {
        path: '/',
        authType: 'cookie',
        signals: expect.arrayContaining(['phpMyAdmin login form (pma_username, pma_password)']),
      },
    });
    expect(outcome.services).toEqual(
      expect.arrayContaining([expect.objectContaining({ product: 'phpmyadmin', version, access: 'auth-required' })]),
    );
    // phpMyAdmin at the root: /phpmyadmin/ is not worth asking.
    expect(server.requests().map((line) => line.split(' ')[1])).not.toContain('/phpmyadmin/');
  });

  it('reports phpMyAdmin with config authentication under /phpmyadmin/ of a PHP site as critical, naming the server', async () => {
    const server = await start({ auth: 'config', mount: '/phpmyadmin/' });
    const outcome = await scan(server.port);

    expect(mine(outcome)).toEqual(['phpmyadmin-unauthenticated']);
    expect(of(outcome, 'phpmyadmin-unauthenticated')[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'phpmyadmin',
      version,
      target: { port: server.port, protocol: 'http' },
      evidence: {
        path: '/phpmyadmin/',
        authType: 'config',
        databaseServer: expect.stringContaining(database.version),
        databaseUser: 'root@localhost',
        databaseNames: expect.arrayContaining(['information_schema', 'mysql']),
        signals: expect.arrayContaining([
          'home page served without login (logged_in: true, server menu links)',
          'Database server panel names the server version',
        ]),
      },
    });
    expect(server.requests()).toContain('GET /phpmyadmin/ 200');
    // Metadata only: the stored password never reaches the report.
    expect(JSON.stringify(outcome)).not.toContain(database.rootPassword);
  });

  it('reports phpMyAdmin’s own HTTP authentication prompt as a public login', async () => {
    const server = await start({ auth: 'http', mount: '/' });
    const outcome = await scan(server.port);

    expect(mine(outcome)).toEqual(['phpmyadmin-login-exposed']);
    expect(of(outcome, 'phpmyadmin-login-exposed')[0]).toMatchObject({
      severity: 'medium',
      version,
      evidence: { authType: 'http' },
    });
  });

  it('reports nothing for phpMyAdmin behind the web server’s HTTP authentication', async () => {
    const server = await start({ auth: 'config', mount: '/phpmyadmin/', basicAuth: true });
    const outcome = await scan(server.port);

    expect(mine(outcome)).toEqual([]);
    expect(outcome.services.filter((service) => service.product === 'phpmyadmin')).toEqual([]);
    expect(server.requests().every((line) => line.endsWith(' 401'))).toBe(true);
  });

  it('reports nothing for config authentication whose stored password the database refuses', async () => {
    const server = await start({ auth: 'config', mount: '/', wrongPassword: true });
    const outcome = await scan(server.port);

    expect(mine(outcome)).toEqual([]);
    // Recognised, but neither open nor a login page.
    expect(outcome.services).toEqual(
      expect.arrayContaining([expect.objectContaining({ product: 'phpmyadmin', version, access: 'unknown' })]),
    );
  });
});
