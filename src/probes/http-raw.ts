// The identifying HTTP request is written on the raw connection, so that a server that is not
// HTTP still shows what it is (Redis answers `-ERR unknown command`, PostgreSQL an error packet)
// and a server that is HTTP gives the shared `/` response in the same round trip. Pure parsing.
import { INCOMPLETE, MISMATCH, matched, type ParseResult } from './conn.js';
import type { HttpResponse } from './http-observation.js';

export const USER_AGENT = 'exposcan (read-only exposure scanner; +https://example.com/exposcan)';

export function rawGetRequest(hostHeader: string, path: string): Buffer {
  // No Accept-Encoding: we ask for identity so no server has a reason to compress (no bombs).
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
    'latin1',
  );
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Parses one HTTP/1.x response from raw bytes. `ended` says the server closed the connection,
 * which completes a body with no length. A body longer than the cap is kept cut, marked truncated.
 */
export function parseRawResponse(received: Buffer, ended: boolean, maxBodyBytes: number): ParseResult<HttpResponse> {
  if (received.length < 5) return ended && received.length > 0 ? MISMATCH : INCOMPLETE;
  if (received.subarray(0, 5).toString('latin1') !== 'HTTP/') return MISMATCH;
  const headerEnd = received.indexOf('\r\n\r\n');
  // The header cap holds however the bytes arrived, in one read or in many: headers ending
  // (their blank line starting) past it are refused, and so is a start with no end in reach.
  if (headerEnd > MAX_HEADER_BYTES) return MISMATCH;
  if (headerEnd < 0) {
    if (received.length >= MAX_HEADER_BYTES + 4 || ended) return MISMATCH;
    return INCOMPLETE;
  }
  const lines = received.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const status = STATUS_LINE.exec(lines[0] ?? '');
  if (!status) return MISMATCH;
  const headers = parseHeaderLines(lines.slice(1));
  const rest = received.subarray(headerEnd + 4);
  const body = readBody(rest, headers, ended, maxBodyBytes);
  if (!body) return INCOMPLETE;
  return matched({ status: Number(status[1]), headers, body: body.bytes.toString('utf8'), truncated: body.truncated });
}

/**
 * The response a deadline cut short: once the status line and the whole header block have come,
 * the server has answered in HTTP, and a body still streaming (a slow link, a loaded machine, a
 * body without end) is kept as far as it got, marked truncated. Undefined while the headers are
 * not all there: that is silence or a drip, not an answer.
 */
export function responseCutShort(received: Buffer, maxBodyBytes: number): HttpResponse | undefined {
  const verdict = parseRawResponse(received, true, maxBodyBytes);
  return verdict.state === 'matched' ? { ...verdict.value, truncated: true } : undefined;
}

function parseHeaderLines(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines.slice(0, 200)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // Own properties only: a header named `constructor` must not be joined onto Object's.
    headers[name] = Object.hasOwn(headers, name)
      ? `${headers[name]}${name === 'set-cookie' ? '\n' : ', '}${value}`
      : value;
  }
  return headers;
}

function readBody(
  rest: Buffer,
  headers: Readonly<Record<string, string>>,
  ended: boolean,
  cap: number,
): { bytes: Buffer; truncated: boolean } | undefined {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return readChunked(rest, ended, cap);
  const declared = headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared)) {
    const length = Number(declared);
    // The cap applies even when the whole longer body has already arrived.
    if (length > cap && rest.length >= cap) return { bytes: rest.subarray(0, cap), truncated: true };
    if (rest.length >= length) return { bytes: rest.subarray(0, length), truncated: false };
    return ended ? { bytes: rest, truncated: true } : undefined;
  }
  // Only more than the cap is a cut: a body of exactly the cap is whole once the server closes.
  if (rest.length > cap) return { bytes: rest.subarray(0, cap), truncated: true };
  return ended ? { bytes: rest, truncated: false } : undefined;
}

function readChunked(rest: Buffer, ended: boolean, cap: number): { bytes: Buffer; truncated: boolean } | undefined {
  const parts: Buffer[] = [];
  let size = 0;
  let offset = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const chunkSize = Number.parseInt(rest.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(chunkSize) || chunkSize < 0) return { bytes: Buffer.concat(parts), truncated: true };
    if (chunkSize === 0) return { bytes: Buffer.concat(parts), truncated: false };
    const start = lineEnd + 2;
    const available = Math.min(chunkSize, rest.length - start);
    parts.push(rest.subarray(start, start + available));
    size += available;
    if (size > cap) return { bytes: Buffer.concat(parts).subarray(0, cap), truncated: true };
    if (available < chunkSize) break;
    offset = start + chunkSize + 2;
  }
  return ended ? { bytes: Buffer.concat(parts), truncated: true } : undefined;
}
