// The MySQL / MariaDB empty-password login (the probe's `proceed`). The HandshakeResponse41 is
// checked byte for byte against the documented layout (dev.mysql.com, "Protocol::HandshakeResponse41");
// the server's answers are real MariaDB 10.11.19 replies recorded here from the servers the
// integration test starts (OK to root without a password, ERR 1045 to root with one, ERR 1698 to
// root on a default unix_socket install); AuthSwitchRequest and caching_sha2_password's
// AuthMoreData, which MariaDB did not send, are built from the documented packets. Real servers:
// test/integration/mysql.test.ts.
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import type { MysqlObservation } from '../../../src/probes/observation.js';
import {
  CLIENT,
  COM_QUIT,
  handshakeResponse,
  packet,
  parseAuthPacket,
  parseFreshGreeting,
  proceed,
  readPacket,
  tryEmptyPassword,
  withLogins,
} from '../../../src/probes/wire/mysql.js';
import { recordedBytes } from '../../helpers/fixtures.js';

const GREETING = recordedBytes('mysql/greeting-mariadb-10.11.19.bin');
const OK = recordedBytes('mysql/login-root-ok-mariadb-10.11.19.bin');
const DENIED = recordedBytes('mysql/login-root-denied-mariadb-10.11.19.bin');
const UNIX_SOCKET = recordedBytes('mysql/login-root-unix-socket-mariadb-10.11.19.bin');

/** AuthSwitchRequest (sequence 2) to `plugin`, with a 20-byte scramble and its NUL. */
const authSwitch = (plugin: string, sequence = 2) =>
  packet(
    sequence,
    Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${plugin}\0`), Buffer.alloc(20, 0x41), Buffer.from([0])]),
  );
/** The recorded OK, renumbered to another sequence id. */
const okAt = (sequence: number) => Buffer.concat([OK.subarray(0, 3), Buffer.from([sequence]), OK.subarray(4)]);

describe('handshakeResponse', () => {
  it('is a HandshakeResponse41 at sequence 1: 4.1 client, no SSL, no database, empty auth data, mysql_native_password', () => {
    const bytes = handshakeResponse('root');
    expect(bytes.readUIntLE(0, 3)).toBe(bytes.length - 4);
    expect(bytes[3]).toBe(1);
    const capabilities = bytes.readUInt32LE(4);
    expect(capabilities & CLIENT.PROTOCOL_41).toBeTruthy();
    expect(capabilities & CLIENT.SECURE_CONNECTION).toBeTruthy();
    expect(capabilities & CLIENT.PLUGIN_AUTH).toBeTruthy();
    expect(capabilities & 0x800).toBe(0); // CLIENT_SSL
    expect(capabilities & 0x8).toBe(0); // CLIENT_CONNECT_WITH_DB
    expect(bytes.readUInt32LE(8)).toBe(16 * 1024 * 1024);
    expect(bytes[12]).toBe(33);
    expect(bytes.subarray(13, 36)).toEqual(Buffer.alloc(23));
    expect(bytes.subarray(36).toString('latin1')).toBe('root\0\0mysql_native_password\0');
    expect(handshakeResponse('').subarray(36).toString('latin1')).toBe('\0\0mysql_native_password\0');
    expect([...COM_QUIT]).toEqual([1, 0, 0, 0, 1]);
  });
});

describe('parseAuthPacket', () => {
  it('reads the recorded MariaDB answers: OK, ERR 1045, ERR 1698', () => {
    expect(parseAuthPacket(2)(OK)).toEqual({ state: 'matched', value: { type: 'ok', sequence: 2 } });
    expect(parseAuthPacket(2)(DENIED)).toEqual({
      state: 'matched',
      value: {
        type: 'err',
        sequence: 2,
        code: 1045,
        message: "Access denied for user 'root'@'localhost' (using password: NO)",
      },
    });
    expect(parseAuthPacket(2)(UNIX_SOCKET)).toMatchObject({
      state: 'matched',
      value: { type: 'err', code: 1698, message: "Access denied for user 'root'@'localhost'" },
    });
  });

  it('reads an AuthSwitchRequest, the pre-4.1 one, and AuthMoreData', () => {
    expect(parseAuthPacket(2)(authSwitch('caching_sha2_password'))).toEqual({
      state: 'matched',
      value: { type: 'switch', sequence: 2, plugin: 'caching_sha2_password' },
    });
    expect(parseAuthPacket(2)(packet(2, Buffer.from([0xfe])))).toMatchObject({
      state: 'matched',
      value: { type: 'switch', plugin: 'mysql_old_password' },
    });
    expect(parseAuthPacket(4)(packet(4, Buffer.from([0x01, 0x03])))).toMatchObject({
      state: 'matched',
      value: { type: 'more-data' },
    });
  });

  it('asks for more on a partial packet; refuses a wrong sequence, a lying length, an unknown header', () => {
    for (let cut = 0; cut < DENIED.length; cut++)
      expect(parseAuthPacket(2)(DENIED.subarray(0, cut)).state).toBe('incomplete');
    expect(parseAuthPacket(3)(OK).state).toBe('mismatch');
    const lying = Buffer.from(OK);
    lying.writeUIntLE(0xffffff, 0, 3);
    expect(parseAuthPacket(2)(lying).state).toBe('mismatch');
    expect(parseAuthPacket(2)(packet(2, Buffer.from([0x00, 0, 0]))).state).toBe('mismatch'); // OK too short to be one
    expect(parseAuthPacket(2)(packet(2, Buffer.from([0x42, 1, 2]))).state).toBe('mismatch');
    expect(parseAuthPacket(2)(packet(2, Buffer.from([0xfe, 0x21, 0x21, 0]))).state).toBe('mismatch'); // not a plugin name
    expect(readPacket(Buffer.from([0, 0, 0, 0]), 100).state).toBe('mismatch'); // empty payload
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 255 }), (input, sequence) => {
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseAuthPacket(sequence)(Buffer.from(input)).state);
        parseFreshGreeting(Buffer.from(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on well-framed packets with arbitrary payloads and lying lengths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffff }),
        fc.constantFrom(0x00, 0xff, 0xfe, 0x01),
        fc.uint8Array({ maxLength: 80 }),
        (length, head, rest) => {
          const bytes = Buffer.concat([
            Buffer.from([length & 0xff, (length >> 8) & 0xff, length >> 16, 2, head]),
            Buffer.from(rest),
          ]);
          parseAuthPacket(2)(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('withLogins', () => {
  const base: MysqlObservation = {
    protocol: 'mysql',
    product: 'mariadb',
    version: '10.11.19',
    access: 'unknown',
    signals: ['a', 'b'],
  };
  it('any accepted login makes it open; every one denied, auth-required; otherwise unchanged', () => {
    expect(withLogins(base, [{ user: 'root', result: 'accepted' }])).toMatchObject({
      access: 'open',
      signals: ['a', 'b', 'OK packet to an empty password'],
    });
    expect(
      withLogins(base, [
        { user: 'root', result: 'denied' },
        { user: '', result: 'accepted' },
      ]).access,
    ).toBe('open');
    expect(
      withLogins(base, [
        { user: 'root', result: 'denied' },
        { user: '', result: 'denied' },
      ]).access,
    ).toBe('auth-required');
    expect(
      withLogins(base, [
        { user: 'root', result: 'denied' },
        { user: '', result: 'failed' },
      ]).access,
    ).toBe('unknown');
    expect(withLogins(base, [{ user: 'root', result: 'unsupported', plugin: 'client_ed25519' }]).access).toBe(
      'unknown',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Conversations with a scripted server-first peer: it sends the recorded greeting on connect,
// then answers each packet it receives with the next scripted reply (one script per connection).

interface Peer {
  readonly port: number;
  /** Everything each connection sent after the greeting, split into packets. */
  readonly sent: Buffer[][];
  stop(): Promise<void>;
}

async function serverFirstPeer(scripts: readonly (readonly Buffer[])[]): Promise<Peer> {
  const sent: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const index = sent.push([]) - 1;
    const script = [...(scripts[index] ?? [])];
    let buffered = Buffer.alloc(0);
    socket.write(GREETING);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUIntLE(0, 3)) {
        const length = 4 + buffered.readUIntLE(0, 3);
        sent[index]!.push(buffered.subarray(0, length));
        buffered = buffered.subarray(length);
        const reply = script.shift();
        if (reply) socket.write(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    sent,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const peers: Peer[] = [];
afterAll(() => Promise.all(peers.map((peer) => peer.stop())));

async function connect(peer: Peer): Promise<Conn> {
  const conn = await Conn.open({ host: '127.0.0.1', port: peer.port, tls: false, timeoutMs: 2000 });
  if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
  // As the engine does: hear the greeting first.
  await conn.listen(500, 4096);
  return conn;
}

async function login(script: readonly Buffer[], timeoutMs = 2000) {
  const peer = await serverFirstPeer([script]);
  peers.push(peer);
  const conn = await connect(peer);
  const result = await tryEmptyPassword(conn, 'root', timeoutMs);
  await new Promise((resolve) => setTimeout(resolve, 50));
  conn.close();
  return { result, sent: peer.sent[0]! };
}

describe('the empty-password login, against a scripted peer', () => {
  it('OK: sends the handshake response, then COM_QUIT, and nothing else', async () => {
    const { result, sent } = await login([OK]);
    expect(result).toEqual({ user: 'root', result: 'accepted' });
    expect(sent).toEqual([handshakeResponse('root'), COM_QUIT]);
  });

  it('ERR: sends nothing after the refusal', async () => {
    const { result, sent } = await login([DENIED]);
    expect(result).toEqual({
      user: 'root',
      result: 'denied',
      error: { code: 1045, message: "Access denied for user 'root'@'localhost' (using password: NO)" },
    });
    expect(sent).toEqual([handshakeResponse('root')]);
  });

  it('AuthSwitchRequest: answers with empty data once, then reads OK (caching_sha2_password fast path included)', async () => {
    // The fast-auth byte needs no answer; the OK that should follow it is waited for, without sending anything.
    const { result, sent } = await login(
      [authSwitch('caching_sha2_password'), packet(4, Buffer.from([0x01, 0x03]))],
      300,
    );
    expect(sent).toEqual([handshakeResponse('root'), packet(3, Buffer.alloc(0))]);
    expect(result).toEqual({ user: 'root', result: 'failed', plugin: 'caching_sha2_password' });
    const finished = await login([
      authSwitch('caching_sha2_password'),
      Buffer.concat([packet(4, Buffer.from([0x01, 0x03])), okAt(5)]),
    ]);
    expect(finished.result).toEqual({ user: 'root', result: 'accepted', plugin: 'caching_sha2_password' });
    expect(finished.sent).toEqual([handshakeResponse('root'), packet(3, Buffer.alloc(0)), COM_QUIT]);
  });

  it('a second switch, or a request for full authentication, ends it: no password is ever guessed', async () => {
    const twice = await login([authSwitch('mysql_native_password'), authSwitch('dialog', 4)]);
    expect(twice.result).toEqual({ user: 'root', result: 'unsupported', plugin: 'mysql_native_password' });
    expect(twice.sent).toEqual([handshakeResponse('root'), packet(3, Buffer.alloc(0))]);
    const full = await login([authSwitch('caching_sha2_password'), packet(4, Buffer.from([0x01, 0x04]))]);
    expect(full.result).toMatchObject({ result: 'unsupported' });
    expect(full.sent).toHaveLength(2);
  });
});

describe('proceed', () => {
  const observation = (): MysqlObservation => ({
    protocol: 'mysql',
    product: 'mariadb',
    version: '10.11.19',
    authPlugin: 'mysql_native_password',
    access: 'unknown',
    signals: ['HandshakeV10 greeting', 'server version string'],
  });

  it('tries the anonymous account on a fresh connection when root is refused', async () => {
    const peer = await serverFirstPeer([[DENIED], [OK]]);
    peers.push(peer);
    const conn = await connect(peer);
    const result = await proceed(conn, observation(), { timeoutMs: 2000, reconnect: () => connectFresh(peer) });
    conn.close();
    expect(result).toMatchObject({
      access: 'open',
      logins: [
        { user: 'root', result: 'denied' },
        { user: '', result: 'accepted' },
      ],
    });
    expect(peer.sent[1]![0]).toEqual(handshakeResponse(''));
  });

  it('does not try the anonymous account when root got in', async () => {
    const peer = await serverFirstPeer([[OK]]);
    peers.push(peer);
    const conn = await connect(peer);
    let reconnected = false;
    const result = await proceed(conn, observation(), {
      timeoutMs: 2000,
      reconnect: async () => {
        reconnected = true;
        return undefined;
      },
    });
    conn.close();
    expect(result).toMatchObject({ access: 'open', logins: [{ user: 'root', result: 'accepted' }] });
    expect(reconnected).toBe(false);
  });

  it('does nothing after a greeting that was a refusal', async () => {
    const refused: MysqlObservation = {
      ...observation(),
      version: '',
      refused: "Host '192.0.2.7' is not allowed to connect",
      access: 'refused',
    };
    const result = await proceed(undefined as unknown as Conn, refused, {
      timeoutMs: 2000,
      reconnect: async () => undefined,
    });
    expect(result).toBe(refused);
  });
});

/** A fresh connection as the engine's reconnect gives it: the greeting not yet read. */
async function connectFresh(peer: Peer): Promise<Conn | undefined> {
  const conn = await Conn.open({ host: '127.0.0.1', port: peer.port, tls: false, timeoutMs: 2000 });
  return conn instanceof Conn ? conn : undefined;
}
