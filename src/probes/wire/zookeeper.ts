// ZooKeeper: the four-letter word `mntr` (monitoring counters: version, server state, znode count,
// approximate data size), read-only. ZooKeeper answers one four-letter word per connection and then
// closes it. Since 3.5.3 only whitelisted words are answered (`4lw.commands.whitelist`); the
// default whitelist holds `srvr` alone, and a server that has not opened `mntr` up answers "mntr is
// not executed because it is not in the whitelist." — the restricted state, not a finding.
// (`srvr` would not tell the two apart: ZooKeeper adds it to every whitelist, as zkServer.sh needs
// it.) Nothing else is sent: no session is opened, no znode is read.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { ProbeOutcome, ZookeeperObservation } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';

/** `mntr` and a newline, as `echo mntr | nc host 2181` sends it: line-based servers answer it too instead of waiting. */
export const MNTR_REQUEST = Buffer.from('mntr\n', 'latin1');
/** mntr is about 20 KiB on 3.8 (hundreds of metrics); 64 KiB leaves room. */
export const MAX_MNTR_BYTES = 64 * 1024;

export type MntrReply =
  | { readonly kind: 'mntr'; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: 'not-whitelisted'; readonly line: string }
  | { readonly kind: 'not-serving' };

const NOT_WHITELISTED = /^mntr is not executed because it is not in the whitelist\.?$/;
const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';
const STARTS = ['zk_version\t', 'mntr is not executed because', NOT_SERVING];

/**
 * ZooKeeper writes the answer and closes the connection: the reply is complete when the server
 * hangs up (`ended`). Before that, only a start that cannot begin an answer to `mntr` ends it early.
 */
export function parseMntrReply(received: Buffer, ended: boolean): ParseResult<MntrReply> {
  // Nothing at all: the connection's own failure (closed, timeout) says what happened.
  if (received.length === 0) return INCOMPLETE;
  const prefix = received.subarray(0, 64).toString('latin1');
  if (!STARTS.some((start) => start.startsWith(prefix.slice(0, start.length)))) return MISMATCH;
  // (A reply past the byte cap is handed over as ended by the connection, and fails below if cut mid-line.)
  if (!ended) return INCOMPLETE;
  const text = received.toString('latin1');
  const first = text.split('\n')[0]!.trim();
  if (NOT_WHITELISTED.test(first)) return matched({ kind: 'not-whitelisted', line: first });
  if (first === NOT_SERVING) return matched({ kind: 'not-serving' });
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    // Every mntr line is `zk_<name>\t<value>`; anything else is not mntr.
    if (tab < 4 || !line.startsWith('zk_')) return MISMATCH;
    fields.set(line.slice(0, tab), line.slice(tab + 1).trim());
  }
  return fields.has('zk_version') ? matched({ kind: 'mntr', fields }) : MISMATCH;
}

function count(fields: ReadonlyMap<string, string>, name: string): number | undefined {
  const value = fields.get(name);
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export function observationFromMntr(reply: MntrReply): ZookeeperObservation {
  if (reply.kind === 'not-whitelisted') {
    return { protocol: 'zookeeper', product: 'zookeeper', access: 'refused', refusal: reply.line, signals: ['four-letter-word refusal', '`mntr` not in 4lw.commands.whitelist'] };
  }
  if (reply.kind === 'not-serving') {
    return { protocol: 'zookeeper', product: 'zookeeper', access: 'unknown', signals: ['answer to the `mntr` four-letter word', 'not currently serving requests'] };
  }
  const { fields } = reply;
  // "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC" or "3.5.5-390fe37…, built on 05/03/2019 12:07 GMT"
  const version = /^\d+\.\d+\.\d+/.exec(fields.get('zk_version')!)?.[0];
  const state = fields.get('zk_server_state');
  const numbers = {
    znodeCount: count(fields, 'zk_znode_count'),
    approximateDataSize: count(fields, 'zk_approximate_data_size'),
    aliveConnections: count(fields, 'zk_num_alive_connections'),
  };
  return {
    protocol: 'zookeeper',
    product: 'zookeeper',
    access: 'open',
    ...(version ? { version } : {}),
    ...(state && /^[a-z-]{1,20}$/.test(state) ? { serverState: state } : {}),
    ...Object.fromEntries(Object.entries(numbers).filter(([, value]) => value !== undefined)),
    signals: ['answer to the `mntr` four-letter word (zk_ lines)', 'zk_version line'],
  };
}

export const zookeeperProbe: ClientFirstProbe<ZookeeperObservation> & { protocol: 'zookeeper' } = {
  protocol: 'zookeeper',
  speaksFirst: false,
  hintPorts: [2181, 2182],
  // No recognizeStrayReply: ZooKeeper reads `GET ` as a packet length far past its limit and
  // hangs up without a word.
  async converse(conn: Conn, { timeoutMs }): Promise<ProbeOutcome<ZookeeperObservation>> {
    const reply = await conn.exchange(MNTR_REQUEST, parseMntrReply, { timeoutMs, maxBytes: MAX_MNTR_BYTES });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    return { kind: 'identified', observation: observationFromMntr(reply.value) };
  },
};
