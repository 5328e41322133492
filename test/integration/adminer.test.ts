// Real Adminer (Debian's adminer package) under PHP's built-in web server, each on a free loopback
// port: the whole scan against it, in the layouts Adminer is found in (a script beside a PHP site,
// the site's root page), behind HTTP authentication, and absent. The PHP server's own request log
// shows what the scanner asked.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  adminerVersion,
  PHP_PAGE_TIMEOUT_MS,
  startAdminer,
  startPlainPhpSite,
  stopAll,
  type PhpServer,
} from '../helpers/services-consoles.js';

const version = adminerVersion();
const NOW = new Date('2026-11-25T00:00:00Z');
// Written out rather than imported from src: the test states what may go on the wire.
const ADMINER_PATHS = ['/adminer.php', '/adminer/'];
const PHP_APP_PATHS = [...ADMINER_PATHS, '/phpmyadmin/'];
// `/`, the PHP applications' paths, and a little room for other products' follow-ups: never dozens.
const MAX_REQUESTS = 6;

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
const paths = (server: PhpServer) => server.requests().map((line) => line.split(' ')[1]!);

describe.skipIf(!version)('Adminer, real PHP server', () => {
  const servers: PhpServer[] = [];
  const start = async (...args: Parameters<typeof startAdminer>) => {
    const server = await startAdminer(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  afterAll(stopAll);

  it('reports Adminer as /adminer.php beside a PHP site: medium, with its version, after a few requests', async () => {
    const server = await start({ layout: 'package' });
    const outcome = await scan(server.port);

    const [finding, ...others] = of(outcome, 'adminer-exposed');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'medium',
      confidence: 'confirmed',
      product: 'adminer',
      version,
      target: { host: '127.0.0.1', port: server.port, protocol: 'http', tls: false },
      evidence: { path: '/adminer.php', drivers: expect.arrayContaining(['MySQL', 'PostgreSQL']) },
    });
    expect(outcome.services).toEqual(
      expect.arrayContaining([expect.objectContaining({ product: 'adminer', version, access: 'auth-required' })]),
    );
    // The root is PHP's 404 page: worth the well-known paths, each once, and hardly anything else.
    const asked = paths(server);
    expect(asked[0]).toBe('/');
    for (const path of ADMINER_PATHS) expect(asked.filter((seen) => seen === path)).toHaveLength(1);
    expect(asked.length).toBeLessThanOrEqual(MAX_REQUESTS);
    expect(server.requests()).toContain('GET /adminer.php 200');
  });

  it('reports Adminer served as the site’s root page without asking any other Adminer path', async () => {
    const server = await start({ layout: 'root' });
    const outcome = await scan(server.port);

    expect(of(outcome, 'adminer-exposed')).toEqual([
      expect.objectContaining({
        severity: 'medium',
        product: 'adminer',
        version,
        evidence: expect.objectContaining({ path: '/' }),
      }),
    ]);
    expect(paths(server).filter((path) => ADMINER_PATHS.includes(path))).toEqual([]);
  });

  it('reports nothing for Adminer behind HTTP authentication', async () => {
    const server = await start({ layout: 'package', basicAuth: true });
    const outcome = await scan(server.port);

    expect(of(outcome, 'adminer-exposed')).toEqual([]);
    expect(outcome.services.filter((service) => service.product === 'adminer')).toEqual([]);
    // Every request met the login, none reached Adminer.
    expect(server.requests().every((line) => line.endsWith(' 401'))).toBe(true);
  });

  it('asks a PHP site without Adminer only the few well-known paths, and reports nothing', async () => {
    const server = await startPlainPhpSite();
    servers.push(server);
    const outcome = await scan(server.port);

    expect(of(outcome, 'adminer-exposed')).toEqual([]);
    const asked = paths(server);
    expect(asked[0]).toBe('/');
    expect(asked).toEqual(expect.arrayContaining(PHP_APP_PATHS));
    expect(asked.length).toBeLessThanOrEqual(MAX_REQUESTS);
  });

  it('asks a web server that shows no sign of PHP for none of them', async () => {
    const asked: string[] = [];
    const site = http.createServer((request, response) => {
      asked.push(request.url ?? '');
      response
        .writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.22.1' })
        .end('<html><head><title>Welcome to nginx!</title></head><body>It works.</body></html>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    try {
      const outcome = await scan((site.address() as AddressInfo).port);
      expect(outcome.findings).toEqual([]);
      expect(asked[0]).toBe('/');
      expect(asked.filter((path) => PHP_APP_PATHS.includes(path))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => site.close(() => resolve()));
    }
  });
});
