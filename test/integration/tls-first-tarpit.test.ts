// An endpoint whose TCP handshake discovery saw is open, whatever identification meets after it.
// A TLS-first endpoint (an https:// target, as on 443) that accepts and then says nothing to the
// ClientHello used to be listed as a closed port: the TLS handshake's timeout was taken for a
// failed connection. Loopback peers written here (a tarpit, a peer that resets the ClientHello);
// the near miss is a port nobody listens on, which stays closed.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { freePort } from '../helpers/ports.js';

const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 2000 };

function scan(target: string): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(target)], []), RULES, SETTINGS, {
    now: () => new Date('2026-12-07T00:00:00Z'),
  });
}

/** A loopback peer: `onData` decides what to do with what the client sends (nothing: a tarpit). */
async function peer(onData: (socket: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => onData(socket));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a TLS-first endpoint that accepted the connection', () => {
  const peers: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(peers.map((p) => p.close())));

  it('a tarpit (silent to the ClientHello) is an open port, not identified, a timeout: not closed', async () => {
    const tarpit = await peer(() => undefined);
    peers.push(tarpit);
    const outcome = await scan(`https://127.0.0.1:${tarpit.port}`);
    expect(outcome.stats).toMatchObject({ endpoints: 1, open: 1, identified: 0 });
    expect(outcome.services).toEqual([expect.objectContaining({ port: tarpit.port, protocol: 'unknown', tls: true })]);
    expect(outcome.findings).toEqual([]);
  });

  it('a peer that resets the ClientHello is open too', async () => {
    const resetting = await peer((socket) => socket.resetAndDestroy());
    peers.push(resetting);
    const outcome = await scan(`https://127.0.0.1:${resetting.port}`);
    expect(outcome.stats).toMatchObject({ endpoints: 1, open: 1 });
    expect(outcome.services).toEqual([expect.objectContaining({ port: resetting.port, protocol: 'unknown' })]);
  });

  it('near miss: a port nobody listens on stays closed', async () => {
    const port = await freePort();
    const outcome = await scan(`https://127.0.0.1:${port}`);
    expect(outcome.stats).toMatchObject({ endpoints: 1, open: 0 });
    expect(outcome.services).toEqual([]);
  });
});
