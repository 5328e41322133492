// The memcached probe: reading `stats`, its refusals, and the conversation over a loopback socket.
// Replies are recorded: stats of a real 1.6.18 and its ASCII-authentication refusal (recorded here
// from the servers the integration test starts), and 1.6.14's stats from telegraf's tests (LF line
// endings, as stored there). Real servers: test/integration/memcached.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import {
  MAX_STATS_BYTES,
  STATS_REQUEST,
  memcachedProbe,
  observationFromStats,
  parseStatsReply,
} from '../../../src/probes/wire/memcached.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { startScriptedServer, stopAll, writeInPieces } from '../../helpers/services.js';

afterAll(stopAll);

const STATS_1_6_18 = recordedBytes('memcached/stats-1.6.18.txt');
const STATS_1_6_14 = recordedBytes('memcached/stats-1.6.14.txt');
const UNAUTHENTICATED = recordedBytes('memcached/client-error-unauthenticated-1.6.18.txt');

function observed(bytes: Buffer) {
  const reply = parseStatsReply(bytes);
  if (reply.state !== 'matched') throw new Error(`not a complete reply: ${reply.state}`);
  return observationFromStats(reply.value);
}

describe('parseStatsReply and observationFromStats', () => {
  it('reads the recorded 1.6.18 stats (CRLF, as on the wire)', () => {
    expect(observed(STATS_1_6_18)).toEqual({
      protocol: 'memcached',
      product: 'memcached',
      access: 'open',
      version: '1.6.18',
      items: 3,
      bytes: 213,
      currConnections: 1,
      totalConnections: 4,
      uptimeSeconds: 2,
      signals: ['STAT lines ending in END (memcached text protocol)', 'pid and version stats'],
    });
  });

  it('reads the recorded 1.6.14 stats (LF only) and drops the git suffix of the version', () => {
    expect(observed(STATS_1_6_14)).toMatchObject({ access: 'open', version: '1.6.14', items: 0, totalConnections: 3 });
  });

  it('reads the recorded ASCII-authentication refusal as auth-required', () => {
    expect(observed(UNAUTHENTICATED)).toMatchObject({
      protocol: 'memcached',
      access: 'auth-required',
      refusal: 'CLIENT_ERROR unauthenticated',
    });
  });

  it('asks for more on every strict prefix of a reply', () => {
    for (let cut = 0; cut < STATS_1_6_18.length; cut++)
      expect(parseStatsReply(STATS_1_6_18.subarray(0, cut)).state, `cut at ${cut}`).toBe('incomplete');
  });

  it('is not memcached: other protocols, other errors, a stats reply without pid or version', () => {
    for (const text of [
      'HTTP/1.1 400 Bad Request\r\n\r\n',
      "-ERR unknown command 'stats'\r\n",
      'SSH-2.0-OpenSSH_9.2\r\n',
      'END\r\n',
      'STAT x\r\n',
    ]) {
      expect(parseStatsReply(Buffer.from(text)).state, text).toBe('mismatch');
    }
    const noPid = parseStatsReply(Buffer.from('STAT version 1.6.18\r\nEND\r\n'));
    expect(noPid.state === 'matched' && observationFromStats(noPid.value)).toBeUndefined();
    const error = parseStatsReply(Buffer.from('ERROR\r\n'));
    expect(error.state === 'matched' && observationFromStats(error.value)).toBeUndefined();
  });

  it('refuses a line longer than any stats line', () => {
    expect(parseStatsReply(Buffer.concat([Buffer.from('STAT pid '), Buffer.alloc(2000, 0x31)])).state).toBe('mismatch');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
        const reply = parseStatsReply(Buffer.from(input));
        expect(['incomplete', 'matched', 'mismatch']).toContain(reply.state);
        if (reply.state === 'matched') observationFromStats(reply.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on stats-like lines with arbitrary names and values', () => {
    const line = fc.oneof(
      fc
        .tuple(fc.constantFrom('pid', 'version', 'curr_items', 'bytes', 'uptime', 'x'), fc.string({ maxLength: 30 }))
        .map(([name, value]) => `STAT ${name} ${value}`),
      fc.constantFrom('END', 'ERROR', 'CLIENT_ERROR unauthenticated', ''),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\r\n', '\n'), (lines, end) => {
        const reply = parseStatsReply(Buffer.from(lines.join(end) + end, 'utf8'));
        if (reply.state === 'matched') {
          const observation = observationFromStats(reply.value);
          if (observation?.access === 'open') expect(observation.version).toMatch(/^\d+\.\d+\.\d+$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('recognizeStrayReply', () => {
  it('recognises memcached before 1.6 answering each line of `GET / HTTP/1.1` with ERROR', () => {
    expect(memcachedProbe.recognizeStrayReply!(Buffer.from('ERROR\r\nERROR\r\nERROR\r\n'))).toBe(true);
    expect(memcachedProbe.recognizeStrayReply!(Buffer.from('ERROR\r\n'))).toBe(false);
    expect(memcachedProbe.recognizeStrayReply!(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBe(false);
  });
});

describe('the stats conversation, against a scripted loopback peer', () => {
  async function converse(reply: (socket: import('node:net').Socket) => void) {
    const server = await startScriptedServer((socket, sent) => {
      if (sent.toString('latin1').endsWith('\r\n')) reply(socket);
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      return {
        outcome: await memcachedProbe.converse(conn, { timeoutMs: 2000 }),
        sent: server.received[0] ?? Buffer.alloc(0),
      };
    } finally {
      conn.close();
      await server.stop();
    }
  }

  it('sends `stats` and nothing else, and reads a reply that arrives in pieces', async () => {
    const { outcome, sent } = await converse((socket) => void writeInPieces(socket, STATS_1_6_18, 100));
    expect(sent).toEqual(STATS_REQUEST);
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open', version: '1.6.18', items: 3 } });
  });

  it('is not memcached when the reply is something else', async () => {
    expect((await converse((socket) => socket.write('-ERR unknown command\r\n'))).outcome).toEqual({
      kind: 'not-this',
    });
  });

  it('fails as too-large on an endless stream of STAT lines', async () => {
    const flood = Buffer.from('STAT pid 1\r\n'.repeat(Math.ceil((MAX_STATS_BYTES * 2) / 12)));
    expect((await converse((socket) => socket.write(flood))).outcome).toEqual({
      kind: 'failure',
      failure: 'too-large',
    });
  });
});
