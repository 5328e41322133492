// Plumbing for the purpose-built hostile servers: a loopback listener that counts connections and
// requests and tears every socket down on close, and the two ways a hostile server sends bytes
// (pouring without end, and dripping one byte at a time). Loopback only: 127.0.0.0/8 or ::1.
import net from 'node:net';
import tls from 'node:tls';

export interface HostileServer {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: () => number;
  /** Request paths seen so far (HTTP servers only), in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

export type Handler = (socket: net.Socket, server: { readonly paths: string[] }) => void;

export interface ServeOptions {
  readonly host?: string;
  readonly port?: number;
  /** Serve TLS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

/** Starts a listener on a free port (or `port`) of `host`; every accepted socket goes to `handler`. */
export function serve(handler: Handler, options: ServeOptions = {}): Promise<HostileServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const paths: string[] = [];
  let connections = 0;
  const accept = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    // The scanner hangs up, resets and times out on purpose: none of that is this server's error.
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    handler(socket, { paths });
  };
  const server = options.tls
    ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, accept)
    : net.createServer(accept);
  // A failed handshake (the scanner sent plain text, or gave up) is expected.
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        host,
        port,
        connections: () => connections,
        paths,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * Writes what `next` returns for as long as the peer reads, honouring back-pressure, until `next`
 * returns undefined (then ends the socket) or the peer goes away. Memory stays one chunk.
 */
export function pour(socket: net.Socket, next: () => Buffer | undefined): void {
  const write = () => {
    while (!socket.destroyed) {
      const chunk = next();
      if (chunk === undefined) {
        socket.end();
        return;
      }
      if (!socket.write(chunk)) {
        socket.once('drain', write);
        return;
      }
    }
  };
  write();
}

/** Pours `chunk` again and again, without end. */
export function pourForever(socket: net.Socket, chunk: Buffer): void {
  pour(socket, () => chunk);
}

/** Pours `head`, then `chunk` until `total` bytes have gone, then ends. */
export function pourSized(socket: net.Socket, head: Buffer, chunk: Buffer, total: number): void {
  let sent = 0;
  let headSent = false;
  pour(socket, () => {
    if (!headSent) {
      headSent = true;
      return head;
    }
    if (sent >= total) return undefined;
    sent += chunk.length;
    return chunk;
  });
}

/** Sends `bytes` one byte every `intervalMs`, then keeps the connection open in silence. */
export function drip(socket: net.Socket, bytes: Buffer, intervalMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= bytes.length) {
      clearInterval(timer);
      return;
    }
    socket.write(bytes.subarray(at, at + 1));
    at++;
  }, intervalMs);
  socket.on('close', () => clearInterval(timer));
}

/** Waits for the first bytes the client sends, then calls `reply` once with them. */
export function onFirstData(socket: net.Socket, reply: (first: Buffer) => void): void {
  socket.once('data', reply);
}

/**
 * Reads one HTTP request head (up to its blank line), records its path, and hands the path to
 * `respond`. Bodies (etcd's POST) are not read: every response here ends the connection.
 */
export function onHttpRequest(
  socket: net.Socket,
  server: { readonly paths: string[] },
  respond: (path: string) => void,
): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      // Not HTTP (a wire probe's bytes, judged once a line or 8 bytes are in): hang up, as a
      // real HTTP server would on garbage.
      const judged = head.length >= 8 || head.includes('\n');
      if (head.length > 8192 || (judged && !/^[A-Z]{3,7} /.test(head.subarray(0, 8).toString('latin1'))))
        socket.destroy();
      return;
    }
    socket.off('data', onData);
    const path = /^[A-Z]+ (\S+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'))?.[1] ?? '?';
    server.paths.push(path);
    respond(path);
  };
  socket.on('data', onData);
}

/** An HTTP/1.1 response head (status line, headers, blank line), latin1 so raw bytes pass. */
export function head(status: string, headers: Readonly<Record<string, string | number>>): Buffer {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return Buffer.from(`HTTP/1.1 ${status}\r\n${lines.join('')}\r\n`, 'latin1');
}

/** A complete response with a Content-Length, then the connection is ended. */
export function respond(
  socket: net.Socket,
  status: string,
  headers: Readonly<Record<string, string | number>>,
  body: string | Buffer = '',
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  socket.end(Buffer.concat([head(status, { ...headers, 'Content-Length': bytes.length, Connection: 'close' }), bytes]));
}
