// HTTP receivers on 127.0.0.1 (ephemeral ports) for the notification tests: one that answers 200
// and keeps every request, one that answers 500, one that reads the request and never answers.
// `received(n)` resolves once n requests have arrived, so tests wait for the event, never for time.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface Receiver {
  readonly url: string;
  readonly requests: Received[];
  /** Resolves once `count` requests have arrived (at once when they already have). */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(behaviour: 'ok' | 'fail' | 'hang'): Promise<Receiver> {
  const requests: Received[] = [];
  const open = new Set<ServerResponse>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const waiter of waiters.filter((w) => w.count <= requests.length)) waiter.resolve();
      if (behaviour === 'ok') response.writeHead(200).end('ok');
      else if (behaviour === 'fail') response.writeHead(500).end('boom');
      else open.add(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook/SECRET-PATH`,
    requests,
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
