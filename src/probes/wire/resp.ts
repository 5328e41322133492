// The part of Redis's RESP protocol a read-only probe needs: encode a command, decode one reply
// (simple string, error, integer or bulk string). Pure; every input is untrusted.
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from '../conn.js';

export type RespReply =
  | { readonly type: 'simple'; readonly text: string }
  | { readonly type: 'error'; readonly text: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'bulk'; readonly text: string | null };

/** Larger bulk replies are refused: INFO is a few kilobytes, never megabytes. */
export const MAX_BULK_BYTES = 1024 * 1024;
/** A status, error or length line longer than this is not Redis. */
const MAX_LINE_BYTES = 64 * 1024;

export function encodeCommand(...parts: string[]): Buffer {
  const chunks = [`*${parts.length}\r\n`];
  for (const part of parts) chunks.push(`$${Buffer.byteLength(part)}\r\n${part}\r\n`);
  return Buffer.from(chunks.join(''), 'utf8');
}

export function parseReply(received: Buffer): ParseResult<RespReply> {
  if (received.length === 0) return INCOMPLETE;
  const lineEnd = received.indexOf('\r\n');
  const kind = String.fromCharCode(received[0]!);
  if (!'+-:$'.includes(kind)) return MISMATCH;
  // A first line past the cap is refused whether or not its CRLF has arrived yet, so the verdict
  // does not depend on how the reply was split into reads.
  if (lineEnd > MAX_LINE_BYTES) return MISMATCH;
  if (lineEnd < 0) return received.length > MAX_LINE_BYTES + 1 ? MISMATCH : INCOMPLETE;
  const line = received.subarray(1, lineEnd).toString('utf8');
  switch (kind) {
    case '+':
      return matched({ type: 'simple', text: line });
    case '-':
      return matched({ type: 'error', text: line });
    case ':': {
      if (!/^-?\d+$/.test(line)) return MISMATCH;
      return matched({ type: 'integer', value: Number(line) });
    }
    default: {
      if (!/^-?\d+$/.test(line)) return MISMATCH;
      const length = Number(line);
      if (length === -1) return matched({ type: 'bulk', text: null });
      if (length < 0 || length > MAX_BULK_BYTES) return MISMATCH;
      const start = lineEnd + 2;
      if (received.length < start + length + 2) return INCOMPLETE;
      // The payload must end where its length says: a lying length is not a Redis reply.
      if (received[start + length] !== 0x0d || received[start + length + 1] !== 0x0a) return MISMATCH;
      return matched({ type: 'bulk', text: received.subarray(start, start + length).toString('utf8') });
    }
  }
}
