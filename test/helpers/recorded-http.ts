// Whole HTTP responses recorded from real servers (`curl -si`: status line, headers, blank line,
// body), read back into the shape the engine hands to fingerprints.
import type { HttpResponse } from '../../src/probes/http-observation.js';
import { recorded } from './fixtures.js';

export function recordedResponse(path: string): HttpResponse {
  const text = recorded(path);
  // CRLF as on the wire; LF too, should a checkout ever rewrite line ends.
  const crlf = text.indexOf('\r\n\r\n');
  const split = crlf >= 0 ? crlf : text.indexOf('\n\n');
  if (split < 0) throw new Error(`${path}: no blank line after the headers`);
  const [statusLine, ...lines] = text.slice(0, split).split(/\r?\n/);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) throw new Error(`${path}: no status line`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // As the engine's HTTP client does: repeats joined with ", ", Set-Cookie with "\n".
    headers[name] =
      headers[name] === undefined ? value : `${headers[name]}${name === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return { status, headers, body: text.slice(split + (crlf >= 0 ? 4 : 2)), truncated: false };
}
