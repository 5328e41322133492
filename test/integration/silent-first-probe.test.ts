// A server silent to the first probe. PGlite's socket server (@electric-sql/pglite-socket) reads a
// stray `GET ` as a startup-packet length and waits for that many bytes, saying nothing; it is not
// installed here (adding the npm package and its WASM build was not worth its weight for one test),
// so this peer behaves as its protocol code does: silence to anything but a well-formed startup,
// which it answers with AuthenticationOk, server_version and ReadyForQuery (PGlite's trust login).
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../src/engine/registry.js';
import { runScan } from '../../src/engine/run.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { startScriptedServer, stopAll } from '../helpers/services.js';

afterAll(stopAll);

const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 2000 };

function message(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

const AUTH_OK = message('R', Buffer.from([0, 0, 0, 0]));
const VERSION = message('S', Buffer.from('server_version\u000016.4 (PGlite 0.2.0)\u0000', 'latin1'));
const READY = message('Z', Buffer.from('I', 'latin1'));

function isStartup(sent: Buffer): boolean {
  return sent.length >= 8 && sent.readInt32BE(0) === sent.length && sent.readInt32BE(4) === 196608;
}

describe('a PostgreSQL-compatible server silent to a stray GET (PGlite-like)', () => {
  it('is identified by the startup probe sent beside the silent GET, within the one timeout', async () => {
    const server = await startScriptedServer((socket, sent) => {
      if (isStartup(sent)) socket.write(Buffer.concat([AUTH_OK, VERSION, READY]));
    });
    const outcome = await runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), allRules(), SETTINGS);
    expect(outcome.findings.filter((finding) => finding.ruleId === 'postgres-trust-auth')).toEqual([
      expect.objectContaining({ product: 'postgresql', version: '16.4', severity: 'critical' }),
    ]);
    // Two connections: the silent GET and the startup beside it; nothing more.
    expect(server.received.map((bytes) => bytes.subarray(0, 4).toString('latin1'))).toEqual(['GET ', expect.any(String)]);
  });

  it('a server silent to everything is still one unidentified timeout', async () => {
    const server = await startScriptedServer(() => undefined);
    const outcome = await runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), allRules(), SETTINGS);
    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ port: server.port, protocol: 'unknown' })]);
    expect(server.received).toHaveLength(2);
  });
});
