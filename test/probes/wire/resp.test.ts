// RESP, the Redis wire format: encoding a command, and decoding one reply from bytes that may be
// partial, oversized or not Redis at all. Recorded replies where we have them (see SOURCES.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BULK_BYTES, encodeCommand, parseReply } from '../../../src/probes/wire/resp.js';
import { recorded } from '../../helpers/fixtures.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** A bulk string exactly as Redis frames it: `$<byte length>\r\n<payload>\r\n`. */
const bulk = (payload: string) => bytes(`$${Buffer.byteLength(payload)}\r\n${payload}\r\n`);

describe('encodeCommand', () => {
  it('frames a command as an array of bulk strings', () => {
    expect(encodeCommand('INFO').toString()).toBe('*1\r\n$4\r\nINFO\r\n');
    expect(encodeCommand('AUTH', 'pw').toString()).toBe('*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n');
  });

  it('counts bytes, not characters', () => {
    expect(encodeCommand('é').toString()).toBe('*1\r\n$2\r\né\r\n');
  });
});

describe('parseReply', () => {
  it('reads the recorded NOAUTH and protected-mode refusals as errors', () => {
    expect(parseReply(bytes(recorded('redis/resp-noauth-error.txt')))).toEqual({
      state: 'matched',
      value: { type: 'error', text: 'NOAUTH Authentication required.' },
    });
    const denied = parseReply(bytes(recorded('redis/resp-denied-protected-mode.txt')));
    expect(denied).toMatchObject({ state: 'matched', value: { type: 'error' } });
    expect(denied.state === 'matched' && denied.value.type === 'error' && denied.value.text).toMatch(
      /^DENIED Redis is running in protected mode .*accepting connections from the outside\.$/,
    );
  });

  it('reads simple strings, integers and null bulk strings', () => {
    expect(parseReply(bytes('+PONG\r\n'))).toEqual({ state: 'matched', value: { type: 'simple', text: 'PONG' } });
    expect(parseReply(bytes(':-42\r\n'))).toEqual({ state: 'matched', value: { type: 'integer', value: -42 } });
    expect(parseReply(bytes('$-1\r\n'))).toEqual({ state: 'matched', value: { type: 'bulk', text: null } });
    expect(parseReply(bytes('$0\r\n\r\n'))).toEqual({ state: 'matched', value: { type: 'bulk', text: '' } });
  });

  it('reads the recorded INFO payload framed as on the wire', () => {
    // The fixture was stored with LF line endings; Redis sends CRLF, so convert before framing.
    const info = recorded('redis/info-6.0.9.txt').replace(/\n/g, '\r\n');
    const reply = bulk(info);
    expect(parseReply(reply)).toEqual({ state: 'matched', value: { type: 'bulk', text: info } });
    // Arriving in pieces, every cut short of the end asks for more rather than giving up.
    for (const cut of [1, 2, 7, 100, reply.length - 2, reply.length - 1])
      expect(parseReply(reply.subarray(0, cut)).state).toBe('incomplete');
  });

  it('waits for more on an empty buffer or a header without its line end', () => {
    expect(parseReply(Buffer.alloc(0)).state).toBe('incomplete');
    expect(parseReply(bytes('$5')).state).toBe('incomplete');
    expect(parseReply(bytes('-ERR unknown')).state).toBe('incomplete');
  });

  it('refuses what is not a RESP reply', () => {
    for (const text of [
      'HTTP/1.1 400 Bad Request\r\n\r\n',
      'SSH-2.0-OpenSSH_9.2\r\n',
      '*1\r\n$4\r\nPONG\r\n',
      ':12x\r\n',
      '$abc\r\nxyz\r\n',
    ]) {
      expect(parseReply(bytes(text)).state, text).toBe('mismatch');
    }
  });

  it('refuses lying or hostile length fields', () => {
    // Shorter than the payload: the bytes after the claimed end are not the CRLF terminator.
    expect(parseReply(bytes('$3\r\nabcdef\r\n')).state).toBe('mismatch');
    // Negative other than -1, and larger than any INFO reply: refused before buffering it.
    expect(parseReply(bytes('$-2\r\n')).state).toBe('mismatch');
    expect(parseReply(bytes(`$${MAX_BULK_BYTES + 1}\r\n`)).state).toBe('mismatch');
    expect(parseReply(bytes('$99999999999999999999999\r\n')).state).toBe('mismatch');
    // Longer than what came: still incomplete (the connection's deadline and byte cap end it).
    expect(parseReply(bytes('$100\r\nshort\r\n')).state).toBe('incomplete');
    // A header line that never ends is not Redis after 64 KiB.
    expect(parseReply(Buffer.concat([bytes('+'), Buffer.alloc(64 * 1024 + 1, 0x61)])).state).toBe('mismatch');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (input) => {
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseReply(Buffer.from(input)).state);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on bytes that start like a reply (the parser gets past the first byte)', () => {
    const replyLike = fc.tuple(
      fc.constantFrom('+', '-', ':', '$'),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('\r\n', '\n', ''),
      fc.uint8Array({ maxLength: 64 }),
    );
    fc.assert(
      fc.property(replyLike, ([kind, header, end, rest]) => {
        parseReply(Buffer.concat([bytes(kind + header + end), Buffer.from(rest)]));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes any bulk string, and asks for more on every strict prefix of it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (payload) => {
        const reply = bulk(payload);
        expect(parseReply(reply)).toEqual({ state: 'matched', value: { type: 'bulk', text: payload } });
        for (let cut = 0; cut < reply.length; cut++)
          expect(parseReply(reply.subarray(0, cut)).state).toBe('incomplete');
      }),
      { numRuns: 300 },
    );
  });
});
