// Memcached: the text-protocol `stats` command, without authentication. An open server answers
// `STAT <name> <value>` lines ending in `END`; one with ASCII authentication (`-Y`, 1.5.15+)
// answers `CLIENT_ERROR unauthenticated`; one with SASL (`-S`) speaks only the binary protocol
// and hangs up on a text command without a word. Only a few counters are kept (version, items,
// bytes, connections, uptime): never a key, never a value. Nothing but `stats` is ever sent.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { MemcachedObservation, ProbeOutcome } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

export const STATS_REQUEST = Buffer.from('stats\r\n', 'latin1');
/** `stats` is about 3 KiB on 1.6; anything past this is not a stats reply. */
export const MAX_STATS_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 1024;

export type StatsReply =
  | { readonly kind: 'stats'; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: 'error'; readonly line: string };

/**
 * Reads a reply to `stats`: STAT lines up to `END`, or one error line (`ERROR`, `CLIENT_ERROR …`,
 * `SERVER_ERROR …`). Lines end in CRLF; a bare LF is accepted (some proxies send it).
 */
export function parseStatsReply(received: Buffer): ParseResult<StatsReply> {
  const fields = new Map<string, string>();
  let offset = 0;
  while (offset < received.length) {
    const end = received.indexOf(0x0a, offset);
    if (end < 0) {
      // A line longer than any stats line, or a first line that cannot start a reply, is not memcached.
      if (received.length - offset > MAX_LINE_BYTES) return MISMATCH;
      if (!couldStartLine(received.subarray(offset), fields.size === 0)) return MISMATCH;
      return INCOMPLETE;
    }
    if (end - offset > MAX_LINE_BYTES) return MISMATCH;
    const line = received.subarray(offset, end).toString('latin1').replace(/\r$/, '');
    offset = end + 1;
    if (line === 'END') return fields.size > 0 ? matched({ kind: 'stats', fields }) : MISMATCH;
    const stat = /^STAT (\S+) (.*)$/.exec(line);
    if (stat) {
      fields.set(stat[1]!, stat[2]!);
      continue;
    }
    if (fields.size === 0 && /^(ERROR|CLIENT_ERROR( .*)?|SERVER_ERROR( .*)?)$/.test(line))
      return matched({ kind: 'error', line: line.slice(0, 120) });
    return MISMATCH;
  }
  return INCOMPLETE;
}

function couldStartLine(partial: Buffer, first: boolean): boolean {
  const text = partial.toString('latin1');
  const candidates = first ? ['STAT ', 'END', 'ERROR', 'CLIENT_ERROR', 'SERVER_ERROR'] : ['STAT ', 'END'];
  return candidates.some(
    (candidate) => candidate.startsWith(text.slice(0, candidate.length)) || text.startsWith(candidate),
  );
}

function count(fields: ReadonlyMap<string, string>, name: string): number | undefined {
  const value = fields.get(name);
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** Turns a reply to `stats` into an observation; undefined when it is not memcached's. */
export function observationFromStats(reply: StatsReply): MemcachedObservation | undefined {
  if (reply.kind === 'error') {
    // ASCII authentication (-Y) refuses every command before `auth` with exactly this line.
    if (reply.line === 'CLIENT_ERROR unauthenticated') {
      return {
        protocol: 'memcached',
        product: 'memcached',
        access: 'auth-required',
        refusal: reply.line,
        signals: ['memcached text-protocol error line', 'CLIENT_ERROR unauthenticated to stats'],
      };
    }
    return undefined;
  }
  const { fields } = reply;
  const version = fields.get('version');
  // pid and version are in every memcached's stats since 1.2; a stats reply without them is not memcached.
  if (!version || !/^\d+\.\d+\.\d+/.test(version) || count(fields, 'pid') === undefined) return undefined;
  const numbers = {
    items: count(fields, 'curr_items'),
    bytes: count(fields, 'bytes'),
    currConnections: count(fields, 'curr_connections'),
    totalConnections: count(fields, 'total_connections'),
    uptimeSeconds: count(fields, 'uptime'),
  };
  return {
    protocol: 'memcached',
    product: 'memcached',
    access: 'open',
    // "1.6.14_5_ge03751b" (a build from git) → 1.6.14
    version: /^\d+\.\d+\.\d+/.exec(version)![0],
    ...Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined)),
    signals: ['STAT lines ending in END (memcached text protocol)', 'pid and version stats'],
  };
}

export const memcachedProbe: ClientFirstProbe<MemcachedObservation> & { protocol: 'memcached' } = {
  protocol: 'memcached',
  speaksFirst: false,
  hintPorts: [11211],
  recognizeStrayReply(reply) {
    // Before 1.6, each line of `GET / HTTP/1.1` was an unknown command: one ERROR per line.
    // (1.6 hangs up on it silently instead.)
    return /^ERROR\r\nERROR\r\n/.test(reply.subarray(0, 32).toString('latin1'));
  },
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<MemcachedObservation>> {
    const reply = await conn.exchange(STATS_REQUEST, parseStatsReply, { timeoutMs, maxBytes: MAX_STATS_BYTES });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    const observation = observationFromStats(reply.value);
    return observation ? { kind: 'identified', observation } : { kind: 'not-this' };
  },
};
