// Starts an emulator's HTTP server on 127.0.0.1 (a port the kernel picks) and gives back what
// every emulator hands its tests: the port, the base URL, the requests seen, and a close().
import type http from 'node:http';
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
