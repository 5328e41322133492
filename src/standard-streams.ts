// stdout or stderr that can no longer be written: `exposcan plan … | head -1` (the reader went
// away: EPIPE), `> /dev/full` (ENOSPC), a closed descriptor. Node reports these as an 'error'
// event on the stream; unhandled, that is a stack trace and exit 1, which the README reserves for
// "a finding at or above --fail-on". Here it is one line on stderr and exit 2: the output is
// incomplete, so the run is not a pass. A scan stops as if interrupted and still writes its
// (partial) report to --out, because the files there are the record, not the terminal.

type StreamName = 'stdout' | 'stderr';

export interface LostStream {
  readonly stream: StreamName;
  readonly code: string;
}

/** The one line said for a stream that cannot be written (pure, for the tests). */
function lostStreamLine(lost: LostStream): string {
  const name = lost.stream === 'stdout' ? 'standard output' : 'standard error';
  const why =
    lost.code === 'EPIPE'
      ? 'its reader closed it (EPIPE)'
      : lost.code === 'ENOSPC'
        ? 'no space left on the device (ENOSPC)'
        : `it cannot be written (${lost.code})`;
  return `exposcan: ${name}: ${why}; the output there is cut short`;
}

let lost: LostStream | undefined;
const listeners = new Set<() => void>();

/**
 * Installs the handlers once, at start-up. Only the first failure is said: after it the stream is
 * destroyed, and every later write fails the same way.
 */
export function watchStandardStreams(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): void {
  const onError = (stream: StreamName) => (error: NodeJS.ErrnoException) => {
    if (lost) return;
    lost = { stream, code: error.code ?? 'EIO' };
    // A lost stderr has nobody left to tell.
    if (stream === 'stdout' && !stderr.destroyed) stderr.write(`${lostStreamLine(lost)}\n`);
    process.exitCode = 2;
    for (const listener of listeners) listener();
  };
  stdout.on('error', onError('stdout'));
  stderr.on('error', onError('stderr'));
}

/** The stream that failed, if one did: the exit code is then 2 whatever the run decided. */
export function lostStream(): LostStream | undefined {
  return lost;
}

/** Called (once) when a standard stream fails; returns the function that stops listening. */
export function onStreamLost(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
