// The purpose-built listeners of the benchmark lab, all on 127.0.0.0/8 only:
//   relay   accepts on a lab address (127.1.0.x:port) and pipes each connection to a real server
//           or emulator that a test helper started on 127.0.0.1 (the helpers cannot bind other
//           loopback addresses); with `delayMs` every reply is held back that long first, which
//           makes a slow responder out of any service;
//   tarpit  accepts and never answers (a firewall that lets the handshake through, a hung service).
// Every listener counts the connections it accepted, so the bench knows how many connections a
// scanner really made, and closes every socket it holds on close().
import net from 'node:net';

export interface LabListener {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export interface Backend {
  readonly host: string;
  readonly port: number;
}

function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) throw new Error(`lab listeners bind loopback only, not ${host}`);
}

async function listen(host: string, port: number, onSocket: (socket: net.Socket) => void): Promise<LabListener> {
  assertLoopback(host);
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  // A scanner opens hundreds of connections at once: a short backlog would turn them into resets.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 4096 }, () => resolve());
  });
  return {
    host,
    // The port asked for, or the kernel's choice for 0.
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Pipes every connection to `backend`; replies are delayed by `delayMs` (0: not at all). */
export async function startRelay(host: string, port: number, backend: Backend, delayMs = 0): Promise<LabListener> {
  assertLoopback(backend.host);
  return listen(host, port, (client) => {
    const upstream = net.connect({ host: backend.host, port: backend.port });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      // Let delayed bytes go out before the hang-up reaches the client.
      setTimeout(() => client.end(), delayMs);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0) client.write(chunk);
      else setTimeout(() => !client.destroyed && client.write(chunk), delayMs);
    });
  });
}

/** Accepts, reads and discards whatever arrives, and never says a word. */
export function startTarpit(host: string, port: number): Promise<LabListener> {
  return listen(host, port, (socket) => socket.resume());
}
