// Raw HTTP/1.x responses: status lines, headers (repeated, oddly cased, named like Object's own
// properties), Content-Length that lies, chunked bodies with lying or junk chunk sizes.
import fc from 'fast-check';
import type { HttpResponse } from '../../../../src/probes/http-observation.js';
import { parseRawResponse } from '../../../../src/probes/http-raw.js';
import { LARGE, type IncrementalDecoder } from '../decoder.js';
import { recordedBytes } from '../../../helpers/fixtures.js';
import { recordedFiles } from '../recorded.js';
import { mutated, repeatedTo, textOf } from '../bytes.js';

const statusLine = fc.oneof(
  fc.constantFrom(
    'HTTP/1.1 200 OK',
    'HTTP/1.0 401 Unauthorized',
    'HTTP/1.1 302 Found',
    'HTTP/1.1 200',
    'HTTP/1.1 999 ?',
    'HTTP/2 200',
    'HTTP/1.1 20 OK',
  ),
  textOf(['HTTP/1.1 ', '2', '0', ' ', 'OK', '\r']),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'Content-Type',
    'content-length',
    'Transfer-Encoding',
    'Set-Cookie',
    'Location',
    'Server',
    'constructor',
    '__proto__',
    'toString',
    'kbn-name',
    'WWW-Authenticate',
  ),
  textOf(['x', '-', 'A', ' ']),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    'chunked',
    'gzip, chunked',
    '0',
    '5',
    '99999999999999999999',
    '-1',
    'application/json',
    '/app/home',
    'Basic realm="x"',
  ),
  textOf(['a', ' ', '1', ';', ',']),
);
const header = fc.tuple(headerName, headerValue).map(([name, value]) => `${name}: ${value}`);
const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{"version":{"number":"7.10.2"}}', '<title>Kibana</title>'),
);

/** A chunked body: each chunk's declared size may lie, or be junk, or carry an extension. */
const chunked = fc
  .array(
    fc.tuple(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', ';ext=1', 'zz', '-1', 'ffffffffffffffff'),
      fc.integer({ min: -3, max: 3 }),
    ),
    { maxLength: 5 },
  )
  .map(
    (chunks) =>
      `${chunks.map(([data, extra, lie]) => `${(Buffer.byteLength(data) + lie).toString(16)}${extra}\r\n${data}\r\n`).join('')}0\r\n\r\n`,
  );

const response = fc
  .tuple(
    statusLine,
    fc.array(header, { maxLength: 8 }),
    fc.oneof(
      body.map((text) => ({ text, chunked: false })),
      chunked.map((text) => ({ text, chunked: true })),
    ),
    fc.integer({ min: -3, max: 3 }),
  )
  .map(([status, headers, content, lie]) => {
    const framing = content.chunked
      ? 'Transfer-Encoding: chunked'
      : `Content-Length: ${Buffer.byteLength(content.text) + lie}`;
    return Buffer.from(`${status}\r\n${[...headers, framing].join('\r\n')}\r\n\r\n${content.text}`, 'utf8');
  });

const httpResponses = mutated(
  fc.oneof(
    { weight: 4, arbitrary: response },
    { weight: 1, arbitrary: fc.constantFrom(...recordedFiles('', ['.http']).map((path) => recordedBytes(path))) },
  ),
);

/** The raw response parser with a small body cap (where truncation is easy to reach) and the engine's 1 MiB. */
export const httpDecoders: readonly IncrementalDecoder[] = [64, 1024 * 1024].map((cap) => ({
  name: `raw HTTP response (body cap ${cap})`,
  parse: (bytes: Buffer, ended: boolean) => parseRawResponse(bytes, ended, cap),
  inputs: httpResponses,
  observe: (value: HttpResponse) => value,
  large: fc.oneof(
    // Headers only, right up to the header cap; thousands of one-byte chunks; one giant header line.
    repeatedTo(LARGE, fc.constantFrom(Buffer.from('a: b\r\n'), Buffer.from(':'), Buffer.from('\r\n'))).map((rest) =>
      Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), rest]),
    ),
    fc.constant(
      Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
        Buffer.alloc(LARGE, '1\r\na\r\n'),
      ]),
    ),
    fc.constant(Buffer.from(`HTTP/1.1 200 ${'x'.repeat(LARGE)}\r\n\r\n`)),
  ),
}));
