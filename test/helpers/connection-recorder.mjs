// A preload for the CLI under test (`node --import <this file> bin/exposcan.js …`): it writes
// every outgoing connection the process tries, every one it makes, every host-name lookup and
// every UDP datagram to the file named by EXPOSCAN_CONNECTION_LOG, one JSON object a line, so a
// test can compare what a scan really contacted with what it was allowed to.
//
// It is also a fence: a connection or lookup for anything but a loopback address literal is
// recorded as `blocked` and refused here, before any resolver or network sees it, so a scanner
// bug can fail a test but can never reach a host outside this machine.
//
// Plain JavaScript: it runs in the compiled CLI's process, outside vitest's TypeScript loader.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const logFile = process.env.EXPOSCAN_CONNECTION_LOG;
if (!logFile) throw new Error('connection-recorder: set EXPOSCAN_CONNECTION_LOG to the file to write');

function record(entry) {
  // Synchronous on purpose: the process may be killed any moment; every line must already be on disk.
  appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: the only places a test scan may reach. */
export function isLoopbackLiteral(host) {
  if (typeof host !== 'string') return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

function refuse(what) {
  return Object.assign(new Error(`connection-recorder: refused ${what} (not a loopback address)`), {
    code: 'ECONNREFUSED',
  });
}

// --- TCP (and TLS, whose sockets connect through the same method) ----------------------------

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect hands over its already-normalised [options, callback] pair as one array.
  const normalized = Array.isArray(args[0]) ? args[0] : net._normalizeArgs(args);
  const options = normalized[0] ?? {};
  if (typeof options.path === 'string' && options.path !== '') {
    record({ event: 'connect', path: String(options.path) });
    return originalConnect.apply(this, args);
  }
  const host = options.host ?? 'localhost';
  const port = Number(options.port);
  if (!isLoopbackLiteral(host)) {
    record({ event: 'blocked', host, port });
    process.nextTick(() => this.destroy(refuse(`${host}:${port}`)));
    return this;
  }
  record({ event: 'connect', host, port });
  this.once('connect', () =>
    record({ event: 'connected', host, port, address: this.remoteAddress, remotePort: this.remotePort }),
  );
  return originalConnect.apply(this, args);
};

// --- name lookups: recorded, and refused for anything but a loopback literal ------------------

const originalLookup = dns.lookup;
dns.lookup = function recordedLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  record({ event: 'lookup', host: hostname });
  if (!isLoopbackLiteral(hostname)) {
    record({ event: 'blocked', host: hostname, lookup: true });
    process.nextTick(() => done(Object.assign(refuse(`lookup of ${hostname}`), { code: 'ENOTFOUND' })));
    return {};
  }
  return originalLookup.call(this, hostname, options, callback);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async function recordedPromisesLookup(hostname, options) {
  record({ event: 'lookup', host: hostname });
  if (!isLoopbackLiteral(hostname)) {
    record({ event: 'blocked', host: hostname, lookup: true });
    throw Object.assign(refuse(`lookup of ${hostname}`), { code: 'ENOTFOUND' });
  }
  return originalPromisesLookup.call(this, hostname, options);
};

// Direct DNS queries (dns.resolve*) go to the resolver in /etc/resolv.conf, never loopback here.
for (const name of Object.keys(dns)) {
  if (!/^resolve/.test(name) || typeof dns[name] !== 'function') continue;
  dns[name] = function recordedResolve(hostname, ...rest) {
    record({ event: 'blocked', host: String(hostname), resolve: name });
    const done = rest.find((arg) => typeof arg === 'function');
    process.nextTick(() => done?.(Object.assign(refuse(`${name} of ${hostname}`), { code: 'ENOTFOUND' })));
    return {};
  };
}

// --- UDP -----------------------------------------------------------------------------------------

const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function recordedSend(...args) {
  // send(msg[, offset, length], port[, address][, callback]): an address, when given, is the last string.
  const callback = typeof args.at(-1) === 'function' ? args.at(-1) : undefined;
  const values = callback ? args.slice(0, -1) : args;
  const address = typeof values.at(-1) === 'string' ? values.at(-1) : undefined;
  const port = address !== undefined ? values.at(-2) : values.at(-1);
  if (address !== undefined && !isLoopbackLiteral(address)) {
    record({ event: 'blocked', host: address, port, udp: true });
    process.nextTick(() => callback?.(refuse(`UDP to ${address}`)));
    return;
  }
  record({ event: 'udp', host: address ?? '(connected socket)', port });
  return originalSend.apply(this, args);
};
