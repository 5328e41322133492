// Real Prometheus, etcd and ClickHouse servers (Debian's packages) for integration tests, each in
// a temp dir of its own on free loopback ports, open or protected. They join the registry of
// test/helpers/services.ts, so its `stopAll()` (from afterAll) and its exit hooks stop them too.
// Readiness is polled, never slept for.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { READY_BOUND_MS, type RunningService } from './services.js';

/** The registry test/helpers/services.ts installs (one per process, shared by symbol). */
interface Tracked {
  stop(): Promise<void>;
  killNow(): void;
}
const running = (globalThis as Record<symbol, Set<Tracked> | undefined>)[Symbol.for('exposcan.test.services')];
if (!running) throw new Error('test/helpers/services.ts did not install its registry');

interface ProcessSpec {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly dir: string;
  /** Where the server logs, when not to stdout/stderr. */
  readonly logFile?: string;
  /** Resolves true once the server answers as it should. */
  ready(): Promise<boolean>;
  readonly readyTimeoutMs?: number;
}

interface Started {
  log(): string;
  stop(): Promise<void>;
}

/** Spawns a server, tracks it, and resolves once `ready()` holds; throws (after cleaning up) if it exits or times out. */
async function startProcess(spec: ProcessSpec): Promise<Started> {
  const child = spawn(spec.binary, [...spec.args], { cwd: spec.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => output + (spec.logFile && existsSync(spec.logFile) ? readFileSync(spec.logFile, 'utf8') : '');
  const alive = () => child.exitCode === null && child.signalCode === null;

  const tracked: Tracked = {
    killNow: () => {
      child.kill('SIGKILL');
      rmSync(spec.dir, { recursive: true, force: true });
    },
    stop: async () => {
      running!.delete(tracked);
      if (alive()) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
  running!.add(tracked);

  const deadline = Date.now() + (spec.readyTimeoutMs ?? READY_BOUND_MS);
  try {
    for (;;) {
      if (!alive()) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
      if (await spec.ready().catch(() => false)) break;
      if (Date.now() > deadline) throw new Error('not ready in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    const text = log();
    await tracked.stop();
    throw new Error(`${spec.name} did not start: ${String(error)}\n${text.slice(-4000)}`, { cause: error });
  }
  return { log, stop: tracked.stop };
}

/** freePort() is check-then-use: another worker may take the port first, so a start is retried. */
async function withRetries<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** A plain HTTP request to a loopback test server (never the code under test): status and body. */
async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(3_000) });
  return { status: response.status, body: await response.text() };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function versionFrom(binary: string, args: readonly string[], pattern: RegExp): string {
  const text = execFileSync(binary, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const version = pattern.exec(text)?.[1];
  if (!version) throw new Error(`cannot read the version of ${binary} from: ${text.slice(0, 200)}`);
  return version;
}

// ---------------------------------------------------------------------------------------------
// Prometheus

/** prometheus's path and version as it reports it (Debian: `2.42.0+ds`), or undefined (skip). */
export function prometheusBinary(): { path: string; version: string } | undefined {
  const found = requireBinary('prometheus');
  if (!found) return undefined;
  // "prometheus, version 2.42.0+ds (branch: debian/sid, revision: …)"
  return { path: found, version: versionFrom(found, ['--version'], /version (\S+)/) };
}

/** The user and password of the protected server; the bcrypt hash below is of this password (cost 4). */
const PROMETHEUS_USER = 'admin';
const PROMETHEUS_PASSWORD = 'exposcan-test-only';
const PROMETHEUS_HASH = '$2b$04$sPFQUDpUBr3AoJQauGGGq.TZ5PDhbAmBosAabPB3Tc44bM4O/MjrW';

/** A token written into the scrape configuration that Prometheus does not mask (URL params). */
export const PROMETHEUS_PARAMS_TOKEN = 'params-token-never-in-a-report';

export interface PrometheusServer extends RunningService {
  /** Jobs and static targets written in its configuration. */
  readonly jobs: number;
  readonly staticTargets: number;
}

export function startPrometheus(options: { readonly basicAuth?: boolean } = {}): Promise<PrometheusServer> {
  const binary = prometheusBinary();
  if (!binary) throw new Error('prometheus is not installed (check prometheusBinary() first)');
  return withRetries(async () => {
    const host = '127.0.0.1';
    const port = await freePort(host);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-prometheus-'));
    // Targets on port 9 (discard) of loopback addresses: scrapes fail at once and go nowhere else.
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1h',
        'scrape_configs:',
        '  - job_name: prometheus',
        '    static_configs:',
        `      - targets: ['${host}:${port}']`,
        '  - job_name: node',
        '    basic_auth:',
        '      username: scraper',
        '      password: scrape-password-never-in-a-report',
        '    params:',
        `      token: ['${PROMETHEUS_PARAMS_TOKEN}']`,
        '    static_configs:',
        "      - targets: ['127.0.0.1:9', '127.0.0.2:9']",
        '',
      ].join('\n'),
    );
    const args = [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--web.listen-address=${host}:${port}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
    ];
    const headers: Record<string, string> = {};
    if (options.basicAuth) {
      writeFileSync(path.join(dir, 'web.yml'), `basic_auth_users:\n  ${PROMETHEUS_USER}: ${PROMETHEUS_HASH}\n`);
      args.push(`--web.config.file=${path.join(dir, 'web.yml')}`);
      headers.authorization = `Basic ${Buffer.from(`${PROMETHEUS_USER}:${PROMETHEUS_PASSWORD}`).toString('base64')}`;
    }
    const started = await startProcess({
      name: 'prometheus',
      binary: binary.path,
      args,
      dir,
      // Ready only with the credentials when there are some: that also proves they are what protects it.
      ready: async () => (await call(`http://${host}:${port}/-/ready`, { headers })).status === 200,
    });
    return { host, port, jobs: 2, staticTargets: 3, ...started };
  });
}

// ---------------------------------------------------------------------------------------------
// etcd

/** etcd's path and version, or undefined (skip). */
export function etcdBinary(): { path: string; version: string } | undefined {
  const found = requireBinary('etcd');
  if (!found) return undefined;
  // "etcd Version: 3.4.23"
  return { path: found, version: versionFrom(found, ['--version'], /etcd Version: (\S+)/) };
}

export interface EtcdServer extends RunningService {
  /** Keys stored through the v3 API before the scan. */
  readonly keys: number;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * etcd with `keys` keys. `auth: true` turns authentication on through the v3 gateway, as
 * `etcdctl user add root` and `etcdctl auth enable` would (a root user with the root role), so
 * no etcdctl is needed.
 */
export function startEtcd(options: { readonly keys?: number; readonly auth?: boolean } = {}): Promise<EtcdServer> {
  const binary = etcdBinary();
  if (!binary) throw new Error('etcd is not installed (check etcdBinary() first)');
  const keys = options.keys ?? 0;
  return withRetries(async () => {
    const host = '127.0.0.1';
    const [port, peerPort] = [await freePort(host), await freePort(host)];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-etcd-'));
    const client = `http://${host}:${port}`;
    const peer = `http://${host}:${peerPort}`;
    const started = await startProcess({
      name: 'etcd',
      binary: binary.path,
      args: [
        '--name=default',
        `--data-dir=${path.join(dir, 'data')}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=default=${peer}`,
        '--initial-cluster-state=new',
        // The v2 API stays off (the default since 3.4, said out loud): v3 is what is tested.
        '--enable-v2=false',
      ],
      dir,
      ready: async () => /"health":\s*"true"/.test((await call(`${client}/health`)).body),
    });
    try {
      const post = async (route: string, body: unknown) => {
        const reply = await call(`${client}${route}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        if (reply.status !== 200) throw new Error(`${route}: ${reply.status} ${reply.body}`);
      };
      for (let index = 0; index < keys; index++)
        await post('/v3/kv/put', { key: base64(`/app/key-${index}`), value: base64(`value ${index}`) });
      if (options.auth) {
        await post('/v3/auth/user/add', { name: 'root', password: `root-${Math.random().toString(36).slice(2)}` });
        await post('/v3/auth/role/add', { name: 'root' });
        await post('/v3/auth/user/grant', { user: 'root', role: 'root' });
        await post('/v3/auth/enable', {});
      }
    } catch (error) {
      await started.stop();
      throw new Error(`setting up etcd failed: ${String(error)}`, { cause: error });
    }
    return { host, port, keys, ...started };
  });
}

// ---------------------------------------------------------------------------------------------
// ClickHouse

export function clickhouseBinary(): string | undefined {
  return requireBinary('clickhouse-server', ['/usr/sbin', '/usr/bin']);
}

export interface ClickhouseServer extends RunningService {
  /** The HTTP interface; `port` is the native one. */
  readonly httpPort: number;
  /** As the server logs it at start ("Starting ClickHouse 18.16.1 with revision 54412"). */
  readonly version: string;
}

/** ClickHouse with its `default` user on an empty password, or (`password`) on one. */
export function startClickhouse(options: { readonly password?: string } = {}): Promise<ClickhouseServer> {
  const binary = clickhouseBinary();
  if (!binary) throw new Error('clickhouse-server is not installed (check clickhouseBinary() first)');
  return withRetries(async () => {
    const host = '127.0.0.1';
    const [httpPort, port] = [await freePort(host), await freePort(host)];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-clickhouse-'));
    const logFile = path.join(dir, 'server.log');
    const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    writeFileSync(
      path.join(dir, 'config.xml'),
      `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><log>${xml(logFile)}</log><errorlog>${xml(path.join(dir, 'error.log'))}</errorlog><console>0</console></logger>
  <listen_host>${host}</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${port}</tcp_port>
  <path>${xml(dir)}/data/</path>
  <tmp_path>${xml(dir)}/tmp/</tmp_path>
  <user_files_path>${xml(dir)}/user_files/</user_files_path>
  <format_schema_path>${xml(dir)}/format_schemas/</format_schema_path>
  <users_config>${xml(path.join(dir, 'users.xml'))}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
</yandex>
`,
    );
    writeFileSync(
      path.join(dir, 'users.xml'),
      `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users>
    <default>
      <password>${xml(options.password ?? '')}</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`,
    );
    const started = await startProcess({
      name: 'clickhouse-server',
      binary,
      args: [`--config-file=${path.join(dir, 'config.xml')}`],
      dir,
      logFile,
      // /ping answers without credentials; the native port must be listening too.
      ready: async () =>
        (await call(`http://${host}:${httpPort}/ping`)).body === 'Ok.\n' && (await accepts(host, port)),
    });
    const version = /Starting ClickHouse (\d+\.\d+\.\d+(?:\.\d+)?)/.exec(started.log())?.[1];
    if (!version) {
      await started.stop();
      throw new Error('clickhouse-server did not log its version');
    }
    return { host, port, httpPort, version, ...started };
  });
}
