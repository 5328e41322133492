// The PostgreSQL probe: the StartupMessage it sends, and parsing the backend's reply. No recorded
// capture is stored, so replies are built here from the v3 protocol's message formats (type byte,
// Int32 length counting itself, payload); test/integration/postgres.test.ts runs it against a real
// PostgreSQL 15.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import {
  SSL_REQUEST,
  TERMINATE,
  asksForEncryption,
  parseSslResponse,
  parseStartupReply,
  postgresProbe,
  startupMessage,
} from '../../../src/probes/wire/postgres.js';
import { startScriptedServer, stopAll } from '../../helpers/services.js';

afterAll(stopAll);

function message(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}
const int32 = (value: number) => Buffer.from([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
const auth = (code: number, extra = Buffer.alloc(0)) => message('R', Buffer.concat([int32(code), extra]));
const parameter = (name: string, value: string) => message('S', Buffer.from(`${name}\0${value}\0`));
const error = (fields: Record<string, string>) =>
  message(
    'E',
    Buffer.from(
      `${Object.entries(fields)
        .map(([key, value]) => `${key}${value}\0`)
        .join('')}\0`,
    ),
  );
const READY = message('Z', Buffer.from('I'));
const KEY_DATA = message('K', Buffer.concat([int32(4242), int32(123456789)]));

/** What PostgreSQL 15 sends a trust-authenticated client, in order (abridged ParameterStatus list). */
const TRUST_REPLY = Buffer.concat([
  auth(0),
  parameter('application_name', 'exposcan'),
  parameter('client_encoding', 'UTF8'),
  parameter('server_version', '15.20 (Debian 15.20-0+deb12u1)'),
  KEY_DATA,
  READY,
]);

describe('startupMessage', () => {
  it('is a v3.0 StartupMessage whose length counts itself', () => {
    const bytes = startupMessage('postgres', 'postgres');
    expect(bytes.readInt32BE(0)).toBe(bytes.length);
    expect(bytes.readInt32BE(4)).toBe(0x0003_0000);
    expect(bytes.subarray(8).toString('latin1')).toBe(
      'user\0postgres\0database\0postgres\0application_name\0exposcan\0\0',
    );
    expect([...TERMINATE]).toEqual([0x58, 0, 0, 0, 4]);
  });
});

describe('parseStartupReply', () => {
  it('reads trust (AuthenticationOk) and the version, up to ReadyForQuery', () => {
    expect(parseStartupReply(TRUST_REPLY, false)).toEqual({
      state: 'matched',
      value: { auth: 'trust', version: '15.20' },
    });
  });

  it('asks for more on every strict prefix, and settles for trust without a version if the server hangs up after Ok', () => {
    for (let cut = 0; cut < TRUST_REPLY.length; cut++)
      expect(parseStartupReply(TRUST_REPLY.subarray(0, cut), false).state).toBe('incomplete');
    expect(parseStartupReply(auth(0), true)).toEqual({ state: 'matched', value: { auth: 'trust' } });
    expect(parseStartupReply(auth(0).subarray(0, 6), true).state).toBe('mismatch');
  });

  it('names the method a password-protected server asks for', () => {
    expect(parseStartupReply(auth(10, Buffer.from('SCRAM-SHA-256\0\0')), false)).toEqual({
      state: 'matched',
      value: { auth: 'scram' },
    });
    expect(parseStartupReply(auth(5, Buffer.from([1, 2, 3, 4])), false)).toEqual({
      state: 'matched',
      value: { auth: 'md5' },
    });
    expect(parseStartupReply(auth(3), false)).toEqual({ state: 'matched', value: { auth: 'password' } });
    expect(parseStartupReply(auth(7), false)).toEqual({ state: 'matched', value: { auth: 'gss' } });
    expect(parseStartupReply(auth(99), false)).toEqual({ state: 'matched', value: { auth: 'other' } });
  });

  it('tells a refusal before authentication from an error after it', () => {
    const noEntry = error({
      S: 'FATAL',
      V: 'FATAL',
      C: '28000',
      M: 'no pg_hba.conf entry for host "192.0.2.1", user "postgres", database "postgres", no encryption',
    });
    expect(parseStartupReply(noEntry, false)).toEqual({
      state: 'matched',
      value: {
        auth: 'rejected',
        error: {
          code: '28000',
          message: 'no pg_hba.conf entry for host "192.0.2.1", user "postgres", database "postgres", no encryption',
        },
      },
    });
    const noDatabase = Buffer.concat([
      auth(0),
      error({ S: 'FATAL', C: '3D000', M: 'database "postgres" does not exist' }),
    ]);
    expect(parseStartupReply(noDatabase, false)).toEqual({
      state: 'matched',
      value: { auth: 'trust', error: { code: '3D000', message: 'database "postgres" does not exist' } },
    });
  });

  it('keeps a version string it cannot read as a number, cut short', () => {
    const odd = Buffer.concat([auth(0), parameter('server_version', `devel-${'x'.repeat(100)}`), READY]);
    expect(parseStartupReply(odd, false)).toEqual({
      state: 'matched',
      value: { auth: 'trust', version: `devel-${'x'.repeat(34)}` },
    });
  });

  it('refuses what is not a PostgreSQL startup reply', () => {
    expect(parseStartupReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), false).state).toBe('mismatch');
    expect(parseStartupReply(Buffer.from('-NOAUTH Authentication required.\r\n'), false).state).toBe('mismatch');
    // ReadyForQuery or BackendKeyData before any authentication is not how a server starts.
    expect(parseStartupReply(READY, false).state).toBe('mismatch');
    expect(parseStartupReply(KEY_DATA, false).state).toBe('mismatch');
    // A server that hangs up without a word (as PostgreSQL does to bytes that are not a startup packet).
    expect(parseStartupReply(Buffer.alloc(0), true).state).toBe('mismatch');
  });

  it('refuses lying length fields', () => {
    const lengthOf = (bytes: Buffer, length: number) => {
      const copy = Buffer.from(bytes);
      copy.writeInt32BE(length, 1);
      return copy;
    };
    expect(parseStartupReply(lengthOf(auth(0), 3), false).state).toBe('mismatch'); // shorter than its own length field
    expect(parseStartupReply(lengthOf(auth(0), -1), false).state).toBe('mismatch'); // negative
    expect(parseStartupReply(lengthOf(auth(0), 0x7fffffff), false).state).toBe('mismatch'); // far past any startup message
    expect(parseStartupReply(message('R', Buffer.alloc(0)), false).state).toBe('mismatch'); // R too short to hold its code
    // Longer than what came: incomplete while the connection is open, not PostgreSQL once it ended.
    expect(parseStartupReply(lengthOf(auth(10), 400), false).state).toBe('incomplete');
    expect(parseStartupReply(lengthOf(auth(10), 400), true).state).toBe('mismatch');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (input, ended) => {
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseStartupReply(Buffer.from(input), ended).state);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on sequences of well-typed messages with arbitrary lengths and payloads', () => {
    const anyMessage = fc.tuple(
      fc.constantFrom(...'REKSNZX'),
      fc.integer({ min: -8, max: 80 }),
      fc.uint8Array({ maxLength: 64 }),
    );
    fc.assert(
      fc.property(fc.array(anyMessage, { maxLength: 6 }), fc.boolean(), (messages, ended) => {
        const bytes = Buffer.concat(
          messages.map(([type, length, payload]) => {
            const header = Buffer.alloc(5);
            header.write(type, 0, 'latin1');
            header.writeInt32BE(length, 1);
            return Buffer.concat([header, Buffer.from(payload)]);
          }),
        );
        parseStartupReply(bytes, ended);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the startup conversation, against a scripted loopback peer', () => {
  async function converse(reply: Buffer) {
    const server = await startScriptedServer((socket, sent) => {
      // Answer once the whole StartupMessage is in.
      if (sent.length >= 4 && sent.length === sent.readInt32BE(0)) socket.write(reply);
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    const outcome = await postgresProbe.converse(conn, { timeoutMs: 2000 });
    conn.close();
    // Give anything written just before the close time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sent = server.received[0] ?? Buffer.alloc(0);
    await server.stop();
    return { outcome, sent };
  }

  it('after AuthenticationOk, sends Terminate and nothing else', async () => {
    const { outcome, sent } = await converse(TRUST_REPLY);
    expect(outcome).toMatchObject({
      kind: 'identified',
      observation: {
        protocol: 'postgresql',
        product: 'postgresql',
        user: 'postgres',
        database: 'postgres',
        auth: 'trust',
        version: '15.20',
      },
    });
    expect(sent).toEqual(Buffer.concat([startupMessage('postgres', 'postgres'), TERMINATE]));
  });

  it('to a SCRAM challenge, answers nothing: no password is ever sent', async () => {
    const { outcome, sent } = await converse(auth(10, Buffer.from('SCRAM-SHA-256\0\0')));
    expect(outcome).toMatchObject({ kind: 'identified', observation: { auth: 'scram' } });
    expect(sent).toEqual(startupMessage('postgres', 'postgres'));
  });

  it('is not PostgreSQL when the reply is something else', async () => {
    expect((await converse(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).outcome).toEqual({ kind: 'not-this' });
  });

  it('is busy, not another protocol, when turned away as PGlite’s socket server turns a second client away', async () => {
    // @electric-sql/pglite-socket 0.2.17 (handleConnection): one client at a time, the next told so in plain text.
    expect((await converse(Buffer.from('Too many connections\n'))).outcome).toEqual({
      kind: 'failure',
      failure: 'refused',
    });
  });
});

describe('the TLS retry (hostssl)', () => {
  it('reads the one-byte answer to SSLRequest, and nothing more before the handshake (CVE-2021-23214)', () => {
    expect(SSL_REQUEST).toEqual(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]));
    expect(parseSslResponse(Buffer.from('S'))).toEqual({ state: 'matched', value: 'S' });
    expect(parseSslResponse(Buffer.from('N'))).toEqual({ state: 'matched', value: 'N' });
    expect(parseSslResponse(Buffer.alloc(0)).state).toBe('incomplete');
    expect(parseSslResponse(Buffer.from('SE')).state).toBe('mismatch');
    expect(parseSslResponse(Buffer.from('E')).state).toBe('mismatch');
  });

  it('retries only on pg_hba’s "no encryption" refusal (PostgreSQL 15’s wording, test/integration/postgres-tls.test.ts)', () => {
    const noEncryption = {
      code: '28000',
      message: 'no pg_hba.conf entry for host "127.0.0.1", user "postgres", database "postgres", no encryption',
    };
    expect(asksForEncryption({ auth: 'rejected', error: noEncryption })).toBe(true);
    expect(
      asksForEncryption({
        auth: 'rejected',
        error: {
          code: '28000',
          message: 'no pg_hba.conf entry for host "127.0.0.1", user "postgres", database "postgres", SSL encryption',
        },
      }),
    ).toBe(false);
    expect(asksForEncryption({ auth: 'scram' })).toBe(false);
  });
});
