// Purpose-built synthetic servers for the long-scan tests, on free loopback ports:
// - a counting listener greets with a banner no rule knows, answers anything with one line and
//   hangs up, and counts the connections it accepted (so a test can prove an endpoint was not
//   probed again);
// - a tarpit accepts and never says a word, so each of its endpoints costs the probe timeout.
// Plus the built CLI run as a child process, as a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export interface CountingListener {
  readonly port: number;
  readonly connections: () => number;
  close(): Promise<void>;
}

function listen(
  onConnection: (socket: net.Socket) => void,
): Promise<{ server: net.Server; port: number; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, sockets }));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

export async function startCountingListener(): Promise<CountingListener> {
  let count = 0;
  const { server, port, sockets } = await listen((socket) => {
    count++;
    socket.write('XQZ-7 counting listener ready\r\n');
    socket.once('data', () => socket.end('XQZ-7 bye\r\n'));
  });
  return { port, connections: () => count, close: closer(server, sockets) };
}

export async function startTarpit(): Promise<{ port: number; close(): Promise<void> }> {
  const { server, port, sockets } = await listen(() => undefined);
  return { port, close: closer(server, sockets) };
}

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves when the process ends: its exit code (null when killed) and output. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function runCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/**
 * Polls `check` every 50 ms until it returns a value. It waits for an event, not a guessed time:
 * when `exited` settles first (the child it waits on ended), it fails naming what never came; a
 * hang is bounded by the test's own timeout, however slow the machine.
 */
export async function waitFor<T>(check: () => T | undefined, what: string, exited: Promise<unknown>): Promise<T> {
  let ended = false;
  void exited.then(
    () => (ended = true),
    () => (ended = true),
  );
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (ended) throw new Error(`the process ended before ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
