// The MQTT probe: the CONNECT it sends (checked byte for byte against MQTT 3.1.1 section 3.1), the
// CONNACK it reads (recorded from real Mosquitto 2.0.11 brokers the integration test starts, with
// allow_anonymous true and false), and the conversation over a loopback socket.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import {
  DISCONNECT,
  connectPacket,
  mqttProbe,
  observationFromConnack,
  parseConnack,
  randomClientId,
} from '../../../src/probes/wire/mqtt.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { startScriptedServer, stopAll } from '../../helpers/services.js';

afterAll(stopAll);

const ACCEPTED = recordedBytes('mqtt/connack-accepted-mosquitto-2.0.11.bin');
const NOT_AUTHORIZED = recordedBytes('mqtt/connack-not-authorized-mosquitto-2.0.11.bin');

describe('connectPacket', () => {
  it('is an MQTT 3.1.1 CONNECT: clean session, keep-alive 30 s, a client id, no will, no user name, no password', () => {
    const packet = connectPacket('exposcan-0123456789ab');
    expect([...packet.subarray(0, 2)]).toEqual([0x10, packet.length - 2]);
    // Protocol name "MQTT", level 4, flags 0x02 (clean session only), keep-alive 30.
    expect([...packet.subarray(2, 12)]).toEqual([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 30]);
    expect(packet.readUInt16BE(12)).toBe(21);
    expect(packet.subarray(14).toString()).toBe('exposcan-0123456789ab');
    expect([...DISCONNECT]).toEqual([0xe0, 0]);
  });

  it('uses a fresh random client id of 21 bytes each time, so no existing session is taken over', () => {
    const ids = new Set(Array.from({ length: 50 }, randomClientId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^exposcan-[0-9a-f]{12}$/);
    expect(() => connectPacket('x'.repeat(24))).toThrow(RangeError);
  });
});

describe('parseConnack', () => {
  it('reads the recorded CONNACKs: 0 accepted (open), 5 not authorized (auth-required)', () => {
    const accepted = parseConnack(ACCEPTED);
    expect(accepted).toEqual({ state: 'matched', value: { sessionPresent: false, returnCode: 0 } });
    expect(accepted.state === 'matched' && observationFromConnack(accepted.value)).toMatchObject({
      protocol: 'mqtt',
      product: 'mqtt',
      access: 'open',
      returnCode: 0,
    });
    const refused = parseConnack(NOT_AUTHORIZED);
    expect(refused.state === 'matched' && observationFromConnack(refused.value)).toMatchObject({
      access: 'auth-required',
      returnCode: 5,
    });
  });

  it('classifies every 3.1.1 return code', () => {
    const access = (code: number) => {
      const reply = parseConnack(Buffer.from([0x20, 2, 0, code]));
      return reply.state === 'matched' ? observationFromConnack(reply.value).access : reply.state;
    };
    expect([0, 1, 2, 3, 4, 5].map(access)).toEqual([
      'open',
      'refused',
      'refused',
      'refused',
      'auth-required',
      'auth-required',
    ]);
    expect(access(6)).toBe('mismatch');
    expect(access(0x87)).toBe('mismatch'); // an MQTT 5 reason code is not a 3.1.1 answer
  });

  it('asks for more on a partial CONNACK and refuses anything else', () => {
    for (let cut = 0; cut < 4; cut++) expect(parseConnack(ACCEPTED.subarray(0, cut)).state).toBe('incomplete');
    expect(parseConnack(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).state).toBe('mismatch');
    expect(parseConnack(Buffer.from([0x20, 3, 0, 0, 0])).state).toBe('mismatch'); // lying remaining length
    expect(parseConnack(Buffer.from([0x20, 2, 0x02, 0])).state).toBe('mismatch'); // reserved flag bit
    expect(parseConnack(Buffer.from([0x30, 2, 0, 0])).state).toBe('mismatch'); // PUBLISH, not CONNACK
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        const reply = parseConnack(Buffer.from(input));
        expect(['incomplete', 'matched', 'mismatch']).toContain(reply.state);
        if (reply.state === 'matched')
          expect(observationFromConnack(reply.value).signals.length).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the CONNECT conversation, against a scripted loopback peer', () => {
  async function converse(reply: Buffer) {
    const server = await startScriptedServer((socket, sent) => {
      if (sent.length >= 2 && sent.length === sent[1]! + 2) socket.write(reply);
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    const outcome = await mqttProbe.converse(conn, { timeoutMs: 2000 });
    conn.close();
    // Give anything written just before the close time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = server.received[0] ?? Buffer.alloc(0);
    await server.stop();
    return { outcome, sent };
  }

  it('after CONNACK 0, sends DISCONNECT and nothing else', async () => {
    const { outcome, sent } = await converse(ACCEPTED);
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open' } });
    const connect = sent.subarray(0, sent[1]! + 2);
    expect(connect.subarray(14).toString()).toMatch(/^exposcan-[0-9a-f]{12}$/);
    expect(sent.subarray(connect.length)).toEqual(DISCONNECT);
  });

  it('after a refusal, sends nothing more', async () => {
    const { outcome, sent } = await converse(NOT_AUTHORIZED);
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'auth-required', returnCode: 5 } });
    expect(sent.length).toBe(sent[1]! + 2);
  });

  it('is not MQTT when the reply is something else', async () => {
    expect((await converse(Buffer.from('-ERR unknown command\r\n'))).outcome).toEqual({ kind: 'not-this' });
  });
});
