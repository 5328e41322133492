// Real management consoles for integration tests: RabbitMQ with its management plugin, Adminer and
// phpMyAdmin under PHP's built-in web server, and the MariaDB phpMyAdmin logs in to. Each runs from
// the Debian packages on this machine, in a temp dir of its own, on free loopback ports (never the
// machine's RabbitMQ on 5672/15672/4369/25672 or MariaDB on 3306), and no system configuration is
// touched: phpMyAdmin runs from a temp tree whose vendor_config.php points at a temp config file.
//
// Servers join the registry of services.ts (the same per-process set, keyed by Symbol.for), so its
// `stopAll()` in afterAll stops them, and its exit/SIGTERM hooks kill anything left behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { READY_BOUND_MS, stopAll, type RunningService } from './services.js';

export { stopAll };

interface Tracked {
  stop(): Promise<void>;
  killNow(): void;
}

// Importing services.ts installed this set and its exit hooks; servers started here join it.
const running = (globalThis as Record<symbol, Set<Tracked> | undefined>)[Symbol.for('exposcan.test.services')]!;

/**
 * The probe timeout for scans of the PHP consoles. PHP's built-in server answers one request at a
 * time, and each phpMyAdmin or Adminer page logs in to MariaDB: beside stress-ng on two cores a
 * page took over 3 s. A budget, not a wait: every probe here is answered, so the scan ends as soon
 * as the pages come.
 */
export const PHP_PAGE_TIMEOUT_MS = 20_000;
/** A file a Debian package installs, or undefined (the test skips); under CI a missing one throws. */
function requireFile(file: string, packageName: string): string | undefined {
  if (existsSync(file)) return file;
  if (process.env.CI) throw new Error(`${file} is missing; .ci/run must install ${packageName}`);
  console.warn(`skipping: ${file} is missing (install ${packageName})`);
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Owner ids of a system user, when we are root and it exists (servers refuse to run as root). */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  try {
    return {
      uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim()),
    };
  } catch {
    return undefined;
  }
}

function chownTree(dir: string, owner: { uid: number; gid: number } | undefined): void {
  if (!owner) return;
  chownSync(dir, owner.uid, owner.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, owner);
    else if (!entry.isSymbolicLink()) chownSync(full, owner.uid, owner.gid);
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return exited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops a process by its id: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
async function stopPid(pid: number, graceMs: number): Promise<void> {
  if (!pidAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(50);
  if (pidAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(20);
  }
}

async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await waitForExit(child);
  clearTimeout(killer);
}

/** One GET on a fresh connection; undefined when nothing answered. */
function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string } | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: { connection: 'close', ...options.headers }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', () => resolve(undefined));
      },
    );
    request.setTimeout(options.timeoutMs ?? 2_000, () => request.destroy());
    request.on('error', () => resolve(undefined));
    request.end(options.body);
  });
}

/** Polls `url` until it answers with `status` (any status when omitted); rejects when `child` exits first. */
async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, status?: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    const answer = await httpRequest(url, { timeoutMs: 1_000 });
    if (answer && (status === undefined || answer.status === status)) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function waitForTcp(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await sleep(50);
  }
  throw new Error(`nothing accepted connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** freePort is a check-then-use race with other test workers: retry on a port someone took. */
async function withRetries<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return () => output;
}

// ---------------------------------------------------------------------------------------------
// RabbitMQ with the management plugin

const RABBITMQ_LIB = '/usr/lib/rabbitmq/lib';

export interface RabbitTools {
  readonly server: string;
  readonly epmd: string;
  /** The broker's version, from the installed release directory (`rabbitmq_server-3.10.8`). */
  readonly version: string;
  readonly owner?: { uid: number; gid: number };
}

export function rabbitmqTools(): RabbitTools | undefined {
  const server = requireBinary('rabbitmq-server', ['/usr/lib/rabbitmq/bin']);
  const epmd = requireBinary('epmd');
  if (!server || !epmd) return undefined;
  const release = existsSync(RABBITMQ_LIB)
    ? readdirSync(RABBITMQ_LIB)
        .map((name) => /^rabbitmq_server-(\d+\.\d+\.\d+)$/.exec(name)?.[1])
        .find(Boolean)
    : undefined;
  if (!release) throw new Error(`cannot read the RabbitMQ version from ${RABBITMQ_LIB}`);
  // /usr/sbin/rabbitmq-server is a wrapper that insists on the system user; the real script is in bin/.
  const direct = existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server') ? '/usr/lib/rabbitmq/bin/rabbitmq-server' : server;
  const owner = systemUser('rabbitmq');
  if (isRoot() && !owner) {
    if (process.env.CI) throw new Error('running as root, but there is no rabbitmq user');
    console.warn('skipping: running as root and there is no rabbitmq user');
    return undefined;
  }
  return { server: direct, epmd, version: release, ...(owner ? { owner } : {}) };
}

export interface RabbitServer extends RunningService {
  /** The management listener (HTTP). */
  readonly port: number;
  readonly amqpPort: number;
  readonly version: string;
  /** The management plugin's HTTP access log (combined format: the authenticated user is the third field). */
  accessLog(): string;
  /** The broker's own log files (AMQP connections opened, closed and refused). */
  brokerLog(): string;
}

export async function startRabbitMQ(): Promise<RabbitServer> {
  const tools = rabbitmqTools();
  if (!tools) throw new Error('RabbitMQ is not available (check rabbitmqTools() first)');
  return withRetries(async () =>
    startRabbitOnce(tools, await freePort(), await freePort(), await freePort(), await freePort()),
  );
}

async function startRabbitOnce(
  tools: RabbitTools,
  port: number,
  amqpPort: number,
  distPort: number,
  epmdPort: number,
): Promise<RabbitServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-rabbitmq-'));
  const httpLog = path.join(dir, 'http-log');
  const pidFile = path.join(dir, 'rabbit.pid');
  mkdirSync(httpLog);
  writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
      'management.tcp.ip = 127.0.0.1',
      `management.tcp.port = ${port}`,
      `management.http_log_dir = ${httpLog}`,
      // Quiet and quick: nothing here needs statistics or a disk alarm.
      'disk_free_limit.absolute = 1MB',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'enabled_plugins'), '[rabbitmq_management].\n');
  // The system's /etc/rabbitmq/rabbitmq-env.conf must not be read: an empty one of our own instead.
  writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  const env: Record<string, string> = {
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_NODENAME: `exposcan-${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_DIST_PORT: String(distPort),
    // Without this the distribution port listens on every interface.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: '127.0.0.1',
    ERL_EPMD_PORT: String(epmdPort),
    HOME: dir,
  };
  const envFile = path.join(dir, 'env.sh');
  writeFileSync(
    envFile,
    Object.entries(env)
      .map(([name, value]) => `export ${name}='${value}'`)
      .join('\n') + '\n',
  );
  chownTree(dir, tools.owner);

  // Our own epmd, in the foreground, so it is a child we can stop by its id (erl would otherwise
  // start a daemon of its own and leave it running).
  const epmd = spawn(tools.epmd, ['-port', String(epmdPort), '-address', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const epmdOutput = collect(epmd);
  const script = `. '${envFile}'; exec '${tools.server}'`;
  let broker: ChildProcess | undefined;
  let brokerOutput = () => '';

  const brokerPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  const tracked: Tracked = {
    killNow: () => {
      const pid = brokerPid();
      if (pid && pidAlive(pid)) process.kill(pid, 'SIGKILL');
      broker?.kill('SIGKILL');
      epmd.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    stop: async () => {
      running.delete(tracked);
      // The beam takes seconds to stop; wait for it, or a restart would find the ports taken.
      const pid = brokerPid();
      if (pid) await stopPid(pid, 20_000);
      if (broker) await stopChild(broker, 5_000);
      await stopChild(epmd, 2_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(tracked);
  try {
    await waitForTcp(epmdPort, epmd, READY_BOUND_MS);
    broker = tools.owner
      ? spawn('runuser', ['-u', 'rabbitmq', '--', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    brokerOutput = collect(broker);
    await waitForHttp(`http://127.0.0.1:${port}/`, broker, READY_BOUND_MS, 200);
  } catch (error) {
    const output = `${brokerOutput()}\n${epmdOutput()}`;
    await tracked.stop();
    throw new Error(`RabbitMQ did not start (management on 127.0.0.1:${port}): ${String(error)}\n${output}`, {
      cause: error,
    });
  }
  return {
    host: '127.0.0.1',
    port,
    amqpPort,
    version: tools.version,
    log: () => brokerOutput(),
    accessLog: () =>
      existsSync(httpLog)
        ? readdirSync(httpLog)
            .map((name) => readFileSync(path.join(httpLog, name), 'utf8'))
            .join('')
        : '',
    brokerLog: () => {
      const logDir = path.join(dir, 'log');
      return existsSync(logDir)
        ? readdirSync(logDir)
            .filter((name) => name.endsWith('.log'))
            .map((name) => readFileSync(path.join(logDir, name), 'utf8'))
            .join('')
        : '';
    },
    stop: tracked.stop,
  };
}

/** A call to the management API as `user:password` (test set-up only: never the scanner's traffic). */
export async function rabbitmqApi(
  server: RabbitServer,
  method: string,
  apiPath: string,
  credentials: string,
  body?: unknown,
): Promise<number> {
  const answer = await httpRequest(`http://127.0.0.1:${server.port}${apiPath}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    timeoutMs: 10_000,
  });
  if (!answer) throw new Error(`${method} ${apiPath}: no answer`);
  return answer.status;
}

// ---------------------------------------------------------------------------------------------
// PHP's built-in web server, for Adminer and phpMyAdmin

export interface PhpServer extends RunningService {
  /** Requests the server logged, in order: `GET /adminer.php 200`. */
  requests(): string[];
}

interface PhpOptions {
  readonly docroot: string;
  /** A router script (`php -S … router.php`), run before every request. */
  readonly router?: string;
}

function phpBinary(): string | undefined {
  return requireBinary('php');
}

async function startPhp(options: PhpOptions): Promise<PhpServer> {
  const php = phpBinary();
  if (!php) throw new Error('php is not installed (check phpBinary() first)');
  return withRetries(async () => {
    const port = await freePort();
    const child = spawn(
      php,
      ['-S', `127.0.0.1:${port}`, '-t', options.docroot, ...(options.router ? [options.router] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = collect(child);
    const tracked: Tracked = {
      killNow: () => child.kill('SIGKILL'),
      stop: async () => {
        running.delete(tracked);
        await stopChild(child);
      },
    };
    running.add(tracked);
    try {
      await waitForTcp(port, child, READY_BOUND_MS);
    } catch (error) {
      await tracked.stop();
      throw new Error(`php -S did not start on 127.0.0.1:${port}: ${String(error)}\n${output()}`, { cause: error });
    }
    return {
      host: '127.0.0.1',
      port,
      log: output,
      // "[Wed Nov 25 14:12:12 2026] 127.0.0.1:50600 [200]: GET /"
      requests: () =>
        [...output().matchAll(/\] \S+ \[(\d{3})\]: (\w+) (\S+)/g)].map(
          (match) => `${match[2]} ${match[3]} ${match[1]}`,
        ),
      stop: tracked.stop,
    };
  });
}

/**
 * A router that asks for HTTP Basic credentials before anything runs, as a web server's own
 * authentication in front of an application does (the "protected" configuration).
 */
function basicAuthRouter(dir: string): string {
  const file = path.join(dir, 'basic-auth-router.php');
  writeFileSync(
    file,
    `<?php
if (($_SERVER['PHP_AUTH_USER'] ?? '') !== 'operator' || ($_SERVER['PHP_AUTH_PW'] ?? '') !== '${randomSecret()}') {
    header('WWW-Authenticate: Basic realm="Restricted"');
    http_response_code(401);
    echo "<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>\\n";
    return true;
}
return false;
`,
  );
  return file;
}

function randomSecret(): string {
  return `s${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** Removes a temp dir once its server has stopped. */
function withTempDir(server: PhpServer, dir: string): PhpServer {
  const stop = server.stop;
  const cleanup: Tracked = {
    killNow: () => rmSync(dir, { recursive: true, force: true }),
    stop: async () => {
      running.delete(cleanup);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(cleanup);
  return {
    ...server,
    stop: async () => {
      await stop();
      await cleanup.stop();
    },
  };
}

// Adminer -----------------------------------------------------------------------------------

const ADMINER_DIR = '/usr/share/adminer';

/** Adminer's version from the packaged script's header, or undefined (the test skips). */
export function adminerVersion(): string | undefined {
  if (!phpBinary()) return undefined;
  const script = requireFile(`${ADMINER_DIR}/adminer.php`, 'adminer');
  if (!script) return undefined;
  const version = /@version (\d+\.\d+\.\d+)/.exec(readFileSync(script, 'utf8').slice(0, 2000))?.[1];
  if (!version) throw new Error(`cannot read the version of ${script}`);
  return version;
}

export interface AdminerOptions {
  /**
   * `package`: the package's directory as the document root, so Adminer is `/adminer.php` and
   * `/adminer/` and the root is PHP's 404 page; `root`: Adminer is the site's root page, as the
   * container image serves it.
   */
  readonly layout: 'package' | 'root';
  /** HTTP Basic authentication in front of everything. */
  readonly basicAuth?: boolean;
}

export async function startAdminer(options: AdminerOptions): Promise<PhpServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-adminer-'));
  let docroot = ADMINER_DIR;
  if (options.layout === 'root') {
    docroot = path.join(dir, 'www');
    mkdirSync(docroot);
    writeFileSync(path.join(docroot, 'index.php'), `<?php include '${ADMINER_DIR}/adminer.php';\n`);
  }
  const server = await startPhp({ docroot, ...(options.basicAuth ? { router: basicAuthRouter(dir) } : {}) }).catch(
    (error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    },
  );
  return withTempDir(server, dir);
}

/** A PHP site with neither Adminer nor phpMyAdmin: what the scanner may ask it, and no more. */
export async function startPlainPhpSite(): Promise<PhpServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-php-site-'));
  const docroot = path.join(dir, 'www');
  mkdirSync(docroot);
  writeFileSync(
    path.join(docroot, 'index.php'),
    '<html><head><title>Example shop</title></head><body><a href="/cart.php">Cart</a></body></html>\n',
  );
  return withTempDir(await startPhp({ docroot }), dir);
}

// MariaDB (what phpMyAdmin logs in to) ---------------------------------------------------------

export interface MariaDbServer extends RunningService {
  readonly version: string;
  /** root@127.0.0.1 has this password ('' for none). */
  readonly rootPassword: string;
}

export function mariadbTools(): { installDb: string; server: string; client: string; version: string } | undefined {
  const installDb = requireBinary('mariadb-install-db');
  const server = requireBinary('mariadbd', ['/usr/sbin']);
  const client = requireBinary('mariadb');
  if (!installDb || !server || !client) return undefined;
  // "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)"
  const version = /Ver (\S+)/.exec(execFileSync(server, ['--version'], { encoding: 'utf8' }))?.[1];
  if (!version) throw new Error(`cannot read the version of ${server}`);
  return { installDb, server, client, version };
}

export async function startMariaDB(options: { rootPassword?: string } = {}): Promise<MariaDbServer> {
  const tools = mariadbTools();
  if (!tools) throw new Error('MariaDB is not available (check mariadbTools() first)');
  const owner = systemUser('mysql');
  return withRetries(async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-mariadb-'));
    chownTree(dir, owner);
    const data = path.join(dir, 'data');
    const socket = path.join(dir, 'mysqld.sock');
    const userArgs = owner ? ['--user=mysql'] : [];
    // `normal`: root@localhost may log in over TCP with a password ('' here), not only by socket.
    execFileSync(
      tools.installDb,
      ['--no-defaults', ...userArgs, `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { stdio: 'ignore', timeout: 60_000 },
    );
    const child = spawn(
      tools.server,
      [
        '--no-defaults',
        ...userArgs,
        `--datadir=${data}`,
        '--bind-address=127.0.0.1',
        `--port=${port}`,
        `--socket=${socket}`,
        `--pid-file=${path.join(dir, 'mysqld.pid')}`,
        '--skip-log-bin',
        `--log-error=${path.join(dir, 'error.log')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = collect(child);
    const tracked: Tracked = {
      killNow: () => {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      },
      stop: async () => {
        running.delete(tracked);
        await stopChild(child, 10_000);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    running.add(tracked);
    try {
      await waitForTcp(port, child, READY_BOUND_MS);
      if (options.rootPassword) {
        execFileSync(
          tools.client,
          [
            '--no-defaults',
            `--socket=${socket}`,
            '-uroot',
            '-e',
            `ALTER USER 'root'@'localhost' IDENTIFIED BY '${options.rootPassword}';`,
          ],
          { stdio: 'ignore', timeout: 10_000 },
        );
      }
    } catch (error) {
      const log = existsSync(path.join(dir, 'error.log'))
        ? readFileSync(path.join(dir, 'error.log'), 'utf8')
        : output();
      await tracked.stop();
      throw new Error(`MariaDB did not start on 127.0.0.1:${port}: ${String(error)}\n${log}`, { cause: error });
    }
    return {
      host: '127.0.0.1',
      port,
      version: tools.version,
      rootPassword: options.rootPassword ?? '',
      log: () => (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : ''),
      stop: tracked.stop,
    };
  });
}

// phpMyAdmin ----------------------------------------------------------------------------------

const PHPMYADMIN_DIR = '/usr/share/phpmyadmin';

/** phpMyAdmin's upstream version (`5.2.1`) from the packaged Version class, or undefined (the test skips). */
export function phpMyAdminVersion(): string | undefined {
  if (!phpBinary()) return undefined;
  const file = requireFile(`${PHPMYADMIN_DIR}/libraries/classes/Version.php`, 'phpmyadmin');
  if (!file) return undefined;
  const version = /const VERSION = '(\d+\.\d+\.\d+)'/.exec(readFileSync(file, 'utf8'))?.[1];
  if (!version) throw new Error(`cannot read the version from ${file}`);
  return version;
}

export interface PhpMyAdminOptions {
  readonly auth: 'cookie' | 'config' | 'http';
  /** The database it connects to. With `config`, it logs in as root with `password`. */
  readonly database: { readonly port: number; readonly password: string };
  /** `/`: phpMyAdmin is the site (container image); `/phpmyadmin/`: a PHP site with it under that path (Debian's alias). */
  readonly mount: '/' | '/phpmyadmin/';
  /** HTTP Basic authentication in front of everything. */
  readonly basicAuth?: boolean;
}

/**
 * phpMyAdmin from the Debian package, configured without touching /etc/phpmyadmin: a temp tree
 * of symlinks to /usr/share/phpmyadmin with its own copy of index.php (so ROOT_PATH is the tree)
 * and of libraries/vendor_config.php (pointing at a temp config.inc.php, temp and cache dirs).
 */
export async function startPhpMyAdmin(options: PhpMyAdminOptions): Promise<PhpServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-phpmyadmin-'));
  try {
    const tree = path.join(dir, 'phpmyadmin');
    mkdirSync(path.join(tree, 'libraries'), { recursive: true });
    mkdirSync(path.join(dir, 'tmp'));
    mkdirSync(path.join(dir, 'cache'));
    for (const name of readdirSync(PHPMYADMIN_DIR)) {
      if (name === 'libraries' || name === 'index.php') continue;
      symlinkSync(path.join(PHPMYADMIN_DIR, name), path.join(tree, name));
    }
    copyFileSync(path.join(PHPMYADMIN_DIR, 'index.php'), path.join(tree, 'index.php'));
    for (const name of readdirSync(path.join(PHPMYADMIN_DIR, 'libraries'))) {
      if (name === 'vendor_config.php') continue;
      symlinkSync(path.join(PHPMYADMIN_DIR, 'libraries', name), path.join(tree, 'libraries', name));
    }
    const vendor = readFileSync(path.join(PHPMYADMIN_DIR, 'libraries', 'vendor_config.php'), 'utf8');
    const replaced = vendor
      .replace(/'configFile' => [^\n]+,/, `'configFile' => '${path.join(dir, 'config.inc.php')}',`)
      .replace(/'tempDir' => [^\n]+,/, `'tempDir' => '${path.join(dir, 'tmp')}/',`)
      .replace(/'cacheDir' => [^\n]+,/, `'cacheDir' => '${path.join(dir, 'cache')}/',`);
    if (!replaced.includes(dir)) throw new Error('vendor_config.php has an unexpected shape');
    writeFileSync(path.join(tree, 'libraries', 'vendor_config.php'), replaced);
    const server = [
      `$cfg['Servers'][1]['auth_type'] = '${options.auth}';`,
      "$cfg['Servers'][1]['host'] = '127.0.0.1';",
      `$cfg['Servers'][1]['port'] = '${options.database.port}';`,
      "$cfg['Servers'][1]['connect_type'] = 'tcp';",
      ...(options.auth === 'config'
        ? [
            "$cfg['Servers'][1]['user'] = 'root';",
            `$cfg['Servers'][1]['password'] = '${options.database.password}';`,
            "$cfg['Servers'][1]['AllowNoPassword'] = true;",
          ]
        : []),
    ];
    writeFileSync(
      path.join(dir, 'config.inc.php'),
      `<?php\n$cfg['blowfish_secret'] = '${randomSecret().padEnd(32, 'x').slice(0, 32)}';\n${server.join('\n')}\n`,
    );

    let docroot = tree;
    if (options.mount === '/phpmyadmin/') {
      docroot = path.join(dir, 'www');
      mkdirSync(docroot);
      writeFileSync(
        path.join(docroot, 'index.php'),
        '<html><head><title>Example shop</title></head><body><a href="/cart.php">Cart</a></body></html>\n',
      );
      symlinkSync(tree, path.join(docroot, 'phpmyadmin'));
    }
    const php = await startPhp({ docroot, ...(options.basicAuth ? { router: basicAuthRouter(dir) } : {}) });
    return withTempDir(php, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
