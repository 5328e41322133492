// MySQL / MariaDB greetings. The MariaDB greeting is a real one, recorded on this machine (see
// SOURCES.md); the MySQL 8 greeting and the error packets are built here from the documented
// HandshakeV10 and ERR_Packet layouts, as no MySQL server was at hand to record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mysqlProbe, parseGreeting } from '../../../src/probes/wire/mysql.js';
import { recordedBytes } from '../../helpers/fixtures.js';

const MARIADB = recordedBytes('mysql/greeting-mariadb-10.11.19.bin');

/** A packet: 3-byte little-endian payload length, sequence id, payload. */
function packet(payload: Buffer, sequence = 0): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence;
  return Buffer.concat([header, payload]);
}

/** HandshakeV10 as MySQL 8 sends it: 20-byte scramble in two parts, then the plugin name. */
function handshakeV10(version: string, plugin: string): Buffer {
  return packet(
    Buffer.concat([
      Buffer.from([10]), // protocol version
      Buffer.from(`${version}\0`, 'latin1'),
      Buffer.from([8, 0, 0, 0]), // connection id
      Buffer.from('abcdefgh'), // scramble, part 1
      Buffer.from([0]), // filler
      Buffer.from([0xff, 0xff]), // capabilities, low
      Buffer.from([0xff]), // character set
      Buffer.from([0x02, 0x00]), // status
      Buffer.from([0xff, 0xdf]), // capabilities, high
      Buffer.from([21]), // scramble length
      Buffer.alloc(10), // reserved
      Buffer.from('ijklmnopqrst\0'), // scramble, part 2 (13 bytes)
      Buffer.from(`${plugin}\0`, 'latin1'),
    ]),
  );
}

/** ERR_Packet as sent instead of a greeting (no SQL state: the client's capabilities are unknown yet). */
function errorPacket(code: number, message: string): Buffer {
  const head = Buffer.from([0xff, code & 0xff, code >> 8]);
  return packet(Buffer.concat([head, Buffer.from(message, 'utf8')]));
}

describe('parseGreeting', () => {
  it('reads the recorded MariaDB 10.11 greeting, dropping the 5.5.5- compatibility prefix', () => {
    expect(MARIADB.subarray(5, 37).toString('latin1')).toBe('5.5.5-10.11.19-MariaDB-0+deb12u1');
    expect(parseGreeting(MARIADB)).toMatchObject({
      protocol: 'mysql',
      product: 'mariadb',
      version: '10.11.19',
      authPlugin: 'mysql_native_password',
    });
  });

  it('reads a MySQL 8 greeting', () => {
    expect(parseGreeting(handshakeV10('8.0.36', 'caching_sha2_password'))).toMatchObject({
      protocol: 'mysql',
      product: 'mysql',
      version: '8.0.36',
      authPlugin: 'caching_sha2_password',
    });
    expect(parseGreeting(handshakeV10('5.7.44-log', 'mysql_native_password'))).toMatchObject({
      product: 'mysql',
      version: '5.7.44',
    });
  });

  it('reads a refusal sent instead of a greeting', () => {
    expect(
      parseGreeting(errorPacket(1130, "Host '192.0.2.7' is not allowed to connect to this MySQL server")),
    ).toMatchObject({
      protocol: 'mysql',
      product: 'mysql',
      version: '',
      refused: "Host '192.0.2.7' is not allowed to connect to this MySQL server",
    });
    expect(
      parseGreeting(errorPacket(1130, "Host '192.0.2.7' is not allowed to connect to this MariaDB server")),
    ).toMatchObject({ product: 'mariadb' });
    expect(parseGreeting(errorPacket(1040, 'Too many connections'))).toMatchObject({ refused: 'Too many connections' });
  });

  it('still names the version of a greeting cut short, without a plugin', () => {
    // The engine hears at most what arrived in the greeting window; the version comes first.
    expect(parseGreeting(MARIADB.subarray(0, 45))).toMatchObject({
      protocol: 'mysql',
      product: 'mariadb',
      version: '10.11.19',
    });
  });

  it('refuses what is not a greeting', () => {
    expect(parseGreeting(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'))).toBeUndefined();
    expect(parseGreeting(Buffer.from('220 mail.example.com ESMTP Postfix\r\n'))).toBeUndefined();
    expect(parseGreeting(MARIADB.subarray(0, 4))).toBeUndefined(); // header only
    expect(parseGreeting(handshakeV10('not-a-version', 'x'))).toBeUndefined();
    expect(parseGreeting(errorPacket(1234, 'something unrelated'))).toBeUndefined();
    const protocol9 = Buffer.from(MARIADB);
    protocol9[4] = 9;
    expect(parseGreeting(protocol9)).toBeUndefined();
  });

  it('refuses lying packet headers', () => {
    const withHeader = (length: number, sequence: number) => {
      const copy = Buffer.from(MARIADB);
      copy.writeUIntLE(length, 0, 3);
      copy[3] = sequence;
      return copy;
    };
    expect(parseGreeting(withHeader(1, 0))).toBeUndefined(); // too short to be a greeting
    expect(parseGreeting(withHeader(0xffffff, 0))).toBeUndefined(); // far larger than any greeting
    expect(parseGreeting(withHeader(100, 1))).toBeUndefined(); // not the first packet of a conversation
    // A length that stops inside the version string: no NUL terminator, no version.
    expect(parseGreeting(withHeader(10, 0))).toBeUndefined();
  });

  it('ignores a plugin name that is not one', () => {
    const greeting = parseGreeting(handshakeV10('8.0.36', 'no such plugin!'));
    expect(greeting).toMatchObject({ product: 'mysql', version: '8.0.36' });
    expect(greeting).not.toHaveProperty('authPlugin');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (input) => void parseGreeting(Buffer.from(input))),
      { numRuns: 2000 },
    );
  });

  it('never throws on the recorded greeting with bytes changed or cut', () => {
    const edits = fc.array(fc.tuple(fc.nat({ max: MARIADB.length - 1 }), fc.integer({ min: 0, max: 255 })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(edits, fc.nat({ max: MARIADB.length }), (changes, cut) => {
        const bytes = Buffer.from(MARIADB);
        for (const [at, value] of changes) bytes[at] = value;
        parseGreeting(bytes.subarray(0, cut));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mysqlProbe', () => {
  it('speaks first: recognised from the greeting alone, nothing is sent', () => {
    expect(mysqlProbe.speaksFirst).toBe(true);
    expect(mysqlProbe.recognizeGreeting(MARIADB)).toMatchObject({ product: 'mariadb' });
  });
});
