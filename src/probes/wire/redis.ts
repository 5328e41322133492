// Redis: `INFO` without AUTH. The reply tells open (an INFO bulk), password-protected
// (`-NOAUTH`, or `-ERR operation not permitted` before 2.8) or protected mode (`-DENIED`).
// Only selected INFO fields are kept: version, mode, role, os and key counts.
import type { Conn } from '../conn.js';
import type { ProbeOutcome, RedisObservation } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';
import { encodeCommand, parseReply, type RespReply } from './resp.js';

const MAX_REPLY_BYTES = 256 * 1024;

export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** `db0:keys=12,expires=0,avg_ttl=0` lines → total keys and database names. */
export function keyspaceOf(fields: ReadonlyMap<string, string>): { keys: number; databases: string[] } {
  let keys = 0;
  const databases: string[] = [];
  for (const [name, value] of fields) {
    if (!/^db\d+$/.test(name)) continue;
    const match = /(?:^|,)keys=(\d+)/.exec(value);
    if (!match) continue;
    databases.push(name);
    keys += Number(match[1]);
  }
  return { keys, databases };
}

/** Classifies an error reply: is this Redis refusing us, and how? */
export function refusalOf(text: string): RedisObservation['access'] | undefined {
  if (/^NOAUTH\b/.test(text) || /^ERR operation not permitted/i.test(text) || /^WRONGPASS\b/.test(text))
    return 'auth-required';
  // An ACL default user without the right to INFO: reachable, but not proven to read data.
  if (/^NOPERM\b/.test(text)) return 'auth-required';
  if (/^DENIED Redis is running in protected mode/.test(text)) return 'refused';
  return undefined;
}

export function observationFromInfo(text: string): RedisObservation | undefined {
  const fields = parseInfo(text);
  const version = fields.get('redis_version');
  if (!version) return undefined;
  const { keys, databases } = keyspaceOf(fields);
  return {
    protocol: 'redis',
    product: 'redis',
    access: 'open',
    version,
    ...optional('mode', fields.get('redis_mode')),
    ...optional('role', fields.get('role')),
    ...optional('os', fields.get('os')),
    keys,
    databases,
    provenBy: 'info',
    signals: ['RESP bulk reply to INFO', 'redis_version field'],
  };
}

function refused(access: RedisObservation['access'], text: string): RedisObservation {
  return {
    protocol: 'redis',
    product: 'redis',
    access,
    refusal: text.slice(0, 120),
    signals: ['RESP error reply', 'Redis refusal wording'],
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Maps one RESP reply to INFO to an observation; `unknown-command` when INFO is renamed away. */
export function observationFromReply(reply: RespReply): RedisObservation | 'unknown-command' | undefined {
  if (reply.type === 'bulk' && reply.text !== null) return observationFromInfo(reply.text);
  if (reply.type === 'error') {
    const access = refusalOf(reply.text);
    if (access) return refused(access, reply.text);
    if (/^ERR unknown command/i.test(reply.text)) return 'unknown-command';
  }
  return undefined;
}

export const redisProbe: ClientFirstProbe<RedisObservation> & { protocol: 'redis' } = {
  protocol: 'redis',
  speaksFirst: false,
  hintPorts: [6379, 6380, 16379, 26379],
  recognizeStrayReply(reply) {
    const text = reply.subarray(0, 200).toString('latin1');
    return /^-(ERR unknown command [`']get[`']|NOAUTH |DENIED Redis |ERR operation not permitted|ERR wrong number of arguments for '?get'? command)/i.test(
      text,
    );
  },
  recognizeGreeting(greeting) {
    // Protected mode refuses a non-loopback client the moment it connects, before any command.
    const reply = parseReply(greeting);
    if (reply.state !== 'matched' || reply.value.type !== 'error' || refusalOf(reply.value.text) !== 'refused')
      return undefined;
    return refused('refused', reply.value.text);
  },
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<RedisObservation>> {
    const info = await conn.exchange(encodeCommand('INFO'), parseReply, { timeoutMs, maxBytes: MAX_REPLY_BYTES });
    if (info.kind === 'failure') return { kind: 'failure', failure: info.failure };
    if (info.kind === 'mismatch') return { kind: 'not-this' };
    const verdict = observationFromReply(info.value);
    if (verdict === undefined) return { kind: 'not-this' };
    if (verdict !== 'unknown-command') return { kind: 'identified', observation: verdict };
    // INFO was renamed away (rename-command): Redis still answers, so PING proves access.
    const ping = await conn.exchange(encodeCommand('PING'), parseReply, { timeoutMs, maxBytes: 1024 });
    if (ping.kind === 'matched' && ping.value.type === 'simple' && ping.value.text === 'PONG') {
      return {
        kind: 'identified',
        observation: {
          protocol: 'redis',
          product: 'redis',
          access: 'open',
          provenBy: 'ping',
          signals: ['ERR unknown command for INFO', '+PONG to PING'],
        },
      };
    }
    return { kind: 'not-this' };
  },
};
