// Real InfluxDB 1.x (Debian package influxdb, 1.6.7) for integration tests: its own meta, data and
// WAL directories in a temp dir, its HTTP API and its RPC bind address on free loopback ports
// (never 8086/8088), usage reporting off. With `auth`, `auth-enabled = true` and an admin user
// created by the test (as an operator does; the probe never writes), so /query answers 401.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { type RunningService } from './services.js';
import { spawnTracked, tempDir, waitUntil, withRetries } from './services-wire.js';

export function influxdBinary(): string | undefined {
  return requireBinary('influxd');
}

function request(port: number, method: 'GET' | 'POST', target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const sent = http.request({ host: '127.0.0.1', port, method, path: target, timeout: 5_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', () => resolve({ status: 0, body: '' }));
    sent.on('timeout', () => sent.destroy());
    sent.end();
  });
}

export function startInfluxdb(options: { readonly auth?: boolean } = {}): Promise<RunningService> {
  const binary = influxdBinary();
  if (!binary) throw new Error('influxd is not available (check influxdBinary() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-influxdb-');
    const rpcPort = await freePort();
    // influxd's own defaults, with every path and address moved into the test's reach.
    const config = execFileSync(binary, ['config'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .replace(/^(\s*)dir = "\/var\/lib\/influxdb\/meta"/m, `$1dir = "${path.join(dir, 'meta')}"`)
      .replace(/^(\s*)dir = "\/var\/lib\/influxdb\/data"/m, `$1dir = "${path.join(dir, 'data')}"`)
      .replace(/^(\s*)wal-dir = "\/var\/lib\/influxdb\/wal"/m, `$1wal-dir = "${path.join(dir, 'wal')}"`)
      .replace(/^bind-address = "127\.0\.0\.1:8088"/m, `bind-address = "127.0.0.1:${rpcPort}"`)
      .replace(/^(\s*)bind-address = ":8086"/m, `$1bind-address = "127.0.0.1:${port}"`)
      .replace(/^reporting-disabled = false/m, 'reporting-disabled = true')
      .replace(/^(\s*)auth-enabled = false/m, `$1auth-enabled = ${options.auth ? 'true' : 'false'}`);
    const file = path.join(dir, 'influxdb.conf');
    writeFileSync(file, config);
    const server = spawnTracked(binary, ['run', '-config', file], {
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    });
    try {
      await waitUntil(async () => (await request(port, 'GET', '/ping')).status === 204, server.child, 'influxd');
      if (options.auth) {
        const created = await request(
          port,
          'POST',
          `/query?q=${encodeURIComponent("CREATE USER admin WITH PASSWORD 'lab-secret-influx' WITH ALL PRIVILEGES")}`,
        );
        if (created.status !== 200) throw new Error(`cannot create the admin user: ${created.status} ${created.body}`);
      }
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`influxd did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, log: server.output, stop: server.tracked.stop };
  });
}
