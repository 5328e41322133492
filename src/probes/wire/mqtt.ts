// MQTT: an MQTT 3.1.1 CONNECT with a client id and no user name or password. The broker's CONNACK
// says whether anonymous clients are allowed: return code 0 = accepted; 4 (bad user name or
// password) or 5 (not authorized) = credentials required. After an accepted CONNECT the probe
// sends DISCONNECT and closes: no SUBSCRIBE, no PUBLISH, nothing is read from or written to a topic.
// The session is a clean one (nothing is kept on the broker), and the client id is random, so an
// existing client's session is never taken over.
import { randomBytes } from 'node:crypto';
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { MqttObservation, ProbeOutcome } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

/** DISCONNECT: packet type 14, no flags, remaining length 0. */
export const DISCONNECT = Buffer.from([0xe0, 0x00]);
const KEEP_ALIVE_SECONDS = 30;

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
const CONNACK_CODES: Readonly<Record<number, string>> = {
  0: 'connection accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** An MQTT 3.1.1 CONNECT: clean session, no will, no user name, no password. */
export function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  if (id.length > 23) throw new RangeError('MQTT 3.1.1 servers need only accept client ids of up to 23 bytes');
  const variableHeader = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, KEEP_ALIVE_SECONDS]);
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const remaining = variableHeader.length + payload.length;
  // Always < 128 here: one byte of remaining length.
  return Buffer.concat([Buffer.from([0x10, remaining]), variableHeader, payload]);
}

/** `exposcan-` and 12 random hex digits: 21 bytes, inside the 23 every broker must accept. */
export function randomClientId(): string {
  return `exposcan-${randomBytes(6).toString('hex')}`;
}

export interface Connack {
  readonly sessionPresent: boolean;
  readonly returnCode: number;
}

/**
 * Reads a CONNACK: `20 02 <ack flags> <return code>`. An MQTT 5 broker answering a 3.1.1 client
 * must answer in 3.1.1 too; anything else (another packet type, another length, reserved flag
 * bits set, an unknown return code) is not an MQTT 3.1.1 CONNACK.
 */
export function parseConnack(received: Buffer): ParseResult<Connack> {
  if (received.length === 0) return INCOMPLETE;
  if (received[0] !== 0x20) return MISMATCH;
  if (received.length < 2) return INCOMPLETE;
  if (received[1] !== 0x02) return MISMATCH;
  if (received.length < 4) return INCOMPLETE;
  const flags = received[2]!;
  const returnCode = received[3]!;
  if ((flags & 0xfe) !== 0 || !(returnCode in CONNACK_CODES)) return MISMATCH;
  return matched({ sessionPresent: (flags & 1) === 1, returnCode });
}

export function observationFromConnack(connack: Connack): MqttObservation {
  const access =
    connack.returnCode === 0
      ? 'open'
      : connack.returnCode === 4 || connack.returnCode === 5
        ? 'auth-required'
        : 'refused';
  return {
    protocol: 'mqtt',
    product: 'mqtt',
    access,
    returnCode: connack.returnCode,
    sessionPresent: connack.sessionPresent,
    signals: [
      'CONNACK packet to CONNECT (MQTT 3.1.1 framing)',
      `return code ${connack.returnCode} (${CONNACK_CODES[connack.returnCode]})`,
    ],
  };
}

export const mqttProbe: ClientFirstProbe<MqttObservation> & { protocol: 'mqtt' } = {
  protocol: 'mqtt',
  speaksFirst: false,
  hintPorts: [1883, 8883],
  // No recognizeStrayReply: brokers hang up on a first packet that is not CONNECT (`GET ` is
  // packet type 4 to them), without a word.
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<MqttObservation>> {
    const reply = await conn.exchange(connectPacket(randomClientId()), parseConnack, { timeoutMs, maxBytes: 64 });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    // Accepted: say goodbye properly, so the broker does not publish a will or log a lost client.
    if (reply.value.returnCode === 0) conn.write(DISCONNECT);
    return { kind: 'identified', observation: observationFromConnack(reply.value) };
  },
};
