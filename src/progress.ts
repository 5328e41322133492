// Progress on stderr. On a terminal: one live line, redrawn at most ten times a second:
// endpoints done/total, open, findings, rate and ETA. Off a terminal (CI, cron, a pipe): nothing
// for a scan shorter than PLAIN_EVERY_MS, then the same figures as one plain line every
// PLAIN_EVERY_MS (issue 13 asks a long scan's log to show it is alive; issue 12 asks short
// scans' logs to stay clean). The line is a pure function of the counts and the clock; the
// clock, the timer and whether the stream is a terminal are injected, so tests need no waiting.

/** Off a terminal: a line this often, the first one this long after the start. */
export const PLAIN_EVERY_MS = 30_000;
/** On a terminal: redraw at most this often. */
const REDRAW_MS = 100;

export interface ProgressCounts {
  readonly done: number;
  /** 0 when unknown (a shard's share is only known by walking the whole space). */
  readonly total: number;
  readonly open: number;
  readonly findings: number;
}

/** "1,234/9,728 endpoints (12%), 3 open, 5 findings, 812/s, about 11s left". */
export function progressLine(counts: ProgressCounts, elapsedMs: number): string {
  const number = (value: number) => value.toLocaleString('en-US');
  const parts = [
    counts.total > 0
      ? `${number(counts.done)}/${number(counts.total)} endpoints (${Math.floor((100 * counts.done) / counts.total)}%)`
      : `${number(counts.done)} endpoints`,
    `${number(counts.open)} open`,
    `${number(counts.findings)} finding${counts.findings === 1 ? '' : 's'}`,
  ];
  const perSecond = elapsedMs > 0 ? (counts.done * 1000) / elapsedMs : 0;
  parts.push(`${perSecond >= 10 ? number(Math.round(perSecond)) : perSecond.toFixed(1)}/s`);
  if (counts.total > 0 && counts.done > 0 && counts.done < counts.total)
    parts.push(`about ${duration(((counts.total - counts.done) / perSecond) * 1000)} left`);
  return parts.join(', ');
}

/** 45s, 3m 05s, 2h 07m. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export interface Progress {
  update(counts: Omit<ProgressCounts, 'total'>): void;
  done(): void;
}

export interface ProgressDeps {
  readonly now: () => number;
  /** Calls `tick` every `ms` until the returned function is called. */
  readonly every: (ms: number, tick: () => void) => () => void;
}

const realDeps: ProgressDeps = {
  now: () => performance.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    // Progress never keeps a finished process alive.
    timer.unref();
    return () => clearInterval(timer);
  },
};

export function createProgress(
  stream: { readonly isTTY?: boolean; write(text: string): unknown },
  total: number,
  deps: ProgressDeps = realDeps,
): Progress {
  const started = deps.now();
  let counts: ProgressCounts = { done: 0, total, open: 0, findings: 0 };
  if (!stream.isTTY) {
    const stop = deps.every(PLAIN_EVERY_MS, () =>
      stream.write(`exposcan: ${progressLine(counts, deps.now() - started)}\n`),
    );
    return {
      update: (next) => void (counts = { ...next, total }),
      done: stop,
    };
  }
  let last = -Infinity;
  return {
    update(next) {
      counts = { ...next, total };
      const now = deps.now();
      if (now - last < REDRAW_MS && next.done < total) return;
      last = now;
      stream.write(`\r${progressLine(counts, now - started)}\x1b[K`);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
