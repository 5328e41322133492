// MySQL / MariaDB speak first: a HandshakeV10 packet naming the server version, or an error
// packet when this client host is not allowed. Recognised from the greeting alone; nothing sent.
import type { MysqlObservation } from '../observation.js';
import type { ServerFirstProbe } from './probe.js';

export function parseGreeting(greeting: Buffer): MysqlObservation | undefined {
  if (greeting.length < 5) return undefined;
  const length = greeting.readUIntLE(0, 3);
  if (length < 2 || length > 1024 || greeting[3] !== 0) return undefined;
  const payload = greeting.subarray(4, 4 + length);
  if (payload[0] === 0xff) {
    // Error packet: code (2 bytes) then a message such as "Host '…' is not allowed to connect".
    const message = payload.subarray(3).toString('utf8').replace(/^#\w{5}/, '');
    if (!/mysql|mariadb|host|connect/i.test(message)) return undefined;
    return {
      protocol: 'mysql',
      product: /mariadb/i.test(message) ? 'mariadb' : 'mysql',
      version: '',
      refused: message.slice(0, 160),
      access: 'refused',
      signals: ['MySQL packet framing', 'error packet naming the client host'],
    };
  }
  if (payload[0] !== 10) return undefined;
  const versionEnd = payload.indexOf(0, 1);
  if (versionEnd < 2 || versionEnd > 80) return undefined;
  const raw = payload.subarray(1, versionEnd).toString('latin1');
  if (!/^\d+\.\d+\.\d+/.test(raw)) return undefined;
  // MariaDB prefixes "5.5.5-" for old clients; the real version follows.
  const mariadb = /mariadb/i.test(raw);
  const version = mariadb ? raw.replace(/^5\.5\.5-/, '').split('-')[0]! : raw.split('-')[0]!;
  const plugin = pluginName(payload, versionEnd);
  return {
    protocol: 'mysql',
    product: mariadb ? 'mariadb' : 'mysql',
    version,
    ...(plugin ? { authPlugin: plugin } : {}),
    access: 'unknown',
    signals: ['HandshakeV10 greeting', 'server version string'],
  };
}

function pluginName(payload: Buffer, versionEnd: number): string | undefined {
  // After the version: thread id (4), salt part 1 (8), filler (1), caps (2), charset (1),
  // status (2), caps high (2), salt length (1), reserved (10), salt part 2 (>= 13), plugin name.
  const saltLengthAt = versionEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2;
  const saltLength = payload[saltLengthAt];
  if (saltLength === undefined) return undefined;
  const pluginAt = saltLengthAt + 1 + 10 + Math.max(13, saltLength - 8);
  if (pluginAt >= payload.length) return undefined;
  const end = payload.indexOf(0, pluginAt);
  const name = payload.subarray(pluginAt, end < 0 ? payload.length : end).toString('latin1');
  return /^[a-z_0-9]{3,64}$/.test(name) ? name : undefined;
}

export const mysqlProbe: ServerFirstProbe<MysqlObservation> & { protocol: 'mysql' } = {
  protocol: 'mysql',
  speaksFirst: true,
  hintPorts: [3306, 3307, 33060],
  recognizeGreeting: parseGreeting,
};
