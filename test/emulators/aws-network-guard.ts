// A test-time fence: while installed, any TCP connection to something other than loopback
// (a real AWS endpoint, IMDS at 169.254.169.254…) throws before a packet leaves, and is recorded
// so the test can fail on it. Every socket Node opens (node:http, undici, TLS) goes through
// net.Socket.prototype.connect.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface NetworkGuard {
  /** Destinations refused, as host:port. */
  readonly refused: string[];
  uninstall(): void;
}

export function installLoopbackOnlyGuard(): NetworkGuard {
  const refused: string[] = [];
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]) {
    const [first, second] = args;
    let host: string | undefined;
    let port: unknown;
    if (Array.isArray(first)) {
      // Node's internal normalised form: [options, callback].
      const options = first[0] as { host?: string; port?: unknown; path?: string } | undefined;
      if (options?.path) return original.apply(this, args as never);
      host = options?.host ?? 'localhost';
      port = options?.port;
    } else if (typeof first === 'object' && first !== null) {
      const options = first as { host?: string; port?: unknown; path?: string };
      if (options.path) return original.apply(this, args as never);
      host = options.host ?? 'localhost';
      port = options.port;
    } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
      // A unix socket path.
      return original.apply(this, args as never);
    } else {
      port = first;
      host = typeof second === 'string' ? second : 'localhost';
    }
    if (!LOOPBACK.has(host)) {
      refused.push(`${host}:${String(port)}`);
      throw new Error(
        `network guard: refused a connection to ${host}:${String(port)} (tests may only reach 127.0.0.1)`,
      );
    }
    return original.apply(this, args as never);
  } as typeof net.Socket.prototype.connect;
  net.Socket.prototype.connect = guarded;
  return {
    refused,
    uninstall() {
      net.Socket.prototype.connect = original;
    },
  };
}
