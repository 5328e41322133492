// How many connection attempts discovery may hold at once: thousands by default, as an internet
// scan needs, but never more sockets than the process may open. Each attempt is a file
// descriptor; so are identification's connections (a probe's own and the HTTP agent's) and the
// report, spool, checkpoint and history files. Past the limit connect() fails with EMFILE, which
// would read as endpoints that failed, so the plan stays under it and says when the limit binds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Connection attempts in flight when nothing else says otherwise. */
export const DEFAULT_CONNECT_CONCURRENCY = 4096;
/** Descriptors kept for everything that is not a probe socket: stdio, reports, journal, history, Node's own. */
const RESERVED = 128;
/** Sockets one identifying endpoint may hold: its probe connection, an HTTP follow-up, a spare. */
const PER_IDENTIFICATION = 3;

/** The soft limit on open files (Node raises it to the hard limit at start), or undefined when unknown. */
export function readFdLimit(): number | undefined {
  try {
    // Linux: "Max open files            20000                20000                files"
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line) return line[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(line[1]);
  } catch {
    // not Linux: ask a shell, which inherits this process's limit
  }
  try {
    const text = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 }).trim();
    if (text === 'unlimited') return Number.MAX_SAFE_INTEGER;
    const value = Number(text);
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface ConnectionPlan {
  readonly connectConcurrency: number;
  /** One line for stderr when the file-descriptor limit lowered what was asked or the default. */
  readonly note?: string;
}

/**
 * `requested`: --connect-concurrency, or undefined for the default. `identification`:
 * --concurrency. `fdLimit`: readFdLimit(), undefined when unknown (then what was asked is kept).
 */
export function planConnections(
  requested: number | undefined,
  identification: number,
  fdLimit: number | undefined,
): ConnectionPlan {
  const wanted = requested ?? DEFAULT_CONNECT_CONCURRENCY;
  if (fdLimit === undefined) return { connectConcurrency: wanted };
  const available = fdLimit - RESERVED - PER_IDENTIFICATION * identification;
  if (wanted <= available) return { connectConcurrency: wanted };
  const connectConcurrency = Math.max(1, available);
  const asked = requested === undefined ? `the default ${wanted}` : `--connect-concurrency ${wanted}`;
  return {
    connectConcurrency,
    note: `exposcan: ${connectConcurrency} connection attempts at once, not ${asked}: the open-file limit is ${fdLimit} (ulimit -n) and --concurrency ${identification} needs its share; raise the limit to go faster`,
  };
}
