// Starts an emulator's HTTP server on 127.0.0.1 (a port the kernel picks) and gives back what
// every emulator hands its tests: the port, the base URL, the requests seen, and a close().
import type http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ServedEmulator {
  readonly port: number;
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export async function serveOnLoopback(server: http.Server, requests: string[]): Promise<ServedEmulator> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The same for a raw TCP emulator: close() also ends the connections it still holds. */
export async function serveTcpOnLoopback<R>(
  server: net.Server,
  sockets: ReadonlySet<net.Socket>,
  requests: R[],
): Promise<{ port: number; requests: R[]; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
