// A bounded TCP (or TLS) conversation. Every read has a deadline and a byte cap, so nothing a
// server does (silence, drip-feeding, endless output) can hold the scanner longer or make it
// hold more memory than the caller allowed. This is the only file that opens raw sockets.
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeFailure } from '../engine/types.js';

export interface ConnOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Deadline for the TCP (and TLS) handshake. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Sent as SNI when `host` is a name. */
  readonly servername?: string;
}

/** How one try ended: the connection it made, or why not (an answer, an ICMP error, a local failure). */
export type AttemptAnswer<C> = { readonly accepted: C } | { readonly failure: ProbeFailure };

/** One SYN in flight; its answer goes to the callback it was opened with, and silence to nothing. */
export interface Attempt {
  /** Gives the try up (its socket closed, its callback never called); an accepted connection is the caller's, never cancelled. */
  cancel(): void;
}

/** What a parser says about the bytes received so far. */
export type ParseResult<T> =
  { readonly state: 'incomplete' } | { readonly state: 'matched'; readonly value: T } | { readonly state: 'mismatch' };

export type Parser<T> = (received: Buffer, ended: boolean) => ParseResult<T>;

export type ExchangeResult<T> =
  | { readonly kind: 'matched'; readonly value: T; readonly received: Buffer }
  | { readonly kind: 'mismatch'; readonly received: Buffer }
  | { readonly kind: 'failure'; readonly failure: ProbeFailure; readonly received: Buffer };

export interface ExchangeOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export const INCOMPLETE = { state: 'incomplete' } as const;
export const MISMATCH = { state: 'mismatch' } as const;
export function matched<T>(value: T): ParseResult<T> {
  return { state: 'matched', value };
}

export function failureOf(error: unknown): ProbeFailure {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'unreachable';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ABORT_ERR') return 'aborted';
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS|certificate/i.test(String(error)))
    return 'tls';
  return 'reset';
}

export class Conn {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private ended = false;
  /** Every byte this connection ever received, read or not: whether the server has said anything at all. */
  private receivedTotal = 0;
  private error: ProbeFailure | undefined;
  private wake: (() => void) | undefined;

  private readonly onAbort = () => this.close();

  private constructor(
    private readonly socket: net.Socket,
    readonly remoteAddress: string | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    // An interrupted scan must not wait for a silent server's timeout.
    signal?.addEventListener('abort', this.onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      this.receivedTotal += chunk.length;
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (error) => {
      this.error ??= failureOf(error);
      this.ended = true;
      this.notify();
    });
  }

  /** Connects, or says why not. Never throws. */
  static open(options: ConnOptions): Promise<Conn | { failure: ProbeFailure }> {
    return new Promise((resolve) => {
      if (options.signal?.aborted) return resolve({ failure: 'aborted' });
      const socket = options.tls
        ? tls.connect({
            host: options.host,
            port: options.port,
            // A scanner must talk to servers with self-signed or mismatched certificates:
            // the certificate is not what is being judged, the service behind it is.
            rejectUnauthorized: false,
            secureContext: scannerSecureContext(),
            ...(options.servername && net.isIP(options.servername) === 0 ? { servername: options.servername } : {}),
          })
        : net.connect({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      let settled = false;
      const settle = (value: Conn | { failure: ProbeFailure }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        socket.removeListener('error', onError);
        socket.removeListener(options.tls ? 'secureConnect' : 'connect', onConnect);
        if (!(value instanceof Conn)) socket.destroy();
        resolve(value);
      };
      const onConnect = () => settle(new Conn(socket, socket.remoteAddress, options.signal));
      const onError = (error: Error) => settle({ failure: options.tls ? tlsAwareFailure(error) : failureOf(error) });
      const onAbort = () => settle({ failure: 'aborted' });
      // The deadline is judged after the event loop's I/O phase: on a busy loop the timer and a
      // handshake completed meanwhile fire in one turn, and timers run first. Without this a
      // short handshake deadline would call an answered SYN lost whenever the loop lagged.
      const timer = setTimeout(() => setImmediate(() => settle({ failure: 'timeout' })), options.timeoutMs);
      socket.once(options.tls ? 'secureConnect' : 'connect', onConnect);
      socket.once('error', onError);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * One plain TCP connection attempt for discovery (src/engine/discover.ts): no deadline of its own
   * (discovery keeps it open past its deadline and cancels it at the endpoint's verdict) and no
   * abort listener (discovery's wait ends at an interrupt and cancels every try): thousands are in
   * flight at once, and a listener each on the scan's one signal cost more than the connect. For
   * the same reason the answer goes to a callback, not a promise.
   * The accepted connection is handed to identification, never closed here: a second connection
   * would be one more session in the server's log, an aborted one for MySQL (Aborted_connects,
   * which max_connect_errors turns into a block), and a second DNS lookup for a host name.
   */
  static attempt(
    host: string,
    port: number,
    onAnswer: (answer: AttemptAnswer<Conn>) => void,
    signal?: AbortSignal,
  ): Attempt {
    const socket = net.connect({ host, port });
    let settled = false;
    const settle = (answer: AttemptAnswer<Conn> | undefined) => {
      if (settled) return;
      settled = true;
      socket.removeListener('connect', onConnect);
      socket.removeListener('error', onError);
      if (answer) onAnswer(answer);
    };
    const onConnect = () => {
      socket.setNoDelay(true);
      settle({ accepted: new Conn(socket, socket.remoteAddress, signal) });
    };
    const onError = (error: Error) => {
      socket.destroy();
      settle({ failure: failureOf(error) });
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
    return {
      cancel: () => {
        if (settled) return;
        socket.destroy();
        settle(undefined);
      },
    };
  }

  /**
   * Starts TLS on this connection after a protocol's own upgrade request (PostgreSQL's
   * SSLRequest answered `S`), with the same no-verification context as `open`. Returns the TLS
   * connection; this one must not be used again either way.
   */
  startTls(timeoutMs: number, servername?: string): Promise<Conn | { failure: ProbeFailure }> {
    this.signal?.removeEventListener('abort', this.onAbort);
    // From here the bytes on the wire are TLS records, read by the TLS socket only.
    this.socket.removeAllListeners('data');
    const signal = this.signal;
    return new Promise((resolve) => {
      if (this.ended || signal?.aborted) {
        this.socket.destroy();
        return resolve({ failure: this.ended ? 'closed' : 'aborted' });
      }
      const secure = tls.connect({
        socket: this.socket,
        rejectUnauthorized: false,
        secureContext: scannerSecureContext(),
        ...(servername && net.isIP(servername) === 0 ? { servername } : {}),
      });
      let settled = false;
      const settle = (value: Conn | { failure: ProbeFailure }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        secure.removeListener('error', onError);
        if (!(value instanceof Conn)) secure.destroy();
        resolve(value);
      };
      const onError = (error: Error) => settle({ failure: tlsAwareFailure(error) });
      const timer = setTimeout(() => settle({ failure: 'timeout' }), timeoutMs);
      secure.once('secureConnect', () => settle(new Conn(secure, this.remoteAddress, signal)));
      secure.once('error', onError);
    });
  }

  /** Waits up to `ms` for the server to speak first; returns what it said (possibly nothing). */
  async listen(ms: number, maxBytes: number): Promise<Buffer> {
    const deadline = Date.now() + ms;
    while (this.bufferedBytes === 0 && !this.ended && Date.now() < deadline) {
      await this.waitFor(deadline - Date.now());
    }
    return this.take(maxBytes);
  }

  /**
   * Sends `request` (if any) and reads until the parser decides, the server closes, the byte
   * cap is reached or the deadline passes. Bytes already buffered (a greeting) count as received.
   */
  async exchange<T>(
    request: Buffer | undefined,
    parse: Parser<T>,
    options: ExchangeOptions,
  ): Promise<ExchangeResult<T>> {
    if (request && !this.ended) this.socket.write(request);
    const deadline = Date.now() + options.timeoutMs;
    let received = Buffer.alloc(0);
    for (;;) {
      if (this.bufferedBytes > 0) {
        received = Buffer.concat([received, this.take(options.maxBytes - received.length + 1)]);
        if (received.length > options.maxBytes) {
          received = received.subarray(0, options.maxBytes);
          // Bytes the parser already rejects are a mismatch, not an answer too large: a server
          // spewing garbage at every probe (test/hostile) must not be reported as `too-large`.
          const early = parse(received, false);
          if (early.state === 'mismatch') return { kind: 'mismatch', received };
          const verdict = early.state === 'matched' ? early : parse(received, true);
          if (verdict.state === 'matched') return { kind: 'matched', value: verdict.value, received };
          return { kind: 'failure', failure: 'too-large', received };
        }
      }
      const verdict = parse(received, this.ended && this.bufferedBytes === 0);
      if (verdict.state === 'matched') return { kind: 'matched', value: verdict.value, received };
      if (verdict.state === 'mismatch') return { kind: 'mismatch', received };
      if (this.ended && this.bufferedBytes === 0) {
        if (this.error && received.length === 0) return { kind: 'failure', failure: this.error, received };
        return received.length === 0
          ? { kind: 'failure', failure: 'closed', received }
          : { kind: 'mismatch', received };
      }
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'failure', failure: 'timeout', received };
      await this.waitFor(left);
    }
  }

  /** Open, and not one byte from the server yet: silence so far, not a slow answer under way. */
  get silentSoFar(): boolean {
    return this.receivedTotal === 0 && !this.ended;
  }

  /** Closed by the server (or reset) without one byte: turned away, as a busy one-client server does. */
  get hungUpSilently(): boolean {
    return this.receivedTotal === 0 && this.ended;
  }

  /**
   * Ends our side and waits up to `ms` for the server to close its own, then destroys the socket.
   * A server that admits one client at a time (PGlite's socket server, maxConnections 1) drops the
   * next connection while it still counts this one, so a probe that follows on a fresh connection
   * waits for this close to be seen, an event, rather than guessing a delay.
   */
  async closeGracefully(ms: number): Promise<void> {
    // An abort still cuts the wait short: onAbort destroys the socket, which emits 'close'.
    if (!this.socket.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, ms));
        this.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        this.socket.end();
      });
    }
    this.close();
  }

  write(bytes: Buffer): void {
    if (!this.ended) this.socket.write(bytes);
  }

  close(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }

  private take(maxBytes: number): Buffer {
    const all = Buffer.concat(this.buffered);
    this.buffered = [];
    this.bufferedBytes = 0;
    // notify() paused a flood nobody was reading; now that it is read, let the rest in.
    if (this.socket.isPaused()) this.socket.resume();
    if (all.length > maxBytes) {
      // Keep the overflow out of memory: the caller asked for no more than this.
      return all.subarray(0, maxBytes);
    }
    return all;
  }

  private waitFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private notify(): void {
    this.wake?.();
    // A flood of data should not keep filling memory while nobody reads it.
    if (this.bufferedBytes > 4 * 1024 * 1024) this.socket.pause();
  }
}

function tlsAwareFailure(error: Error): ProbeFailure {
  const failure = failureOf(error);
  // A plain-text reply or a reset during the handshake means "not TLS here", which is a TLS failure.
  return failure === 'reset' || failure === 'closed' ? 'tls' : failure;
}

let sharedSecureContext: tls.SecureContext | undefined;

/**
 * One TLS context for every connection of the process: without it Node builds a fresh one (CA
 * store included) per tls.connect, which made a sweep of TLS-first ports about 4x the CPU of
 * plain ones and pushed its memory past 340 MB (measured by the bench). Nothing in it is per
 * server: certificates are not verified and no client certificate is sent.
 */
function scannerSecureContext(): tls.SecureContext {
  sharedSecureContext ??= tls.createSecureContext();
  return sharedSecureContext;
}
