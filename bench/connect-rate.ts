// The loopback's raw connection rate, measured in the same run as the scans: open and close TCP
// connections as fast as Node can with bounded concurrency, to a closed port (the kernel answers
// RST) and to an open one (accept, then both sides close). This is the ceiling a scanner written
// in Node could reach on this machine; exposcan's rate is reported as a share of it.
import net from 'node:net';

export interface ConnectRate {
  readonly connections: number;
  readonly ms: number;
  readonly perSecond: number;
  /** Attempts that did not end as expected (refused for a closed port, connected for an open one). */
  readonly unexpected: number;
}

export async function measureConnectRate(
  host: string,
  port: number,
  expect: 'refused' | 'connected',
  count: number,
  concurrency: number,
): Promise<ConnectRate> {
  let next = 0;
  let unexpected = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        if (expect !== 'connected') unexpected++;
        socket.destroy();
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (expect !== 'refused' || error.code !== 'ECONNREFUSED') unexpected++;
        resolve();
      });
    });
  const worker = async () => {
    while (next < count) {
      next++;
      await once();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  return { connections: count, ms, perSecond: (count / ms) * 1000, unexpected };
}

/** A listener that accepts and hangs up at once, for the open-port rate; loopback only. */
export async function startAcceptor(host: string): Promise<{ port: number; close(): Promise<void> }> {
  if (!host.startsWith('127.')) throw new Error(`the acceptor binds loopback only, not ${host}`);
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, backlog: 4096 }, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
