// The ZooKeeper probe: reading the answer to `mntr`. Recorded replies: mntr of 3.5.5 (from the
// OpenTelemetry collector's tests) and of 3.8.0 plus 3.8.0's whitelist refusal (recorded here from
// the servers the integration test starts). Real servers: test/integration/zookeeper.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import { MNTR_REQUEST, observationFromMntr, parseMntrReply, zookeeperProbe } from '../../../src/probes/wire/zookeeper.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { startScriptedServer, stopAll, writeInPieces } from '../../helpers/services.js';

afterAll(stopAll);

const MNTR_3_5_5 = recordedBytes('zookeeper/mntr-3.5.5.txt');
const MNTR_3_8_0 = recordedBytes('zookeeper/mntr-3.8.0.txt');
const REFUSED = recordedBytes('zookeeper/mntr-not-whitelisted-3.8.0.txt');

function observed(bytes: Buffer) {
  const reply = parseMntrReply(bytes, true);
  if (reply.state !== 'matched') throw new Error(`not a complete reply: ${reply.state}`);
  return observationFromMntr(reply.value);
}

describe('parseMntrReply and observationFromMntr', () => {
  it('reads the recorded 3.5.5 mntr (a leader)', () => {
    expect(observed(MNTR_3_5_5)).toEqual({
      protocol: 'zookeeper',
      product: 'zookeeper',
      access: 'open',
      version: '3.5.5',
      serverState: 'leader',
      znodeCount: 5,
      approximateDataSize: 107,
      aliveConnections: 1,
      signals: ['answer to the `mntr` four-letter word (zk_ lines)', 'zk_version line'],
    });
  });

  it('reads the recorded 3.8.0 mntr (hundreds of metrics, standalone)', () => {
    expect(observed(MNTR_3_8_0)).toMatchObject({ access: 'open', version: '3.8.0', serverState: 'standalone', znodeCount: 5, approximateDataSize: 44 });
  });

  it('reads the recorded whitelist refusal as refused', () => {
    expect(observed(REFUSED)).toMatchObject({ access: 'refused', refusal: 'mntr is not executed because it is not in the whitelist.' });
  });

  it('reads "not currently serving requests" as ZooKeeper with access unknown', () => {
    expect(observed(Buffer.from('This ZooKeeper instance is not currently serving requests\n'))).toMatchObject({ product: 'zookeeper', access: 'unknown' });
  });

  it('waits for the server to hang up: ZooKeeper ends its answer by closing', () => {
    for (const cut of [0, 1, 10, 100, MNTR_3_5_5.length]) expect(parseMntrReply(MNTR_3_5_5.subarray(0, cut), false).state).toBe('incomplete');
  });

  it('is not ZooKeeper: other protocols, or mntr-like text with a line that is not zk_', () => {
    for (const text of ['HTTP/1.1 400 Bad Request\r\n\r\n', "-ERR unknown command 'mntr'\r\n", 'ERROR\r\n', 'srvr is not executed because it is not in the whitelist.\n']) {
      expect(parseMntrReply(Buffer.from(text), false).state, text).toBe('mismatch');
    }
    expect(parseMntrReply(Buffer.from('zk_version\t3.8.0\nsomething else\n'), true).state).toBe('mismatch');
    expect(parseMntrReply(Buffer.from('zk_version\t3.8.0\n'), true).state).toBe('matched');
  });

  it('leaves a silent hang-up to the connection (closed), rather than calling it a mismatch', () => {
    expect(parseMntrReply(Buffer.alloc(0), true).state).toBe('incomplete');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (input, ended) => {
        const reply = parseMntrReply(Buffer.from(input), ended);
        expect(['incomplete', 'matched', 'mismatch']).toContain(reply.state);
        if (reply.state === 'matched') observationFromMntr(reply.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on zk_ lines with arbitrary values', () => {
    const line = fc.tuple(fc.constantFrom('zk_version', 'zk_server_state', 'zk_znode_count', 'zk_approximate_data_size', 'zk_x'), fc.string({ maxLength: 30 })).map(([name, value]) => `${name}\t${value}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const reply = parseMntrReply(Buffer.from(`${lines.join('\n')}\n`, 'utf8'), true);
        if (reply.state === 'matched') {
          const observation = observationFromMntr(reply.value);
          if (observation.znodeCount !== undefined) expect(Number.isInteger(observation.znodeCount)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the mntr conversation, against a scripted loopback peer', () => {
  async function converse(answer: Buffer) {
    const server = await startScriptedServer((socket, sent) => {
      if (sent.length >= 4) void writeInPieces(socket, answer, 500).then(() => socket.end());
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      return { outcome: await zookeeperProbe.converse(conn, { timeoutMs: 2000 }), sent: server.received[0] ?? Buffer.alloc(0) };
    } finally {
      conn.close();
      await server.stop();
    }
  }

  it('sends `mntr` and a newline, nothing else, and reads the answer up to the hang-up', async () => {
    const { outcome, sent } = await converse(MNTR_3_8_0);
    expect(sent).toEqual(MNTR_REQUEST);
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open', version: '3.8.0' } });
  });

  it('reports the refusal', async () => {
    expect((await converse(REFUSED)).outcome).toMatchObject({ kind: 'identified', observation: { access: 'refused' } });
  });
});
