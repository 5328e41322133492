// Real servers for integration tests, each in a temp dir of its own on a free loopback port, so a
// test never depends on (nor touches) a service the machine happens to run on 6379 or 5432.
// Every server started here is tracked: `stopAll()` (called from afterAll) stops what is left,
// and exit/SIGTERM hooks kill anything a test forgot, so no run leaves a server behind.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  existsSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.js';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface RunningService {
  readonly host: string;
  readonly port: number;
  /** What the server wrote to its log so far. */
  log(): string;
  stop(): Promise<void>;
}

interface Tracked {
  stop(): Promise<void>;
  /** Synchronous last resort, for a worker that is going away. */
  killNow(): void;
}

// One registry per process, whichever test file's copy of this module is loaded.
const REGISTRY = Symbol.for('exposcan.test.services');
const running: Set<Tracked> = ((globalThis as Record<symbol, Set<Tracked> | undefined>)[REGISTRY] ??=
  installRegistry());

function installRegistry(): Set<Tracked> {
  const set = new Set<Tracked>();
  const killAll = () => {
    for (const service of set) service.killNow();
    set.clear();
  };
  process.once('exit', killAll);
  // Vitest ends its worker processes with SIGTERM, where 'exit' never fires: clean up, then let
  // the signal do what it would have done.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      killAll();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  return set;
}

/** Stops every server still running (call it from afterAll: it never throws). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop().catch(() => undefined)));
}

// ---------------------------------------------------------------------------------------------
// Redis

/** redis-server's path and real version, or undefined (the test skips) when it is not installed. */
export function redisBinary(): { path: string; version: string } | undefined {
  const found = requireBinary('redis-server');
  if (!found) return undefined;
  // "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=…"
  const version = /\bv=(\d+\.\d+\.\d+)/.exec(execFileSync(found, ['--version'], { encoding: 'utf8' }))?.[1];
  if (!version) throw new Error(`cannot read the version of ${found}`);
  return { path: found, version };
}

export interface RedisOptions {
  readonly password?: string;
  /** Redis's own default is yes; off here unless asked, as on an exposed server. */
  readonly protectedMode?: boolean;
  /** 127.0.0.1 (default) or ::1. Never anything but loopback. */
  readonly bind?: '127.0.0.1' | '::1';
}

export interface RedisServer extends RunningService {
  readonly password?: string;
}

export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const binary = redisBinary();
  if (!binary) throw new Error('redis-server is not installed (check redisBinary() first)');
  const host = options.bind ?? '127.0.0.1';
  // freePort is a check-then-use race with other test workers: retry on a port someone took.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisOnce(binary.path, host, await freePort(host), options);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startRedisOnce(binary: string, host: string, port: number, options: RedisOptions): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    host,
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
  ];
  args.push('--protected-mode', options.protectedMode ? 'yes' : 'no');
  if (options.password !== undefined) args.push('--requirepass', options.password);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const tracked = {
    killNow: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
    stop: async () => {
      running.delete(tracked);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(tracked);
  try {
    await waitForPort(host, port, child);
  } catch (error) {
    await tracked.stop();
    throw new Error(`redis-server did not start on [${host}]:${port}: ${String(error)}\n${output}`, { cause: error });
  }
  return {
    host,
    port,
    ...(options.password !== undefined ? { password: options.password } : {}),
    log: () => output,
    stop: tracked.stop,
  };
}

/**
 * Sends commands with plain RESP over a socket (AUTH first when the server has a password, QUIT
 * last) and resolves with everything Redis answered, once it closes the connection.
 */
export function redisCommands(server: RedisServer, commands: readonly (readonly string[])[]): Promise<string> {
  const all = [...(server.password !== undefined ? [['AUTH', server.password]] : []), ...commands, ['QUIT']];
  const request = all
    .map((parts) => `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('Redis did not answer within 5 s')), 5_000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Stores `count` keys (`key:0`, `key:1`, …); throws unless every reply was `+OK`. */
export async function seedRedis(server: RedisServer, count: number): Promise<void> {
  const sets = Array.from({ length: count }, (_, index) => ['SET', `key:${index}`, `value ${index}`]);
  const replies = await redisCommands(server, sets);
  const expected = '+OK\r\n'.repeat(count + 1 + (server.password !== undefined ? 1 : 0));
  if (replies !== expected) throw new Error(`seeding Redis failed: ${JSON.stringify(replies)}`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const POSTGRES_DIRS = ['/usr/lib/postgresql/15/bin'];

interface PostgresTools {
  readonly initdb: string;
  readonly pgCtl: string;
  readonly version: string;
  /** Prefix that runs a command as the cluster owner (`runuser -u postgres --` when we are root). */
  readonly asOwner: readonly string[];
  readonly owner?: { uid: number; gid: number };
}

let postgresToolsCache: PostgresTools | null | undefined;

/** initdb, pg_ctl and a way to run them as a non-root user, or undefined (the test skips). */
export function postgresTools(): PostgresTools | undefined {
  if (postgresToolsCache !== undefined) return postgresToolsCache ?? undefined;
  postgresToolsCache = findPostgresTools() ?? null;
  return postgresToolsCache ?? undefined;
}

function findPostgresTools(): PostgresTools | undefined {
  const initdb = requireBinary('initdb', POSTGRES_DIRS);
  const pgCtl = requireBinary('pg_ctl', POSTGRES_DIRS);
  const postgres = requireBinary('postgres', POSTGRES_DIRS);
  if (!initdb || !pgCtl || !postgres) return undefined;
  // "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const version = /\(PostgreSQL\) (\d+(?:\.\d+)+)/.exec(
    execFileSync(postgres, ['--version'], { encoding: 'utf8' }),
  )?.[1];
  if (!version) throw new Error(`cannot read the version of ${postgres}`);
  if (process.getuid?.() !== 0) return { initdb, pgCtl, version, asOwner: [] };
  // initdb refuses to run as root: run it (and the server) as the postgres user.
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'true'], { stdio: 'ignore' });
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { initdb, pgCtl, version, asOwner: ['runuser', '-u', 'postgres', '--'], owner: { uid, gid } };
  } catch (error) {
    if (process.env.CI)
      throw new Error(`running as root, but 'runuser -u postgres' fails: ${String(error)}`, { cause: error });
    console.warn('skipping: running as root and cannot run commands as the postgres user');
    return undefined;
  }
}

export interface PostgresOptions {
  readonly auth: 'trust' | 'scram-sha-256';
  /**
   * Admit TCP clients over TLS only: `ssl = on` with a self-signed certificate made here, and
   * pg_hba.conf's host lines become `hostssl` (a plain-text client gets "no encryption").
   */
  readonly hostssl?: boolean;
  /** Log at DEBUG1, where PostgreSQL reports a client that vanished without Terminate. */
  readonly debugLog?: boolean;
}

export interface PostgresServer extends RunningService {
  /** The postgres role's password (scram-sha-256 clusters only). */
  readonly password?: string;
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const tools = postgresTools();
  if (!tools) throw new Error('PostgreSQL is not available (check postgresTools() first)');
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPostgresOnce(tools, await freePort(), options);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startPostgresOnce(
  tools: PostgresTools,
  port: number,
  options: PostgresOptions,
): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const owned = (file: string) => {
    if (tools.owner) chownSync(file, tools.owner.uid, tools.owner.gid);
  };
  owned(dir);
  const asOwner = (command: string, args: readonly string[]) => {
    const [file, ...rest] = [...tools.asOwner, command, ...args];
    return run(file!, rest, { timeout: 60_000 });
  };

  let started = false;
  const tracked = {
    killNow: () => {
      // Synchronous, for the exit hook: SIGQUIT is PostgreSQL's immediate shutdown.
      try {
        const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
    stop: async () => {
      running.delete(tracked);
      if (started || existsSync(path.join(data, 'postmaster.pid'))) {
        await asOwner(tools.pgCtl, ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() =>
          tracked.killNow(),
        );
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(tracked);

  let password: string | undefined;
  try {
    const initArgs = ['-D', data, '-U', 'postgres', '--no-sync', '--locale=C', '-E', 'UTF8'];
    if (options.auth === 'trust') {
      initArgs.push('-A', 'trust');
    } else {
      password = `pw-${Math.random().toString(36).slice(2)}`;
      const pwfile = path.join(dir, 'pwfile');
      writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
      owned(pwfile);
      initArgs.push('--auth-host=scram-sha-256', '--auth-local=trust', `--pwfile=${pwfile}`);
    }
    await asOwner(tools.initdb, initArgs);
    // Log each connection with its application name, so a test can tell the probe's session apart.
    const settings = [
      'fsync = off',
      'log_connections = on',
      'log_disconnections = on',
      "log_line_prefix = '%m [%p] app=%a '",
    ];
    if (options.debugLog) settings.push('log_min_messages = debug1');
    if (options.hostssl) {
      const [cert, key] = [path.join(data, 'server.crt'), path.join(data, 'server.key')];
      execFileSync(
        'openssl',
        [
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
          key,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
      for (const file of [cert, key]) owned(file);
      chmodSync(key, 0o600);
      settings.push('ssl = on', `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`);
      const hba = path.join(data, 'pg_hba.conf');
      writeFileSync(hba, readFileSync(hba, 'utf8').replace(/^host(\s)/gm, 'hostssl$1'));
    }
    appendFileSync(path.join(data, 'postgresql.conf'), `\n# exposcan tests\n${settings.join('\n')}\n`);
    started = true;
    await asOwner(tools.pgCtl, [
      '-D',
      data,
      '-l',
      logFile,
      '-w',
      '-t',
      '30',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
      'start',
    ]);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    await tracked.stop();
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${String(error)}\n${log}`, { cause: error });
  }
  return {
    host: '127.0.0.1',
    port,
    ...(password !== undefined ? { password } : {}),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: tracked.stop,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * How long a helper waits for a service it started to become ready, or for a change it awaits to
 * show. Not a guess of how long that takes: readiness is an event (a port that accepts, an answer,
 * a log line), and the child's exit fails the wait at once. This bound only stops a hang, inside
 * the suite's hook timeout, however loaded the machine (a cold start beside stress-ng took over 20 s).
 */
export const READY_BOUND_MS = 180_000;

/** Resolves once host:port accepts a TCP connection; rejects if the child exits first. */
export async function waitForPort(
  host: string,
  port: number,
  child: ChildProcess,
  timeoutMs = READY_BOUND_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing accepted connections within ${timeoutMs} ms`);
}

/** Polls `read()` until `done` holds for it, or the deadline passes; returns the last value. */
export async function eventually<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = READY_BOUND_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = read();
  }
  return value;
}

/** Whether this kernel lets us listen on ::1 (IPv6 loopback can be disabled). */
export async function ipv6LoopbackAvailable(): Promise<boolean> {
  return freePort('::1').then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------------------------------------
// Scripted peers, for wire-level unit tests of one probe: a loopback server that answers what the
// test says, so replies can be split, cut short or followed by a hang-up at exact points.

export interface ScriptedServer {
  readonly port: number;
  /** Everything each connection sent, in order of connection. */
  readonly received: Buffer[];
  stop(): Promise<void>;
}

/** `onData` is called with all the bytes a connection has sent so far, on every chunk. */
export async function startScriptedServer(onData: (socket: net.Socket, sent: Buffer) => void): Promise<ScriptedServer> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const index = received.push(Buffer.alloc(0)) - 1;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      received[index] = Buffer.concat([received[index]!, chunk]);
      onData(socket, received[index]!);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const tracked = {
    killNow: () => server.close(),
    stop: async () => {
      running.delete(tracked);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.add(tracked);
  return { port: (server.address() as net.AddressInfo).port, received, stop: tracked.stop };
}

/** Writes `bytes` in pieces of `size`, one event-loop turn apart, so the reader sees partial replies. */
export async function writeInPieces(socket: net.Socket, bytes: Buffer, size: number): Promise<void> {
  for (let offset = 0; offset < bytes.length && !socket.destroyed; offset += size) {
    socket.write(bytes.subarray(offset, offset + size));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
