// The MQTT-over-WebSocket probe: its upgrade request, the handshake it accepts, the frames it sends
// and reads. The 101 below is what Debian's Mosquitto 2.0.11 (`protocol websockets`) answered to
// RFC 6455's sample key, recorded by this project; the real broker runs in
// test/integration/mqtt-websockets.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import { DISCONNECT } from '../../../src/probes/wire/mqtt.js';
import {
  acceptFor,
  clientFrame,
  mqttWsProbe,
  parseConnackFrames,
  parseUpgradeReply,
  upgradeAccepted,
  upgradeRequest,
} from '../../../src/probes/wire/mqtt-ws.js';
import { startScriptedServer, stopAll } from '../../helpers/services.js';

afterAll(stopAll);

const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const MOSQUITTO_101 = Buffer.from(
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n',
  'latin1',
);
/** A server frame (unmasked, FIN set). */
const serverFrame = (opcode: number, payload: readonly number[]) =>
  Buffer.from([0x80 | opcode, payload.length, ...payload]);

function unmask(frame: Buffer): { opcode: number; masked: boolean; payload: Buffer } {
  const length = frame[1]! & 0x7f;
  const mask = frame.subarray(2, 6);
  return {
    opcode: frame[0]! & 0x0f,
    masked: (frame[1]! & 0x80) !== 0,
    payload: Buffer.from(frame.subarray(6, 6 + length).map((byte, index) => byte ^ mask[index % 4]!)),
  };
}

describe('the upgrade', () => {
  it('asks for /mqtt with subprotocol mqtt, WebSocket version 13', () => {
    const request = upgradeRequest('192.0.2.10:9001', SAMPLE_KEY).toString('latin1');
    expect(request.startsWith('GET /mqtt HTTP/1.1\r\nHost: 192.0.2.10:9001\r\n')).toBe(true);
    expect(request).toContain('\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    expect(request).toContain(
      `\r\nSec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n`,
    );
  });

  it('derives the accept value as RFC 6455 does (its own sample)', () => {
    expect(acceptFor(SAMPLE_KEY)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('accepts Mosquitto’s 101', () => {
    const reply = parseUpgradeReply(MOSQUITTO_101);
    expect(reply.state).toBe('matched');
    if (reply.state === 'matched') expect(upgradeAccepted(reply.value, SAMPLE_KEY)).toBe(true);
  });

  it('(near misses) refuses a 101 for another key or without the mqtt subprotocol, and a 404', () => {
    const judge = (text: string, key = SAMPLE_KEY) => {
      const reply = parseUpgradeReply(Buffer.from(text, 'latin1'));
      return reply.state === 'matched' && upgradeAccepted(reply.value, key);
    };
    expect(judge(MOSQUITTO_101.toString('latin1'), 'AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
    expect(judge(MOSQUITTO_101.toString('latin1').replace('Sec-WebSocket-Protocol: mqtt\r\n', ''))).toBe(false);
    expect(judge('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')).toBe(false);
  });

  it('waits for the whole head, and calls anything that is not HTTP a mismatch', () => {
    expect(parseUpgradeReply(MOSQUITTO_101.subarray(0, 40)).state).toBe('incomplete');
    expect(parseUpgradeReply(Buffer.from('HT')).state).toBe('incomplete');
    expect(parseUpgradeReply(Buffer.from('-ERR unknown command\r\n')).state).toBe('mismatch');
    expect(parseUpgradeReply(Buffer.from(`HTTP/1.1 101 ${'x'.repeat(9000)}`)).state).toBe('mismatch');
  });
});

describe('frames', () => {
  it('masks what the client sends, with FIN and the opcode', () => {
    const frame = unmask(clientFrame(0x2, DISCONNECT));
    expect(frame).toEqual({ opcode: 0x2, masked: true, payload: DISCONNECT });
  });

  it('reads a CONNACK in one binary frame, split across two, or after a ping', () => {
    expect(parseConnackFrames(serverFrame(0x2, [0x20, 2, 0, 0]))).toEqual({
      state: 'matched',
      value: { sessionPresent: false, returnCode: 0 },
    });
    const split = Buffer.concat([Buffer.from([0x02, 2, 0x20, 2]), serverFrame(0x0, [0, 5])]);
    expect(parseConnackFrames(split)).toEqual({ state: 'matched', value: { sessionPresent: false, returnCode: 5 } });
    expect(parseConnackFrames(Buffer.concat([serverFrame(0x9, []), serverFrame(0x2, [0x20, 2, 0, 0])])).state).toBe(
      'matched',
    );
    expect(parseConnackFrames(serverFrame(0x2, [0x20, 2]).subarray(0, 3)).state).toBe('incomplete');
  });

  it('calls a close frame, a masked server frame, a text frame or another packet a mismatch', () => {
    expect(parseConnackFrames(serverFrame(0x8, [0x03, 0xe8])).state).toBe('mismatch');
    expect(parseConnackFrames(Buffer.from([0x82, 0x84, 1, 2, 3, 4, 0x21, 0, 3, 4])).state).toBe('mismatch');
    expect(parseConnackFrames(serverFrame(0x1, [0x20, 2, 0, 0])).state).toBe('mismatch');
    expect(parseConnackFrames(serverFrame(0x2, [0x30, 2, 0, 0])).state).toBe('mismatch');
  });
});

describe('the conversation, against a scripted loopback peer', () => {
  it('upgrades, sends one masked CONNECT, and after CONNACK 0 a masked DISCONNECT and close', async () => {
    let frames = 0;
    const server = await startScriptedServer((socket, sent) => {
      const text = sent.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      if (frames === 0) {
        const key = /Sec-WebSocket-Key: (\S+)/.exec(text)![1]!;
        socket.write(MOSQUITTO_101.toString('latin1').replace('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', acceptFor(key)));
        frames = 1;
      } else if (frames === 1 && sent.length > head + 4) {
        socket.write(serverFrame(0x2, [0x20, 2, 0, 0]));
        frames = 2;
      }
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    const outcome = await mqttWsProbe.converse(conn, { timeoutMs: 2000, host: `127.0.0.1:${server.port}` });
    expect(outcome).toMatchObject({
      kind: 'identified',
      observation: { protocol: 'mqtt', access: 'open', returnCode: 0, websocket: { path: '/mqtt' } },
    });
    // Wait for the goodbye frames to arrive (an event: the bytes), then close.
    // After the head: CONNECT (2 + 4 mask + 35), DISCONNECT (2 + 4 + 2) and close (2 + 4 + 2).
    const expected = server.received[0]!.indexOf('\r\n\r\n') + 4 + 41 + 8 + 8;
    await new Promise<void>((resolve) => {
      const check = () => (server.received[0]!.length >= expected ? resolve() : setImmediate(check));
      check();
    });
    conn.close();
    const all = server.received[0]!;
    let offset = all.indexOf('\r\n\r\n') + 4;
    const read: ReturnType<typeof unmask>[] = [];
    while (offset < all.length) {
      const length = all[offset + 1]! & 0x7f;
      read.push(unmask(all.subarray(offset, offset + 6 + length)));
      offset += 6 + length;
    }
    expect(read.map((frame) => [frame.opcode, frame.masked, frame.payload[0]])).toEqual([
      [0x2, true, 0x10],
      [0x2, true, 0xe0],
      [0x8, true, 0x03],
    ]);
    await server.stop();
  });

  it('is not MQTT over WebSockets when the server answers the upgrade with a plain 404', async () => {
    const server = await startScriptedServer((socket, sent) => {
      if (sent.includes('\r\n\r\n')) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    expect(await mqttWsProbe.converse(conn, { timeoutMs: 2000 })).toEqual({ kind: 'not-this' });
    conn.close();
    await server.stop();
  });
});
