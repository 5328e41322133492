// Real memcached, MariaDB, Mosquitto, ZooKeeper and NATS for integration tests, each in a temp dir of its
// own on a free loopback port (never the machine's 11211, 3306, 1883, 2181 or 4222). Servers started here
// join the registry of services.ts, so its `stopAll()` (called from afterAll) stops them too, and
// its exit/SIGTERM hooks kill anything a test forgot. Readiness is polled, never slept for.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findBinary, requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { READY_BOUND_MS, stopAll, type RunningService } from './services.js';

export { stopAll };

const run = promisify(execFile);

interface Tracked {
  stop(): Promise<void>;
  killNow(): void;
}

/** The registry services.ts installed (importing it above guarantees it exists). */
function registry(): Set<Tracked> {
  const set = (globalThis as Record<symbol, Set<Tracked> | undefined>)[Symbol.for('exposcan.test.services')];
  if (!set) throw new Error('services.ts registry missing');
  return set;
}

const isRoot = process.getuid?.() === 0;

/** freePort is a check-then-use race with other test workers: retry on a port someone took. */
export async function withRetries<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

interface Spawned {
  readonly child: ChildProcess;
  readonly tracked: Tracked;
  output(): string;
}

/** Spawns a server process, tracked; `cleanup` runs after it has exited (temp dirs). */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cleanup: () => void },
): Spawned {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = registry();
  const tracked: Tracked = {
    killNow: () => {
      child.kill('SIGKILL');
      options.cleanup();
    },
    stop: async () => {
      running.delete(tracked);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      options.cleanup();
    },
  };
  running.add(tracked);
  return { child, tracked, output: () => output };
}

/** Polls `ready()` until it holds; rejects if the child exits first or the deadline passes. */
export async function waitUntil(
  ready: () => Promise<boolean>,
  child: ChildProcess,
  what: string,
  timeoutMs = READY_BOUND_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited with ${child.exitCode ?? child.signalCode}`);
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Sends `request` on a new loopback connection and resolves with what came back once the server
 * closes, `done(reply)` holds, or `timeoutMs` passes.
 */
export function talk(
  port: number,
  request: string | Buffer,
  done: (reply: string) => boolean = () => false,
  timeoutMs = 5_000,
): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (done(reply)) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // Servers that drop root (memcached as nobody, mariadbd as mysql) must read their files here.
  chmodSync(dir, 0o755);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// memcached

/** memcached's path (Debian package memcached), or undefined (the test skips). */
export function memcachedBinary(): string | undefined {
  return requireBinary('memcached');
}

/** none: open; sasl: `-S` with a SASL password database (binary protocol only); ascii: `-Y` auth file (1.5.15+). */
export type MemcachedAuth = 'none' | 'sasl' | 'ascii';

export interface MemcachedServer extends RunningService {
  readonly version: string;
}

/** saslpasswd2 (Debian package sasl2-bin) is needed for the SASL profile. */
export function saslpasswdBinary(): string | undefined {
  return requireBinary('saslpasswd2', ['/usr/sbin']);
}

export async function startMemcached(auth: MemcachedAuth = 'none'): Promise<MemcachedServer> {
  const binary = findBinary('memcached');
  if (!binary) throw new Error('memcached is not installed (check memcachedBinary() first)');
  const version = /memcached (\d+\.\d+\.\d+)/.exec((await run(binary, ['-V'])).stdout)?.[1];
  if (!version) throw new Error('cannot read the version of memcached');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-memcached-');
    const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16', '-c', '64'];
    if (isRoot) args.push('-u', 'nobody');
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (auth === 'sasl') {
      const saslpasswd = saslpasswdBinary();
      if (!saslpasswd) throw new Error('saslpasswd2 is not installed (check saslpasswdBinary() first)');
      const database = path.join(dir, 'sasldb2');
      await new Promise<void>((resolve, reject) => {
        const child = execFile(saslpasswd, ['-p', '-a', 'memcached', '-c', '-f', database, 'exposcan'], (error) =>
          error ? reject(error) : resolve(),
        );
        child.stdin!.end('test-only-password\n');
      });
      chmodSync(database, 0o644);
      writeFileSync(path.join(dir, 'memcached.conf'), `mech_list: plain\nsasldb_path: ${database}\n`);
      env.SASL_CONF_PATH = dir;
      args.push('-S');
    } else if (auth === 'ascii') {
      const file = path.join(dir, 'auth');
      writeFileSync(file, 'exposcan:test-only-password\n', { mode: 0o644 });
      args.push('-Y', file);
    }
    const server = spawnTracked(binary, args, { env, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
    try {
      await waitUntil(() => accepts('127.0.0.1', port), server.child, 'memcached');
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`memcached did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, version, log: server.output, stop: server.tracked.stop };
  });
}

/** Stores `count` items (`key:0`, …) over the text protocol; throws unless each was STORED. */
export async function seedMemcached(server: MemcachedServer, count: number): Promise<void> {
  const request = Array.from(
    { length: count },
    (_, index) => `set key:${index} 0 0 ${`value ${index}`.length}\r\nvalue ${index}\r\n`,
  ).join('');
  const reply = await talk(server.port, request, (text) => text.split('STORED\r\n').length - 1 >= count);
  if (reply !== 'STORED\r\n'.repeat(count)) throw new Error(`seeding memcached failed: ${JSON.stringify(reply)}`);
}

// ---------------------------------------------------------------------------------------------
// MariaDB

const MARIADB_SERVER_DIRS = ['/usr/sbin'];

export interface MariadbTools {
  readonly installDb: string;
  readonly server: string;
  readonly client: string;
}

/** mariadb-install-db, mariadbd and the mariadb client (Debian package mariadb-server), or undefined (the test skips). */
export function mariadbTools(): MariadbTools | undefined {
  const installDb = requireBinary('mariadb-install-db');
  const server = requireBinary('mariadbd', MARIADB_SERVER_DIRS);
  const client = requireBinary('mariadb');
  if (!installDb || !server || !client) return undefined;
  return { installDb, server, client };
}

/**
 * empty-root: installed with `--auth-root-authentication-method=normal`, so root@127.0.0.1 has an empty password.
 * root-password: the same, then every root account gets a password (ALTER USER over the socket).
 * anonymous: root-password plus an anonymous account ''@127.0.0.1 without a password.
 * unix-socket: the default install, where root@localhost logs in through the unix socket only.
 */
export type MariadbProfile = 'empty-root' | 'root-password' | 'anonymous' | 'unix-socket';

export interface MariadbServer extends RunningService {
  readonly version: string;
  /** Runs SQL as root over the server's own unix socket (test setup only). */
  sql(statement: string): Promise<string>;
}

export async function startMariadb(profile: MariadbProfile): Promise<MariadbServer> {
  const tools = mariadbTools();
  if (!tools) throw new Error('MariaDB is not installed (check mariadbTools() first)');
  return withRetries((port) => startMariadbOnce(tools, port, profile));
}

/** The mysql user's uid and gid, when running as root (the server drops to it). */
let mysqlOwner: Promise<{ uid: number; gid: number }> | undefined;
function ownerOfMysql(): Promise<{ uid: number; gid: number }> {
  mysqlOwner ??= Promise.all([run('id', ['-u', 'mysql']), run('id', ['-g', 'mysql'])]).then(([uid, gid]) => ({
    uid: Number(uid.stdout.trim()),
    gid: Number(gid.stdout.trim()),
  }));
  return mysqlOwner;
}

/**
 * mariadb-install-db takes seconds; each root authentication method is installed once per test
 * process into a template, and every server gets a copy (`cp -a` keeps the mysql user's ownership).
 */
const templates = new Map<'normal' | 'unix-socket', Promise<string>>();
function mariadbTemplate(tools: MariadbTools, method: 'normal' | 'unix-socket'): Promise<string> {
  let template = templates.get(method);
  if (!template) {
    template = (async () => {
      const dir = tempDir('exposcan-mariadb-template-');
      const cleanup = () => rmSync(dir, { recursive: true, force: true });
      const tracked: Tracked = {
        killNow: cleanup,
        stop: async () => {
          registry().delete(tracked);
          templates.delete(method);
          cleanup();
        },
      };
      registry().add(tracked);
      const owner = isRoot ? await ownerOfMysql() : undefined;
      if (owner) chownSync(dir, owner.uid, owner.gid);
      // --no-defaults: the machine's /etc/mysql configuration (its port, socket, bind address) stays out of it.
      const args = [
        '--no-defaults',
        ...(isRoot ? ['--user=mysql'] : []),
        `--datadir=${path.join(dir, 'data')}`,
        '--skip-test-db',
      ];
      if (method === 'normal') args.push('--auth-root-authentication-method=normal');
      try {
        await run(tools.installDb, args, { timeout: 120_000 });
      } catch (error) {
        await tracked.stop();
        throw new Error(`mariadb-install-db failed: ${String(error)}`, { cause: error });
      }
      return path.join(dir, 'data');
    })();
    templates.set(method, template);
  }
  return template;
}

async function startMariadbOnce(tools: MariadbTools, port: number, profile: MariadbProfile): Promise<MariadbServer> {
  const template = await mariadbTemplate(tools, profile === 'unix-socket' ? 'unix-socket' : 'normal');
  const dir = tempDir('exposcan-mariadb-');
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const logFile = path.join(dir, 'error.log');
  const asUser = isRoot ? ['--user=mysql'] : [];
  if (isRoot) {
    const owner = await ownerOfMysql();
    chownSync(dir, owner.uid, owner.gid);
  }
  try {
    await run('cp', ['-a', template, data]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`copying the MariaDB template failed: ${String(error)}`, { cause: error });
  }
  const server = spawnTracked(
    tools.server,
    [
      '--no-defaults',
      ...asUser,
      `--datadir=${data}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${socket}`,
      `--pid-file=${path.join(dir, 'mysqld.pid')}`,
      `--log-error=${logFile}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
      '--performance-schema=OFF',
    ],
    { cleanup: () => rmSync(dir, { recursive: true, force: true }) },
  );
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '') + server.output();
  const sql = async (statement: string) =>
    (
      await run(tools.client, ['--no-defaults', '-S', socket, '-uroot', '-N', '-B', '-e', statement], {
        timeout: 30_000,
      })
    ).stdout;
  try {
    await waitUntil(async () => existsSync(socket) && (await accepts('127.0.0.1', port)), server.child, 'mariadbd');
    if (profile === 'root-password' || profile === 'anonymous') {
      const hosts = (await sql("SELECT host FROM mysql.user WHERE user = 'root'"))
        .split('\n')
        .filter((host) => host !== '');
      const statements = hosts.map((host) => `ALTER USER 'root'@'${host}' IDENTIFIED BY 'test-only-password';`);
      if (profile === 'anonymous') statements.push("CREATE USER ''@'127.0.0.1';");
      // One client call: once root@localhost has a password, the socket login needs it.
      await sql(statements.join(' '));
    }
  } catch (error) {
    await server.tracked.stop();
    throw new Error(`MariaDB did not start on 127.0.0.1:${port}: ${String(error)}\n${log()}`, { cause: error });
  }
  const version =
    /^(\d+\.\d+\.\d+)/.exec((await run(tools.server, ['--version'])).stdout.replace(/^.*Ver\s+/, ''))?.[1] ?? '';
  return {
    host: '127.0.0.1',
    port,
    version,
    log,
    sql: (statement) =>
      profile === 'root-password' || profile === 'anonymous'
        ? run(tools.client, [
            '--no-defaults',
            '-S',
            socket,
            '-uroot',
            '-ptest-only-password',
            '-N',
            '-B',
            '-e',
            statement,
          ]).then((out) => out.stdout)
        : sql(statement),
    stop: server.tracked.stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Mosquitto

export function mosquittoBinary(): string | undefined {
  return requireBinary('mosquitto', ['/usr/sbin']);
}

export interface MosquittoServer extends RunningService {
  /** With `websockets`: the plain MQTT listener beside the WebSocket one (`port`). */
  readonly mqttPort?: number;
}

/**
 * anonymous: `allow_anonymous true`; otherwise `allow_anonymous false` and a password file.
 * websockets: `port` is a `protocol websockets` listener. Debian's mosquitto 2.0.11 (libwebsockets
 * built in) exits with "Unable to start any listening sockets" when that is its only listener, so
 * a plain one stands beside it; and it binds the WebSocket listener to every address ([::]) unless
 * told `socket_domain ipv4`, with which it keeps to 127.0.0.1.
 */
export async function startMosquitto(options: { anonymous: boolean; websockets?: boolean }): Promise<MosquittoServer> {
  const binary = mosquittoBinary();
  if (!binary) throw new Error('mosquitto is not installed (check mosquittoBinary() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-mosquitto-');
    const mqttPort = options.websockets ? await freePort() : port;
    const listeners = [
      `listener ${mqttPort} 127.0.0.1`,
      ...(options.websockets ? [`listener ${port} 127.0.0.1`, 'protocol websockets', 'socket_domain ipv4'] : []),
    ];
    const lines = [
      `allow_anonymous ${options.anonymous}`,
      'persistence false',
      'log_dest stderr',
      'log_type all',
      'connection_messages true',
    ];
    // As root, mosquitto drops to the `mosquitto` user unless told to stay.
    if (isRoot) lines.push('user root');
    if (!options.anonymous) {
      const passwd = requireBinary('mosquitto_passwd');
      if (!passwd) throw new Error('mosquitto_passwd is not installed');
      const file = path.join(dir, 'passwd');
      await run(passwd, ['-c', '-b', file, 'exposcan', 'test-only-password']);
      chmodSync(file, 0o600);
      lines.push(`password_file ${file}`);
    }
    const config = path.join(dir, 'mosquitto.conf');
    // Listener blocks last: the settings above are global, as without per_listener_settings.
    writeFileSync(config, `${[...lines, ...listeners].join('\n')}\n`);
    const server = spawnTracked(binary, ['-c', config], {
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    });
    try {
      await waitUntil(
        async () => (await accepts('127.0.0.1', port)) && (await accepts('127.0.0.1', mqttPort)),
        server.child,
        'mosquitto',
      );
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`mosquitto did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return {
      host: '127.0.0.1',
      port,
      ...(options.websockets ? { mqttPort } : {}),
      log: server.output,
      stop: server.tracked.stop,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// ZooKeeper

const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

export interface ZookeeperTools {
  readonly java: string;
  readonly classpath: string;
}

/** java and the Debian zookeeper package's jar, or undefined (the test skips; under CI a gap fails). */
export function zookeeperTools(): ZookeeperTools | undefined {
  const java = requireBinary('java');
  if (!java) return undefined;
  if (!existsSync(ZOOKEEPER_JAR)) {
    if (process.env.CI) throw new Error(`${ZOOKEEPER_JAR} is missing; .ci/run must install the zookeeper package`);
    console.warn(`skipping: ${ZOOKEEPER_JAR} is missing (Debian package zookeeper)`);
    return undefined;
  }
  // The package's jar lists its dependencies (netty, slf4j, …) in its manifest Class-Path.
  return { java, classpath: `/etc/zookeeper/conf:${ZOOKEEPER_JAR}` };
}

export type ZookeeperServer = RunningService;

/**
 * `whitelist` is 4lw.commands.whitelist (e.g. `mntr, srvr`); undefined keeps ZooKeeper's default,
 * `enforceAuth` turns on enforce.auth.enabled with the SASL scheme (no client can read without it);
 * which answers `srvr` only. Readiness is polled with `srvr`, which every whitelist holds: it says
 * "not currently serving requests" until the server is up (`ruok` says `imok` before that).
 */
export async function startZookeeper(
  options: { whitelist?: string; enforceAuth?: boolean } = {},
): Promise<ZookeeperServer> {
  const tools = zookeeperTools();
  if (!tools) throw new Error('ZooKeeper is not available (check zookeeperTools() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-zookeeper-');
    const config = path.join(dir, 'zoo.cfg');
    writeFileSync(
      config,
      [
        'tickTime=2000',
        `dataDir=${path.join(dir, 'data')}`,
        `clientPort=${port}`,
        'clientPortAddress=127.0.0.1',
        'admin.enableServer=false',
        ...(options.whitelist !== undefined ? [`4lw.commands.whitelist=${options.whitelist}`] : []),
        // ZooKeeper 3.7+'s server-side enforcement: every request but SASL ones needs an authenticated session.
        ...(options.enforceAuth
          ? [
              'enforce.auth.enabled=true',
              'enforce.auth.schemes=sasl',
              'authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
            ]
          : []),
        '',
      ].join('\n'),
    );
    const server = spawnTracked(
      tools.java,
      [
        '-Xmx128m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        tools.classpath,
        `-Dzookeeper.log.dir=${dir}`,
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        config,
      ],
      { cleanup: () => rmSync(dir, { recursive: true, force: true }) },
    );
    try {
      await waitUntil(
        async () => (await talk(port, 'srvr')).startsWith('Zookeeper version: '),
        server.child,
        'zookeeper',
      );
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`ZooKeeper did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, log: server.output, stop: server.tracked.stop };
  });
}

// ---------------------------------------------------------------------------------------------
// NATS

/** nats-server's path (Debian package nats-server), or undefined (the test skips; under CI a gap fails). */
export function natsBinary(): string | undefined {
  return requireBinary('nats-server', ['/usr/sbin', '/usr/bin']);
}

/** none: anyone may connect; password: an authorization block with one user; tls: TLS required, no credentials. */
export type NatsProfile = 'none' | 'password' | 'tls';

export type NatsServer = RunningService;

/**
 * A nats-server of its own on a free loopback port (never the machine's 4222), from a config file in
 * a temp dir, with protocol tracing on, so `log()` shows every command a client sent (`<<- [CONNECT …]`).
 */
export async function startNats(profile: NatsProfile): Promise<NatsServer> {
  const binary = natsBinary();
  if (!binary) throw new Error('nats-server is not installed (check natsBinary() first)');
  return withRetries(async (port) => {
    const dir = tempDir('exposcan-nats-');
    const lines = [`listen: "127.0.0.1:${port}"`, 'trace: true', 'logtime: false', 'no_sys_acc: true'];
    if (profile === 'password')
      lines.push('authorization { users = [ { user: "exposcan", password: "test-only-password" } ] }');
    if (profile === 'tls') {
      // A self-signed certificate for 127.0.0.1: the scanner verifies none, as with every TLS service.
      execFileSyncQuiet('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ]);
      lines.push(
        `tls { cert_file: "${path.join(dir, 'cert.pem')}", key_file: "${path.join(dir, 'key.pem')}", timeout: 3 }`,
      );
    }
    const config = path.join(dir, 'nats.conf');
    writeFileSync(config, `${lines.join('\n')}\n`);
    const server = spawnTracked(binary, ['-c', config], {
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    });
    try {
      await waitUntil(
        async () => /Server is ready/.test(server.output()) && (await accepts('127.0.0.1', port)),
        server.child,
        'nats-server',
      );
    } catch (error) {
      await server.tracked.stop();
      throw new Error(`nats-server did not start on 127.0.0.1:${port}: ${String(error)}\n${server.output()}`, {
        cause: error,
      });
    }
    return { host: '127.0.0.1', port, log: server.output, stop: server.tracked.stop };
  });
}

function execFileSyncQuiet(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: 'ignore' });
}
