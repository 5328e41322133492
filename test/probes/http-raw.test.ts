// parseRawResponse reads whatever a server sent to the identifying `GET /`, byte by byte as it
// arrives: it must say "wait" until a response is complete, "not HTTP" for other protocols, keep
// bodies within the cap, and never throw, whatever the bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../src/probes/conn.js';
import type { HttpResponse } from '../../src/probes/http-observation.js';
import { parseRawResponse, rawGetRequest, responseCutShort } from '../../src/probes/http-raw.js';
import { recordedBytes } from '../helpers/fixtures.js';

const CAP = 1024;
const INCOMPLETE = { state: 'incomplete' };
const MISMATCH = { state: 'mismatch' };

function parse(bytes: string | Buffer, ended = false, cap = CAP): ParseResult<HttpResponse> {
  return parseRawResponse(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, ended, cap);
}

/** The response a match carries; fails the test on anything else. */
function response(result: ParseResult<HttpResponse>): HttpResponse {
  expect(result.state).toBe('matched');
  return (result as { value: HttpResponse }).value;
}

const OK = 'HTTP/1.1 200 OK\r\n';

describe('framing by Content-Length', () => {
  it('waits for the declared length, then stops there', () => {
    expect(parse(`${OK}Content-Length: 5\r\n\r\nhel`)).toEqual(INCOMPLETE);
    // Bytes past the declared length belong to nothing we asked for.
    expect(response(parse(`${OK}Content-Length: 5\r\n\r\nhello, more`))).toEqual({
      status: 200,
      headers: { 'content-length': '5' },
      body: 'hello',
      truncated: false,
    });
  });

  it('marks a body the server cut short as truncated', () => {
    expect(response(parse(`${OK}Content-Length: 5\r\n\r\nhel`, true))).toMatchObject({ body: 'hel', truncated: true });
  });

  it('reads an empty redirect, as Kibana sends for /', () => {
    expect(
      response(parse('HTTP/1.1 302 Found\r\nlocation: /app/kibana\r\nkbn-name: kibana\r\ncontent-length: 0\r\n\r\n')),
    ).toEqual({
      status: 302,
      headers: { location: '/app/kibana', 'kbn-name': 'kibana', 'content-length': '0' },
      body: '',
      truncated: false,
    });
  });

  it('returns a recorded banner byte for byte', () => {
    const banner = recordedBytes('elasticsearch/root-7.17.27.json');
    const raw = Buffer.concat([
      Buffer.from(`${OK}content-type: application/json; charset=UTF-8\r\ncontent-length: ${banner.length}\r\n\r\n`),
      banner,
    ]);
    expect(response(parse(raw)).body).toBe(banner.toString('utf8'));
  });
});

describe('chunked framing', () => {
  const CHUNKED = `${OK}Transfer-Encoding: chunked\r\n\r\n`;

  it('joins the chunks, ignoring extensions and trailers', () => {
    expect(
      response(parse(`${CHUNKED}5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n`)),
    ).toMatchObject({
      body: 'hello, world!!!',
      truncated: false,
    });
  });

  it('waits for the last chunk, and marks a body cut before it as truncated', () => {
    expect(parse(`${CHUNKED}5\r\nhello\r\n`)).toEqual(INCOMPLETE);
    expect(parse(`${CHUNKED}5\r\nhel`)).toEqual(INCOMPLETE);
    expect(response(parse(`${CHUNKED}5\r\nhel`, true))).toMatchObject({ body: 'hel', truncated: true });
  });

  it('prefers chunked over a Content-Length sent beside it', () => {
    expect(
      response(parse(`${OK}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`)).body,
    ).toBe('hello');
  });

  it('keeps what came before a chunk size that is not hex, as truncated', () => {
    expect(response(parse(`${CHUNKED}5\r\nhello\r\nzz\r\nrest`))).toMatchObject({ body: 'hello', truncated: true });
  });
});

describe('framing by close', () => {
  it('reads until the server closes', () => {
    expect(parse(`${OK}Content-Type: text/html\r\n\r\n<html>`)).toEqual(INCOMPLETE);
    expect(response(parse(`${OK}Content-Type: text/html\r\n\r\n<html></html>`, true))).toMatchObject({
      body: '<html></html>',
      truncated: false,
    });
  });
});

describe('the body cap', () => {
  const over = 'x'.repeat(CAP + 10);
  const exact = 'x'.repeat(CAP);
  const chunked = (body: string) =>
    `${OK}Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;

  it('cuts a longer body at the cap and says so, whatever the framing', () => {
    for (const raw of [`${OK}Content-Length: ${over.length}\r\n\r\n${over}`, chunked(over), `${OK}\r\n${over}`]) {
      expect(response(parse(raw, true))).toMatchObject({ body: exact, truncated: true });
    }
  });

  it('does not wait for the rest of a body once the cap is reached', () => {
    expect(response(parse(`${OK}Content-Length: 1000000\r\n\r\n${over}`))).toMatchObject({
      body: exact,
      truncated: true,
    });
    expect(response(parse(`${OK}\r\n${over}`))).toMatchObject({ body: exact, truncated: true });
  });

  it('keeps a body of exactly the cap whole, whatever the framing', () => {
    for (const raw of [`${OK}Content-Length: ${CAP}\r\n\r\n${exact}`, chunked(exact)]) {
      expect(response(parse(raw))).toMatchObject({ body: exact, truncated: false });
    }
    expect(response(parse(`${OK}\r\n${exact}`, true))).toMatchObject({ body: exact, truncated: false });
  });
});

describe('headers', () => {
  it('lower-cases names and joins repeats, set-cookie with a newline', () => {
    const raw = `${OK}WWW-Authenticate: Basic realm="security"\r\nWWW-Authenticate: ApiKey\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nnot a header\r\nContent-Length: 0\r\n\r\n`;
    expect(response(parse(raw)).headers).toEqual({
      'www-authenticate': 'Basic realm="security", ApiKey',
      'set-cookie': 'a=1\nb=2',
      'content-length': '0',
    });
  });

  it('takes header names that are also Object property names as plain names', () => {
    expect(response(parse(`${OK}Constructor: x\r\nContent-Length: 0\r\n\r\n`)).headers).toEqual({
      constructor: 'x',
      'content-length': '0',
    });
  });

  it('stops waiting for the end of the headers after 64 KiB', () => {
    const filler = 'X-Filler: ' + 'a'.repeat(1000) + '\r\n';
    expect(parse(OK + filler)).toEqual(INCOMPLETE);
    expect(parse(OK + filler, true)).toEqual(MISMATCH);
    expect(parse(OK + filler.repeat(66))).toEqual(MISMATCH);
  });

  it('refuses a header block over 64 KiB even when it arrives whole', () => {
    // Same verdict whether the bytes came in one read or many.
    const filler = 'X-Filler: ' + 'a'.repeat(1000) + '\r\n';
    expect(parse(`${OK}${filler.repeat(66)}Content-Length: 0\r\n\r\n`)).toEqual(MISMATCH);
  });
});

describe('the header cap at its edge', () => {
  // A header block whose blank line starts at `end`: accepted up to 64 KiB, refused past it.
  const block = (end: number) =>
    Buffer.from(`${OK}X-Filler: ${'a'.repeat(end - OK.length - 'X-Filler: '.length)}\r\n\r\n`, 'latin1');

  it.each([-2, -1, 0, 1, 2])(
    'gives the same verdict for a block ending %i bytes from 64 KiB, however it arrives',
    (delta) => {
      const raw = block(64 * 1024 + delta);
      const final = parseRawResponse(raw, true, CAP);
      expect(final.state).toBe(delta <= 0 ? 'matched' : 'mismatch');
      for (let cut = raw.length - 8; cut < raw.length; cut++) {
        const early = parseRawResponse(raw.subarray(0, cut), false, CAP);
        if (early.state !== 'incomplete') expect(early).toEqual(final);
      }
    },
  );
});

describe('bytes that are not HTTP', () => {
  it.each([
    ['Redis asking for AUTH (recorded)', recordedBytes('redis/resp-noauth-error.txt')],
    ['Redis in protected mode (recorded)', recordedBytes('redis/resp-denied-protected-mode.txt')],
    ['a TLS alert', Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])],
    ['a PostgreSQL error packet', Buffer.from('E\x00\x00\x00\x1aSFATAL\x00C08P01\x00Minvalid\x00\x00', 'latin1')],
    ['an SSH banner', Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')],
    ['HTTP/2 framing', Buffer.from('HTTP/2 200\r\n\r\n')],
    ['a four-digit status', Buffer.from('HTTP/1.1 2000 OK\r\n\r\n')],
  ])('says %s is not an HTTP response', (_name, bytes) => {
    expect(parse(bytes, false)).toEqual(MISMATCH);
  });

  it('waits on fewer than five bytes unless the server has closed', () => {
    expect(parse('HTT')).toEqual(INCOMPLETE);
    expect(parse('HTT', true)).toEqual(MISMATCH);
    // Nothing at all is for the connection to report ("closed"), not the parser.
    expect(parse('', true)).toEqual(INCOMPLETE);
  });
});

describe('the request', () => {
  it('is one GET that asks for an uncompressed reply and a closed connection', () => {
    const request = rawGetRequest('127.0.0.1:5601', '/kibana/').toString('latin1');
    expect(request).toMatch(/^GET \/kibana\/ HTTP\/1\.1\r\nHost: 127\.0\.0\.1:5601\r\n/);
    expect(request).toMatch(/\r\nConnection: close\r\n\r\n$/);
    expect(request).not.toMatch(/accept-encoding/i);
  });
});

describe('fuzzing', () => {
  const isVerdict = (result: ParseResult<HttpResponse>) =>
    result.state !== 'matched' ||
    (Number.isInteger(result.value.status) &&
      result.value.status >= 100 &&
      result.value.status <= 999 &&
      typeof result.value.body === 'string');

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4096 }),
        (bytes, ended, cap) => {
          expect(isVerdict(parseRawResponse(Buffer.from(bytes), ended, cap))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary headers and chunk framing after a valid status line', () => {
    const piece = fc.constantFrom(
      '0',
      '1',
      '5',
      'a',
      'F',
      'ffffffffffffffff',
      '-1',
      ';x=y',
      '\r\n',
      '\r\n\r\n',
      'Content-Length: ',
      'Transfer-Encoding: chunked',
      ':',
      'hello',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 64 }),
        (pieces, ended, cap) => {
          expect(isVerdict(parse(OK + pieces.join(''), ended, cap))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  // A well-formed response in any framing, delivered in any two reads: until the last byte the
  // parser waits or already gives the final answer, and the final answer is the body cut at the cap.
  it('gives the same answer however the bytes are split', () => {
    const framing = fc.constantFrom('content-length', 'chunked', 'close');
    const body = fc.string({ maxLength: 300 });
    const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 10 });
    fc.assert(
      fc.property(
        framing,
        body,
        chunkSizes,
        fc.integer({ min: 0, max: 400 }),
        fc.nat(),
        (kind, text, sizes, cap, split) => {
          const raw = Buffer.from(frame(kind, text, sizes), 'latin1');
          const final = parseRawResponse(raw, true, cap);
          expect(response(final)).toEqual({
            status: 200,
            headers: expect.any(Object),
            body: text.slice(0, cap),
            truncated: text.length > cap,
          });
          const prefix = raw.subarray(0, split % (raw.length + 1));
          const early = parseRawResponse(prefix, false, cap);
          if (early.state !== 'incomplete') expect(early).toEqual(final);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('responseCutShort: what a deadline leaves of a response', () => {
  const cut = (bytes: string) => responseCutShort(Buffer.from(bytes, 'latin1'), CAP);

  it('keeps the status, headers and the body so far once the header block is whole, marked truncated', () => {
    for (const kind of ['content-length', 'chunked', 'close'] as const) {
      const whole = frame(kind, 'x'.repeat(300), [100, 100]);
      const partial = whole.slice(0, whole.indexOf('\r\n\r\n') + 4 + 50);
      const answer = cut(partial);
      expect(answer, kind).toMatchObject({ status: 200, truncated: true });
      expect('x'.repeat(300).startsWith(answer!.body.replace(/[0-9a-f]+\r\n|\r\n/g, '')), kind).toBe(true);
    }
  });

  it('is nothing while the headers are still coming, or for bytes that are not HTTP', () => {
    expect(cut('')).toBeUndefined();
    expect(cut('HT')).toBeUndefined();
    expect(cut(`${OK}Content-Type: text/plain\r\n`)).toBeUndefined();
    expect(cut('-ERR unknown command\r\n')).toBeUndefined();
  });

  it('marks even an empty body truncated: the server never said it was done', () => {
    expect(cut(`${OK}Content-Length: 10\r\n\r\n`)).toMatchObject({ body: '', truncated: true });
  });
});

function frame(kind: 'content-length' | 'chunked' | 'close', body: string, sizes: readonly number[]): string {
  if (kind === 'content-length') return `${OK}Content-Length: ${body.length}\r\n\r\n${body}`;
  if (kind === 'close') return `${OK}Content-Type: text/plain\r\n\r\n${body}`;
  let rest = body;
  let out = `${OK}Transfer-Encoding: chunked\r\n\r\n`;
  for (const size of [...sizes, rest.length]) {
    const chunk = rest.slice(0, size);
    rest = rest.slice(size);
    if (chunk.length > 0) out += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  }
  return `${out}0\r\n\r\n`;
}
