// MQTT over WebSockets (Mosquitto's `listener … protocol websockets`, aedes with a WebSocket
// stream, EMQX and HiveMQ on /mqtt): an HTTP/1.1 upgrade on `/mqtt` asking for subprotocol `mqtt`,
// then, on a `101 Switching Protocols` that accepts our key and that subprotocol, the same MQTT
// 3.1.1 CONNECT as the plain probe (src/probes/wire/mqtt.ts) in one masked binary frame. The
// CONNACK in the server's binary frame decides, and after an accepted one the probe sends
// DISCONNECT and a WebSocket close. Nothing is subscribed or published.
import { createHash, randomBytes } from 'node:crypto';
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { MqttObservation, ProbeOutcome } from '../observation.js';
import {
  DISCONNECT,
  connectPacket,
  observationFromConnack,
  parseConnack,
  randomClientId,
  type Connack,
} from './mqtt.js';
import type { ClientFirstProbe } from './probe.js';

const MQTT_WS_PATH = '/mqtt';
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** An upgrade answer is a status line and a few headers: more is not one. */
const MAX_HEAD_BYTES = 8 * 1024;

export function upgradeRequest(host: string, key: string): Buffer {
  return Buffer.from(
    [
      `GET ${MQTT_WS_PATH} HTTP/1.1`,
      `Host: ${host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: mqtt',
      '',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** RFC 6455 section 4.2.2: the accept value a server must derive from our key. */
export function acceptFor(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

export interface UpgradeReply {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  /** Where the head ends: bytes past it (frames the server sent at once) go to the frame reader. */
  readonly headBytes: number;
}

/** Reads an HTTP/1.x response head; anything that does not start like one is a mismatch. */
export function parseUpgradeReply(received: Buffer): ParseResult<UpgradeReply> {
  const prefix = received.subarray(0, 5).toString('latin1');
  if (!'HTTP/'.startsWith(prefix)) return MISMATCH;
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return received.length > MAX_HEAD_BYTES ? MISMATCH : INCOMPLETE;
  const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine!)?.[1];
  if (!status) return MISMATCH;
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return matched({ status: Number(status), headers, headBytes: end + 4 });
}

/** Our side of the handshake held: 101, an upgrade to websocket, our key answered, `mqtt` chosen. */
export function upgradeAccepted(reply: UpgradeReply, key: string): boolean {
  return (
    reply.status === 101 &&
    reply.headers.get('upgrade')?.toLowerCase() === 'websocket' &&
    reply.headers.get('sec-websocket-accept') === acceptFor(key) &&
    (reply.headers.get('sec-websocket-protocol') ?? '').toLowerCase() === 'mqtt'
  );
}

/** One client frame: FIN, the opcode, masked with a random key as RFC 6455 requires of clients. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new RangeError('the probe only sends frames of up to 125 bytes');
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

const CLOSE_NORMAL = Buffer.from([0x03, 0xe8]);

/**
 * Reads server frames up to a CONNACK: binary and continuation payloads are joined (a broker may
 * split a packet across frames), pings are skipped, and a close frame or anything masked or of
 * another opcode is a mismatch. Only short frames are read: a CONNACK is four bytes.
 */
export function parseConnackFrames(received: Buffer): ParseResult<Connack> {
  let payload = Buffer.alloc(0);
  let offset = 0;
  while (offset + 2 <= received.length) {
    const opcode = received[offset]! & 0x0f;
    const second = received[offset + 1]!;
    // Servers never mask (RFC 6455 5.1), and a CONNACK needs no extended length.
    if ((second & 0x80) !== 0 || (second & 0x7f) > 125) return MISMATCH;
    const length = second & 0x7f;
    if (offset + 2 + length > received.length) break;
    const body = received.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    if (opcode === 0x9 || opcode === 0xa) continue;
    if (opcode !== 0x2 && opcode !== 0x0) return MISMATCH;
    payload = Buffer.concat([payload, body]);
    const connack = parseConnack(payload);
    if (connack.state !== 'incomplete') return connack;
  }
  return INCOMPLETE;
}

export const mqttWsProbe: ClientFirstProbe<MqttObservation> & { protocol: 'mqtt' } = {
  protocol: 'mqtt',
  speaksFirst: false,
  // Mosquitto's documented WebSocket port (9001) and EMQX's (8083); tried anywhere else too.
  hintPorts: [9001, 8083],
  async converse(conn: Conn, { timeoutMs, host }): Promise<ProbeOutcome<MqttObservation>> {
    const key = randomBytes(16).toString('base64');
    const upgrade = await conn.exchange(upgradeRequest(host ?? 'localhost', key), parseUpgradeReply, {
      timeoutMs,
      maxBytes: MAX_HEAD_BYTES + 64,
    });
    if (upgrade.kind === 'failure') return { kind: 'failure', failure: upgrade.failure };
    if (upgrade.kind === 'mismatch' || !upgradeAccepted(upgrade.value, key)) return { kind: 'not-this' };
    const early = upgrade.received.subarray(upgrade.value.headBytes);
    const reply = await conn.exchange(
      clientFrame(0x2, connectPacket(randomClientId())),
      (bytes) => parseConnackFrames(Buffer.concat([early, bytes])),
      { timeoutMs, maxBytes: 256 },
    );
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    // Accepted: DISCONNECT, then the WebSocket close, so the broker logs a clean goodbye.
    if (reply.value.returnCode === 0) {
      conn.write(clientFrame(0x2, DISCONNECT));
      conn.write(clientFrame(0x8, CLOSE_NORMAL));
    }
    const plain = observationFromConnack(reply.value);
    return {
      kind: 'identified',
      observation: {
        ...plain,
        websocket: { path: MQTT_WS_PATH },
        signals: [
          `101 Switching Protocols on ${MQTT_WS_PATH} with subprotocol mqtt`,
          ...plain.signals.map((signal) => `${signal} in a WebSocket binary frame`),
        ],
      },
    };
  },
};
