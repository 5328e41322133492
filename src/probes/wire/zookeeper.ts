// ZooKeeper: the four-letter word `mntr` (monitoring counters: version, server state, znode count,
// approximate data size), read-only. ZooKeeper answers one four-letter word per connection and then
// closes it. Since 3.5.3 only whitelisted words are answered (`4lw.commands.whitelist`); the
// default whitelist holds `srvr` alone, and a server that has not opened `mntr` up answers "mntr is
// not executed because it is not in the whitelist.". That says nothing about the client port:
// real 3.8 servers with the default whitelist let any client open a session and read every znode.
// So a refused `mntr` is followed, each on a fresh connection, by `srvr` (version, mode, node
// count; every whitelist holds it) and by the read-only session proof of zookeeper-session.ts
// (ConnectRequest, getChildren("/"), closeSession). Access is then what the session met: open,
// auth-required (SASL enforced), refused (no session granted), or unknown with the reason.
import type { Conn } from '../conn.js';
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';
import type { ProbeOutcome, ZookeeperObservation } from '../observation.js';
import type { ClientFirstProbe } from './probe.js';
import { listRoot, type SessionOutcome } from './zookeeper-session.js';

/** `mntr` and a newline, as `echo mntr | nc host 2181` sends it: line-based servers answer it too instead of waiting. */
export const MNTR_REQUEST = Buffer.from('mntr\n', 'latin1');
/** mntr is about 20 KiB on 3.8 (hundreds of metrics); 64 KiB leaves room. */
const MAX_MNTR_BYTES = 64 * 1024;

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
    // The words are restricted; the client port may be open all the same: undecided until a session says.
    return {
      protocol: 'zookeeper',
      product: 'zookeeper',
      access: 'unknown',
      refusal: reply.line,
      undecided: 'four-letter words whitelisted away; no session tried',
      signals: ['four-letter-word refusal', '`mntr` not in 4lw.commands.whitelist'],
    };
  }
  if (reply.kind === 'not-serving') {
    return {
      protocol: 'zookeeper',
      product: 'zookeeper',
      access: 'unknown',
      signals: ['answer to the `mntr` four-letter word', 'not currently serving requests'],
    };
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
    provenBy: 'mntr',
    signals: ['answer to the `mntr` four-letter word (zk_ lines)', 'zk_version line'],
  };
}

/** `srvr`, which every whitelist holds since 3.5.3: the facts it gives besides the version. */
export interface SrvrFacts {
  readonly version?: string;
  readonly mode?: string;
  readonly nodeCount?: number;
}

const SRVR_REQUEST = Buffer.from('srvr\n', 'latin1');

/** "Zookeeper version: 3.8.0-…, built on …" … "Mode: standalone" … "Node count: 5"; ends when the server hangs up. */
function parseSrvrReply(received: Buffer, ended: boolean): ParseResult<SrvrFacts> {
  if (received.length === 0) return INCOMPLETE;
  const prefix = 'Zookeeper version: ';
  const start = received.subarray(0, prefix.length).toString('latin1');
  if (!prefix.startsWith(start)) return MISMATCH;
  if (!ended) return INCOMPLETE;
  const text = received.toString('latin1');
  const version = /^Zookeeper version: (\d+\.\d+\.\d+)/.exec(text)?.[1];
  const mode = /^Mode: ([a-z-]{1,20})$/m.exec(text)?.[1];
  const nodes = /^Node count: (\d{1,15})$/m.exec(text)?.[1];
  return matched({
    ...(version ? { version } : {}),
    ...(mode ? { mode } : {}),
    ...(nodes ? { nodeCount: Number(nodes) } : {}),
  });
}

/**
 * What a ZooKeeper whose `mntr` is whitelisted away showed to `srvr` and to a session without
 * credentials. Pure: the conversation is in `converse`.
 */
export function observationAfterRefusal(
  refused: ZookeeperObservation,
  srvr: SrvrFacts | undefined,
  session: SessionOutcome,
): ZookeeperObservation {
  const facts = {
    ...(srvr?.version ? { version: srvr.version } : {}),
    ...(srvr?.mode ? { serverState: srvr.mode } : {}),
    ...(srvr?.nodeCount !== undefined ? { znodeCount: srvr.nodeCount } : {}),
  };
  const base = {
    protocol: 'zookeeper' as const,
    product: 'zookeeper' as const,
    ...(refused.refusal ? { refusal: refused.refusal } : {}),
    ...facts,
  };
  const signals = [...refused.signals, ...(srvr?.version ? ['answer to `srvr` (Zookeeper version line)'] : [])];
  switch (session.kind) {
    case 'listed':
      return {
        ...base,
        access: 'open',
        provenBy: 'session',
        rootChildren: session.count,
        rootChildNames: session.names,
        signals: [...signals, 'a session without credentials listed / (ConnectResponse, getChildren reply)'],
      };
    case 'auth-required':
      return {
        ...base,
        access: 'auth-required',
        sessionError: session.error,
        signals: [...signals, `session read refused with ${session.error}`],
      };
    case 'session-refused':
      return { ...base, access: 'refused', signals: [...signals, 'ConnectResponse granted no session'] };
    case 'undecided':
      return { ...base, access: 'unknown', undecided: session.reason, signals };
  }
}

export const zookeeperProbe: ClientFirstProbe<ZookeeperObservation> & { protocol: 'zookeeper' } = {
  protocol: 'zookeeper',
  speaksFirst: false,
  hintPorts: [2181, 2182],
  // No recognizeStrayReply: ZooKeeper reads `GET ` as a packet length far past its limit and
  // hangs up without a word.
  async converse(conn: Conn, { timeoutMs, reconnect }): Promise<ProbeOutcome<ZookeeperObservation>> {
    const reply = await conn.exchange(MNTR_REQUEST, parseMntrReply, { timeoutMs, maxBytes: MAX_MNTR_BYTES });
    if (reply.kind === 'failure') return { kind: 'failure', failure: reply.failure };
    if (reply.kind === 'mismatch') return { kind: 'not-this' };
    const observation = observationFromMntr(reply.value);
    if (reply.value.kind !== 'not-whitelisted' || !reconnect) return { kind: 'identified', observation };
    const srvr = await onFreshConnection(reconnect, async (fresh) => {
      const answer = await fresh.exchange(SRVR_REQUEST, parseSrvrReply, { timeoutMs, maxBytes: MAX_MNTR_BYTES });
      return answer.kind === 'matched' ? answer.value : undefined;
    });
    const session = await onFreshConnection(reconnect, (fresh) => listRoot(fresh, timeoutMs));
    return {
      kind: 'identified',
      observation: observationAfterRefusal(
        observation,
        srvr,
        session ?? { kind: 'undecided', reason: 'no session: a new connection could not be opened' },
      ),
    };
  },
};

async function onFreshConnection<T>(
  reconnect: () => Promise<Conn | undefined>,
  use: (conn: Conn) => Promise<T>,
): Promise<T | undefined> {
  const conn = await reconnect();
  if (!conn) return undefined;
  try {
    return await use(conn);
  } finally {
    conn.close();
  }
}
