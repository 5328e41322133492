// The ZooKeeper probe: reading the answer to `mntr`. Recorded replies: mntr of 3.5.5 (from the
// OpenTelemetry collector's tests) and of 3.8.0 plus 3.8.0's whitelist refusal (recorded here from
// the servers the integration test starts). Real servers: test/integration/zookeeper.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import {
  MNTR_REQUEST,
  observationFromMntr,
  parseMntrReply,
  zookeeperProbe,
} from '../../../src/probes/wire/zookeeper.js';
import {
  closeSessionRequest,
  connectRequest,
  getChildrenRequest,
  parseChildrenReply,
  parseConnectResponse,
} from '../../../src/probes/wire/zookeeper-session.js';
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
      provenBy: 'mntr',
      signals: ['answer to the `mntr` four-letter word (zk_ lines)', 'zk_version line'],
    });
  });

  it('reads the recorded 3.8.0 mntr (hundreds of metrics, standalone)', () => {
    expect(observed(MNTR_3_8_0)).toMatchObject({
      access: 'open',
      version: '3.8.0',
      serverState: 'standalone',
      znodeCount: 5,
      approximateDataSize: 44,
    });
  });

  it('reads the recorded whitelist refusal as undecided, not refused: the words say nothing of the client port', () => {
    expect(observed(REFUSED)).toMatchObject({
      access: 'unknown',
      refusal: 'mntr is not executed because it is not in the whitelist.',
      undecided: expect.stringContaining('no session tried'),
    });
  });

  it('reads "not currently serving requests" as ZooKeeper with access unknown', () => {
    expect(observed(Buffer.from('This ZooKeeper instance is not currently serving requests\n'))).toMatchObject({
      product: 'zookeeper',
      access: 'unknown',
    });
  });

  it('waits for the server to hang up: ZooKeeper ends its answer by closing', () => {
    for (const cut of [0, 1, 10, 100, MNTR_3_5_5.length])
      expect(parseMntrReply(MNTR_3_5_5.subarray(0, cut), false).state).toBe('incomplete');
  });

  it('is not ZooKeeper: other protocols, or mntr-like text with a line that is not zk_', () => {
    for (const text of [
      'HTTP/1.1 400 Bad Request\r\n\r\n',
      "-ERR unknown command 'mntr'\r\n",
      'ERROR\r\n',
      'srvr is not executed because it is not in the whitelist.\n',
    ]) {
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
    const line = fc
      .tuple(
        fc.constantFrom('zk_version', 'zk_server_state', 'zk_znode_count', 'zk_approximate_data_size', 'zk_x'),
        fc.string({ maxLength: 30 }),
      )
      .map(([name, value]) => `${name}\t${value}`);
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
      return {
        outcome: await zookeeperProbe.converse(conn, { timeoutMs: 2000 }),
        sent: server.received[0] ?? Buffer.alloc(0),
      };
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

  it('reports the refusal as undecided when no further connection may be opened', async () => {
    expect((await converse(REFUSED)).outcome).toMatchObject({
      kind: 'identified',
      observation: { access: 'unknown', refusal: expect.any(String) },
    });
  });
});

// The session packets, as a real ZooKeeper 3.8.0 (Debian) sends them: a ConnectResponse granting
// session 0x1000a5e3a6b0000 with a 10 s timeout and a 16-byte password, and getChildren replies.
function packet(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return Buffer.concat([length, body]);
}
const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
const int64 = (value: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(value);
  return bytes;
};
const text = (value: string) => Buffer.concat([int32(Buffer.byteLength(value)), Buffer.from(value)]);
const CONNECT_GRANTED = packet(
  int32(0),
  int32(10_000),
  int64(0x1000a5e3a6b0000n),
  int32(16),
  Buffer.alloc(16, 7),
  Buffer.from([0]),
);
const CONNECT_EXPIRED = packet(int32(0), int32(0), int64(0n), int32(16), Buffer.alloc(16), Buffer.from([0]));
const childrenReply = (xid: number, names: string[]) =>
  packet(int32(xid), int64(4n), int32(0), int32(names.length), ...names.map(text));
const errorReply = (xid: number, code: number) => packet(int32(xid), int64(4n), int32(code));

describe('the session packets', () => {
  it('builds ConnectRequest, getChildren("/") and closeSession as zkCli does (no credentials, no watch)', () => {
    expect(connectRequest()).toEqual(
      packet(int32(0), int64(0n), int32(10_000), int64(0n), int32(16), Buffer.alloc(16), Buffer.from([0])),
    );
    expect(getChildrenRequest(1, '/')).toEqual(packet(int32(1), int32(8), text('/'), Buffer.from([0])));
    expect(closeSessionRequest(2)).toEqual(packet(int32(2), int32(-11)));
  });

  it('reads a granted and an expired session, and whole packets only', () => {
    expect(parseConnectResponse(CONNECT_GRANTED)).toEqual({ state: 'matched', value: { granted: true } });
    expect(parseConnectResponse(CONNECT_EXPIRED)).toEqual({ state: 'matched', value: { granted: false } });
    expect(parseConnectResponse(CONNECT_GRANTED.subarray(0, 20)).state).toBe('incomplete');
    expect(parseConnectResponse(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).state).toBe('mismatch');
  });

  it('reads the children of /, and an authentication error', () => {
    expect(parseChildrenReply(1)(childrenReply(1, ['zookeeper', 'kafka']))).toEqual({
      state: 'matched',
      value: { kind: 'children', count: 2, names: ['zookeeper', 'kafka'] },
    });
    expect(parseChildrenReply(1)(errorReply(1, -124))).toEqual({
      state: 'matched',
      value: { kind: 'error', code: -124 },
    });
    expect(parseChildrenReply(1)(childrenReply(7, [])).state).toBe('mismatch');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        const bytes = Buffer.from(input);
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseConnectResponse(bytes).state);
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseChildrenReply(1)(bytes).state);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the session proof after a whitelist refusal, against scripted loopback peers', () => {
  async function probeWith(session: (socket: import('node:net').Socket, sent: Buffer) => void) {
    const refusing = await startScriptedServer((socket, sent) => {
      if (sent.length >= 4) socket.end(REFUSED);
    });
    const other = await startScriptedServer(session);
    let opened = 0;
    const conn = await Conn.open({ host: '127.0.0.1', port: refusing.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error('cannot connect');
    try {
      const reconnect = async () => {
        opened++;
        const fresh = await Conn.open({ host: '127.0.0.1', port: other.port, tls: false, timeoutMs: 2000 });
        return fresh instanceof Conn ? fresh : undefined;
      };
      return {
        outcome: await zookeeperProbe.converse(conn, { timeoutMs: 2000, reconnect }),
        opened,
        sent: other.received,
      };
    } finally {
      conn.close();
      await Promise.all([refusing.stop(), other.stop()]);
    }
  }

  it('opens a session, lists / and closes it: open, proven by the session', async () => {
    const { outcome, opened } = await probeWith((socket, sent) => {
      if (sent.subarray(0, 4).toString('latin1') === 'srvr')
        return void socket.end('Zookeeper version: 3.8.0-x, built on 2024-12-29\nMode: standalone\nNode count: 5\n');
      if (sent.length === 49) socket.write(CONNECT_GRANTED);
      if (sent.length === 49 + 18) socket.write(childrenReply(1, ['zookeeper']));
      if (sent.length === 49 + 18 + 12) socket.end(errorReply(2, 0));
    });
    expect(opened).toBe(2);
    expect(outcome).toMatchObject({
      kind: 'identified',
      observation: {
        access: 'open',
        provenBy: 'session',
        version: '3.8.0',
        serverState: 'standalone',
        znodeCount: 5,
        rootChildren: 1,
        rootChildNames: ['zookeeper'],
      },
    });
  });

  it('auth-required when the read meets SESSIONCLOSEDREQUIRESASLAUTH; refused when no session is granted; unknown when the server hangs up', async () => {
    const sasl = await probeWith((socket, sent) => {
      if (sent.length === 49) socket.write(CONNECT_GRANTED);
      if (sent.length === 49 + 18) socket.end(errorReply(1, -124));
      if (sent.subarray(0, 4).toString('latin1') === 'srvr') socket.end();
    });
    expect(sasl.outcome).toMatchObject({
      observation: { access: 'auth-required', sessionError: 'SESSIONCLOSEDREQUIRESASLAUTH' },
    });
    const expired = await probeWith((socket, sent) => {
      if (sent.length === 49) socket.end(CONNECT_EXPIRED);
      if (sent.subarray(0, 4).toString('latin1') === 'srvr') socket.end();
    });
    expect(expired.outcome).toMatchObject({ observation: { access: 'refused' } });
    const hangUp = await probeWith((socket) => socket.end());
    expect(hangUp.outcome).toMatchObject({
      observation: { access: 'unknown', undecided: 'no session: the server closed the connection' },
    });
  });
});
