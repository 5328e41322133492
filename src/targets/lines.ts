// A file read one line at a time, synchronously, in fixed-size chunks: a targets file of a
// million lines is never one string in memory (a whole 1,000,000-line file once crashed
// `split` with RangeError), and the scan's endpoint iterator, which is synchronous, can pull
// from it directly. `-` is standard input.
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;

/** Each line (without its `\n` or `\r\n`) and its number, from 1. */
export function* readLines(path: string): Generator<{ readonly text: string; readonly number: number }> {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK);
  let carry = '';
  let number = 0;
  try {
    for (;;) {
      const read = readChunk(fd, buffer);
      if (read === 0) break;
      // A chunk may end inside a multi-byte character: 'latin1' would split it, so decode the
      // complete lines' bytes only and carry the rest (a UTF-8 boundary never falls inside '\n').
      const end = buffer.lastIndexOf(0x0a, read - 1);
      if (end < 0) {
        carry += buffer.toString('utf8', 0, read);
        continue;
      }
      const text = carry + buffer.toString('utf8', 0, end);
      carry = buffer.toString('utf8', end + 1, read);
      for (const line of text.split('\n'))
        yield { text: line.endsWith('\r') ? line.slice(0, -1) : line, number: ++number };
    }
    if (carry !== '') yield { text: carry.endsWith('\r') ? carry.slice(0, -1) : carry, number: ++number };
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

function readChunk(fd: number, buffer: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      // A non-blocking standard input with nothing yet: wait a moment for the writer.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
