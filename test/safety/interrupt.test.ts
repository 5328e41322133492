// SIGINT and SIGTERM mid-scan, through the built CLI. The scan covers a real, open redis-server
// (started here on a free port, seeded with keys) first, then purpose-built tarpits (loopback
// listeners that accept and never say a word, so a probe waits its whole timeout), then a range
// that is never reached. The signal is sent once Redis is surely done: with two workers, a second
// tarpit is only entered by the worker that finished Redis. The report must be valid, marked
// partial, and hold what was done. A second signal must end the process at once: shown with
// purpose-built servers that answer like Prometheus and then hang on its API.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { SPOOL_FILE } from '../../src/scan/journal.js';
import { redisBinary, seedRedis, startRedis, stopAll, type RedisServer } from '../helpers/services.js';
import { startCli } from './run-cli.js';

/** Probes wait this long on a tarpit: far longer than any assertion below waits for an exit. */
const PROBE_TIMEOUT = '60s';
/** An interrupted scan must be gone well within the probe timeout (the signal cuts probes short). */
const EXIT_WITHIN_MS = 30_000;

interface Tarpit {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Connections that sent a request: only identification sends one (discovery only connects). */
  requested: number;
  close(): Promise<void>;
}

async function startTarpit(onConnection: () => void): Promise<Tarpit> {
  const sockets = new Set<net.Socket>();
  const tarpit: Tarpit = { port: 0, connections: 0, requested: 0, close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      tarpit.requested++;
      onConnection();
    });
    socket.resume();
    tarpit.connections++;
    onConnection();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  tarpit.port = (server.address() as net.AddressInfo).port;
  tarpit.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return tarpit;
}

describe.skipIf(!redisBinary())('an interrupted scan', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-interrupt-'));
  let redis: RedisServer;
  const tarpits: Tarpit[] = [];
  let changed: () => void = () => undefined;

  beforeAll(async () => {
    redis = await startRedis();
    await seedRedis(redis, 5);
    for (let index = 0; index < 6; index++) tarpits.push(await startTarpit(() => changed()));
  });

  afterAll(async () => {
    await Promise.all(tarpits.map((tarpit) => tarpit.close()));
    await stopAll();
  }, 60_000);

  /** Starts a scan: Redis, then the tarpits, then a range on the first tarpit's port (refused there). */
  function startScan(out: string) {
    const targets = [
      `127.0.0.1:${redis.port}`,
      ...tarpits.map((tarpit) => `127.0.0.1:${tarpit.port}`),
      '127.0.0.16/28',
    ];
    const args = ['scan', ...targets.flatMap((target) => ['--target', target]), '--ports', String(tarpits[0]!.port)];
    args.push('--timeout', PROBE_TIMEOUT, '--concurrency', '2', '--out', out, '--format', 'md', '--no-history');
    return startCli(args, { timeoutMs: 120_000 });
  }

  /**
   * Resolves once Redis's finding is in the spool (it is appended the moment Redis is identified)
   * and two tarpits are held in identification. The probing order is a permutation and discovery
   * connects to every endpoint first (and hands that connection to identification), so neither
   * the order nor a tarpit's connection says where the scan is: the spool and a request arriving
   * at a tarpit (identification's probe) do.
   */
  async function whenRedisIsDone(out: string): Promise<void> {
    const spool = join(out, SPOOL_FILE);
    for (;;) {
      const redisDone = existsSync(spool) && readFileSync(spool, 'utf8').includes('redis-unauthenticated');
      if (redisDone && tarpits.filter((tarpit) => tarpit.requested >= 1).length >= 2) return;
      await new Promise<void>((resolve) => {
        changed = resolve;
        // The spool is a file: looked at again on the next connection, or every 50 ms.
        setTimeout(resolve, 50);
      });
    }
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s writes a valid report marked partial, with the findings of what was done, and exits 2',
    async (signal) => {
      const out = join(work, signal);
      const scan = startScan(out);
      await whenRedisIsDone(out);
      const sentAt = Date.now();
      scan.child.kill(signal);
      const code = await scan.exited;
      const elapsed = Date.now() - sentAt;

      expect(code, scan.output.stderr).toBe(2);
      expect(elapsed).toBeLessThan(EXIT_WITHIN_MS);
      expect(scan.output.stderr).toContain(`${signal} received; finishing the report`);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
      expect(reportProblem(report)).toBeUndefined();
      expect(report.scan.partial).toBe(true);
      expect(report.scan.stats.endpoints).toBeGreaterThan(0);
      // Redis was probed before the signal: its finding is in the report, with what it proved.
      const found = report.findings.find((finding) => finding.ruleId === 'redis-unauthenticated');
      expect(found?.target).toMatchObject({ host: '127.0.0.1', port: redis.port });
      expect(found?.evidence.keys).toBe(5);
      // The tarpits held when the signal came were not checked: not counted as endpoints done.
      expect(report.scan.stats.endpoints).toBeLessThan(1 + tarpits.length + 16);
      // The other formats say so too.
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/partial/i);
    },
    120_000,
  );

  it('a second signal ends it at once, without waiting for the report', async () => {
    // Finishing takes an event-loop turn or more here: each worker is inside an HTTP follow-up
    // (Prometheus' API, which these servers never answer), whose connection must close first.
    const hung: string[] = [];
    let bothHung: () => void = () => undefined;
    const slow = await Promise.all(
      [0, 1].map(() =>
        startSlowPrometheus((path) => {
          hung.push(path);
          if (hung.length >= 2) bothHung();
        }),
      ),
    );
    try {
      const out = join(work, 'twice');
      const args = [
        'scan',
        ...slow.flatMap((server) => ['--target', `127.0.0.1:${server.port}`]),
        '--timeout',
        PROBE_TIMEOUT,
        '--concurrency',
        '2',
        '--out',
        out,
        '--no-history',
      ];
      const scan = startCli(args, { timeoutMs: 120_000 });
      await new Promise<void>((resolve) => (bothHung = resolve));
      // Both signals must arrive before the first is handled: held while stopped, delivered together.
      scan.child.kill('SIGSTOP');
      scan.child.kill('SIGINT');
      scan.child.kill('SIGTERM');
      const sentAt = Date.now();
      scan.child.kill('SIGCONT');
      const code = await scan.exited;
      expect(Date.now() - sentAt).toBeLessThan(EXIT_WITHIN_MS);
      expect(code, scan.output.stderr).toBe(130);
      // The first signal's notice, and no report after it: the second did not wait for one.
      expect(scan.output.stderr).toMatch(/(SIGINT|SIGTERM) received/);
      expect(existsSync(join(out, 'report.json'))).toBe(false);
    } finally {
      await Promise.all(slow.map((server) => server.close()));
    }
  }, 120_000);
});

/** Answers `GET /` as Prometheus does (a redirect to its UI), then never answers its API. */
async function startSlowPrometheus(onHang: (path: string) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(302, { location: '/graph', 'content-type': 'text/html' });
      res.end('<a href="/graph">Found</a>.\n');
      return;
    }
    onHang(req.url ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
