// ClickHouse's native protocol. The server Hello and the Exception 194 are real, recorded from
// ClickHouse 18.16.1 (Debian 12 package) on this machine (SOURCES.md); newer and older servers'
// Hellos and other exception codes are built here from the packet layout the recorded ones show
// (varint packet type, varint-length strings, varints; Exception: Int32 LE code first).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import { clickhouseProbe, clientHello, observationOf, parseServerReply } from '../../../src/probes/wire/clickhouse.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { startScriptedServer, type ScriptedServer } from '../../helpers/services.js';

const HELLO_18_16 = recordedBytes('clickhouse/native-server-hello-18.16.1-debian.bin');
const EXCEPTION_194 = recordedBytes('clickhouse/native-exception-194-18.16.1-debian.bin');

function varUInt(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
const str = (text: string) => Buffer.concat([varUInt(Buffer.byteLength(text)), Buffer.from(text)]);

function serverHello(major: number, minor: number, revision: number, extra: Buffer[]): Buffer {
  return Buffer.concat([varUInt(0), str('ClickHouse'), varUInt(major), varUInt(minor), varUInt(revision), ...extra]);
}

function exception(code: number, message: string): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32LE(code);
  return Buffer.concat([varUInt(2), head, str('DB::Exception'), str(message), str('0. trace'), Buffer.from([0])]);
}

describe('clientHello', () => {
  it('is user default with an empty password, revision 54405, and carries a line feed', () => {
    expect(clientHello().toString('hex')).toBe(
      '00' + '086578706f7363616e' + '010a' + '85a903' + '00' + '0764656661756c74' + '00',
    );
    expect(clientHello().includes(0x0a)).toBe(true);
  });
});

describe('parseServerReply', () => {
  it('reads the recorded 18.16.1 Hello, and waits for the whole of it', () => {
    expect(parseServerReply(HELLO_18_16, false)).toEqual({
      state: 'matched',
      value: { kind: 'hello', name: 'ClickHouse', version: '18.16.1', revision: 54412 },
    });
    for (let cut = 0; cut < HELLO_18_16.length; cut++)
      expect(parseServerReply(HELLO_18_16.subarray(0, cut), false).state).toBe('incomplete');
    expect(parseServerReply(HELLO_18_16.subarray(0, 10), true).state).toBe('mismatch');
  });

  it('reads a newer server’s Hello only as far as our revision agrees (no nonce, no password rules)', () => {
    const hello = serverHello(24, 8, 54472, [str('UTC'), str('ch-1'), varUInt(4)]);
    expect(parseServerReply(hello, false)).toMatchObject({
      state: 'matched',
      value: { version: '24.8.4', revision: 54472 },
    });
  });

  it('reads an old server’s Hello, which has no display name nor patch', () => {
    expect(parseServerReply(serverHello(1, 1, 54060, [str('Europe/Moscow')]), false)).toMatchObject({
      state: 'matched',
      value: { version: '1.1' },
    });
  });

  it('reads the recorded Exception up to its message, without waiting for the stack trace', () => {
    const messageEnd = EXCEPTION_194.indexOf('default') + 'default'.length;
    expect(parseServerReply(EXCEPTION_194.subarray(0, messageEnd), false)).toEqual({
      state: 'matched',
      value: {
        kind: 'exception',
        code: 194,
        name: 'DB::Exception',
        message: 'DB::Exception: Password required for user default',
      },
    });
  });

  it('is not fooled by other protocols', () => {
    for (const reply of [
      'HTTP/1.1 400 Bad Request\r\n\r\n',
      '-ERR unknown command\r\n',
      'ERROR\r\n',
      '\u0000\u0005Redis',
    ]) {
      expect(parseServerReply(Buffer.from(reply, 'latin1'), true).state, reply).toBe('mismatch');
    }
    // A Hello naming another product, an Exception not from ClickHouse's DB:: namespace.
    expect(parseServerReply(Buffer.concat([varUInt(0), str('Other')]), false).state).toBe('mismatch');
    expect(parseServerReply(Buffer.concat([varUInt(2), Buffer.from([1, 0, 0, 0]), str('Oops')]), false).state).toBe(
      'mismatch',
    );
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        (bytes, ended) => void parseServerReply(Buffer.from(bytes), ended),
      ),
    );
  });
});

describe('observationOf', () => {
  const of = (bytes: Buffer) => {
    const reply = parseServerReply(bytes, true);
    if (reply.state !== 'matched') throw new Error('not a reply');
    return observationOf(reply.value);
  };

  it('a Hello is open, with the version', () => {
    expect(of(HELLO_18_16)).toMatchObject({
      protocol: 'clickhouse',
      product: 'clickhouse',
      user: 'default',
      access: 'open',
      version: '18.16.1',
      revision: 54412,
    });
  });

  it.each([
    [194, 'auth-required'],
    [193, 'auth-required'],
    [192, 'auth-required'],
    [516, 'auth-required'],
    [195, 'refused'],
    [100, 'unknown'],
  ] as const)('Exception %i is %s', (code, access) => {
    expect(of(exception(code, 'DB::Exception: something'))).toMatchObject({ access, error: { code } });
  });
});

describe('clickhouseProbe.converse', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function converseWith(onData: Parameters<typeof startScriptedServer>[0]) {
    server = await startScriptedServer(onData);
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error('cannot connect');
    try {
      return { outcome: await clickhouseProbe.converse(conn, { timeoutMs: 2000 }), sent: server.received };
    } finally {
      conn.close();
    }
  }

  it('sends one Hello and reads the recorded answer, split in pieces', async () => {
    const { outcome, sent } = await converseWith((socket, bytes) => {
      if (bytes.length < clientHello().length) return;
      socket.write(HELLO_18_16.subarray(0, 7));
      setTimeout(() => socket.write(HELLO_18_16.subarray(7)), 5);
    });
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open', version: '18.16.1' } });
    expect(sent).toEqual([clientHello()]);
  });

  it('hears a line-reading server on port 9000 answer at once, thanks to the line feed', async () => {
    // Go's HTTP server reads a request line up to its line feed, then refuses it.
    const { outcome } = await converseWith((socket, bytes) => {
      if (bytes.includes(0x0a))
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n400 Bad Request');
    });
    expect(outcome).toEqual({ kind: 'not-this' });
  });
});
