// Real container engines for integration tests: Debian's dockerd (package docker.io) and podman's
// Docker-compatible service (package podman), each with data, exec and run directories of its own
// in a temp dir and its API on a free loopback port (never 2375/2376, never /var/run/docker.sock).
// Neither starts a container: the tests only read the API. Both need root (dockerd manages its own
// containerd, podman's root storage), which CI has; elsewhere the tests skip and say so.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { type RunningService } from './services.js';
import { accepts, spawnTracked, tempDir, waitUntil, withRetries } from './services-wire.js';

const isRoot = process.getuid?.() === 0;

function rootOnly(what: string): boolean {
  if (isRoot) return true;
  if (process.env.CI) throw new Error(`${what} needs root, and CI runs as root`);
  console.warn(`skipping: ${what} needs root (it manages its own storage and, for dockerd, containerd)`);
  return false;
}

/** dockerd's path (Debian docker.io), or undefined (the test skips; under CI a gap fails). */
export function dockerdBinary(): string | undefined {
  const found = requireBinary('dockerd');
  return found && rootOnly('dockerd') ? found : undefined;
}

/** podman's path (Debian podman), or undefined (the test skips; under CI a gap fails). */
export function podmanBinary(): string | undefined {
  const found = requireBinary('podman');
  return found && rootOnly('podman system service') ? found : undefined;
}

/** `GET /_ping` answered "OK": the API is serving. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/_ping', timeout: 2_000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve(response.statusCode === 200 && body === 'OK'));
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

export type ContainerEngine = RunningService;

/**
 * dockerd with its API on tcp://127.0.0.1:PORT and nothing else: no Unix socket, no bridge, no
 * iptables. `tlsverify` serves it the way Docker's "protect the daemon socket" page says: TLS with
 * a CA the client must hold a certificate of (made here with openssl, for 127.0.0.1).
 */
export function startDockerd(options: { readonly tlsverify?: boolean } = {}): Promise<ContainerEngine> {
  const binary = dockerdBinary();
  if (!binary) throw new Error('dockerd is not available (check dockerdBinary() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-dockerd-');
    const args = [
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
      '--storage-driver=vfs',
      `--host=tcp://127.0.0.1:${port}`,
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
    ];
    if (options.tlsverify) args.push('--tlsverify', ...serverCertificates(dir));
    const server = spawnTracked(binary, args, { cleanup: () => rmSync(dir, { recursive: true, force: true }) });
    try {
      await waitUntil(() => (options.tlsverify ? accepts('127.0.0.1', port) : pings(port)), server.child, 'dockerd');
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`dockerd did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, log: server.output, stop: server.tracked.stop };
  });
}

/** A CA and a server certificate for 127.0.0.1; returns dockerd's --tlscacert/--tlscert/--tlskey. */
function serverCertificates(dir: string): string[] {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=exposcan test CA',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server-key.pem'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(file('san.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-extfile',
    file('san.cnf'),
    '-out',
    file('server-cert.pem'),
  );
  return [
    `--tlscacert=${file('ca.pem')}`,
    `--tlscert=${file('server-cert.pem')}`,
    `--tlskey=${file('server-key.pem')}`,
  ];
}

/** `podman system service` on tcp:127.0.0.1:PORT, with root and run directories of its own (vfs: no mounts to undo). */
export function startPodman(): Promise<ContainerEngine> {
  const binary = podmanBinary();
  if (!binary) throw new Error('podman is not available (check podmanBinary() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-podman-');
    const args = [
      `--root=${path.join(dir, 'root')}`,
      `--runroot=${path.join(dir, 'run')}`,
      `--tmpdir=${path.join(dir, 'tmp')}`,
      '--storage-driver=vfs',
      '--events-backend=file',
      'system',
      'service',
      '--time=0',
      `tcp:127.0.0.1:${port}`,
    ];
    const server = spawnTracked(binary, args, { cleanup: () => rmSync(dir, { recursive: true, force: true }) });
    try {
      await waitUntil(() => pings(port), server.child, 'podman');
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`podman did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, log: server.output, stop: server.tracked.stop };
  });
}
