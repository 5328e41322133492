// The Redis probe: reading INFO, classifying refusals, recognising Redis from its reply to a stray
// HTTP request, and the INFO (then PING) conversation over a real loopback socket whose replies
// the test scripts from recorded bytes.
import type { Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import type { ProbeOutcome, RedisObservation } from '../../../src/probes/observation.js';
import { keyspaceOf, observationFromInfo, parseInfo, redisProbe, refusalOf } from '../../../src/probes/wire/redis.js';
import { recorded } from '../../helpers/fixtures.js';
import { startScriptedServer, stopAll, writeInPieces } from '../../helpers/services.js';

afterAll(stopAll);

// The fixture has LF line endings; Redis sends CRLF. Both must parse the same.
const INFO_LF = recorded('redis/info-6.0.9.txt');
const INFO_CRLF = INFO_LF.replace(/\n/g, '\r\n');
/** An error reply's text, as parseReply hands it over: no leading '-', no CRLF. */
const errorText = (path: string) => recorded(path).replace(/^-/, '').replace(/\r\n$/, '');

describe('INFO parsing', () => {
  it('reads the recorded INFO, with LF or CRLF line endings', () => {
    for (const text of [INFO_LF, INFO_CRLF]) {
      expect(observationFromInfo(text)).toMatchObject({
        protocol: 'redis',
        product: 'redis',
        access: 'open',
        version: '6.0.9',
        mode: 'standalone',
        role: 'master',
        os: 'Darwin 19.6.0 x86_64',
        keys: 2,
        databases: ['db0'],
        provenBy: 'info',
      });
    }
  });

  it('keeps values that contain colons whole', () => {
    expect(
      parseInfo('# Server\r\nexecutable:/usr/bin/redis-server\r\nconfig_file:C:\\redis.conf\r\n').get('config_file'),
    ).toBe('C:\\redis.conf');
  });

  it('adds keys over every database and skips lines that are not keyspace entries', () => {
    const fields = parseInfo(
      'db0:keys=3,expires=0,avg_ttl=0\ndb15:keys=40,expires=1,avg_ttl=9\ndbx:keys=7\ndb2:expires=4\nused_memory:123\n',
    );
    expect(keyspaceOf(fields)).toEqual({ keys: 43, databases: ['db0', 'db15'] });
    expect(keyspaceOf(parseInfo('# Keyspace\n'))).toEqual({ keys: 0, databases: [] });
  });

  it('does not take a bulk string without redis_version for Redis', () => {
    expect(observationFromInfo('hello world')).toBeUndefined();
    expect(observationFromInfo('# Server\r\nredis_mode:standalone\r\n')).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        observationFromInfo(text);
        keyspaceOf(parseInfo(text));
        refusalOf(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('refusals', () => {
  it('classifies the recorded NOAUTH and protected-mode replies', () => {
    expect(refusalOf(errorText('redis/resp-noauth-error.txt'))).toBe('auth-required');
    expect(refusalOf(errorText('redis/resp-denied-protected-mode.txt'))).toBe('refused');
  });

  it('classifies the pre-2.8 and ACL wordings, and nothing else', () => {
    expect(refusalOf('ERR operation not permitted')).toBe('auth-required');
    expect(refusalOf('WRONGPASS invalid username-password pair or user is disabled.')).toBe('auth-required');
    expect(refusalOf("ERR unknown command 'INFO'")).toBeUndefined();
    expect(refusalOf('DENIED something else')).toBeUndefined();
  });
});

describe('recognizeStrayReply', () => {
  it("recognises Redis's answers to `GET / HTTP/1.1`", () => {
    // Redis 7.0.15 (the integration test's server) rejects it as a GET with two arguments.
    expect(redisProbe.recognizeStrayReply!(Buffer.from("-ERR wrong number of arguments for 'get' command\r\n"))).toBe(
      true,
    );
    // Where GET was renamed away (rename-command), the reply names it as unknown.
    expect(
      redisProbe.recognizeStrayReply!(
        Buffer.from("-ERR unknown command 'GET', with args beginning with: '/' 'HTTP/1.1' \r\n"),
      ),
    ).toBe(true);
    expect(redisProbe.recognizeStrayReply!(Buffer.from(recorded('redis/resp-noauth-error.txt')))).toBe(true);
    expect(redisProbe.recognizeStrayReply!(Buffer.from(recorded('redis/resp-denied-protected-mode.txt')))).toBe(true);
  });

  it('does not claim other protocols', () => {
    expect(redisProbe.recognizeStrayReply!(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBe(false);
    expect(redisProbe.recognizeStrayReply!(Buffer.from('-ERR something unrelated\r\n'))).toBe(false);
    expect(redisProbe.recognizeStrayReply!(Buffer.alloc(0))).toBe(false);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        (input) => void redisProbe.recognizeStrayReply!(Buffer.from(input)),
      ),
    );
  });
});

describe('the INFO conversation, against a scripted loopback peer', () => {
  /** Runs the probe against a server that answers each complete command as `answer` says. */
  async function converse(
    answer: (command: string, socket: Socket) => void,
  ): Promise<{ outcome: ProbeOutcome<RedisObservation>; sent: string }> {
    let handled = 0;
    const server = await startScriptedServer((socket, sent) => {
      const commands = sent.toString('latin1').match(/\*\d+\r\n(?:\$\d+\r\n[^\r]*\r\n)+/g) ?? [];
      for (const command of commands.slice(handled)) answer(command.split('\r\n')[2]!, socket);
      handled = commands.length;
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      const outcome = await redisProbe.converse(conn, { timeoutMs: 2000 });
      return { outcome, sent: server.received[0]?.toString('latin1') ?? '' };
    } finally {
      conn.close();
      await server.stop();
    }
  }

  it('reads an INFO reply that arrives in small pieces', async () => {
    const reply = Buffer.from(`$${Buffer.byteLength(INFO_CRLF)}\r\n${INFO_CRLF}\r\n`);
    const { outcome, sent } = await converse((_command, socket) => void writeInPieces(socket, reply, 700));
    expect(sent).toBe('*1\r\n$4\r\nINFO\r\n');
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open', version: '6.0.9', keys: 2 } });
  });

  it('reports NOAUTH as auth-required, sending nothing but INFO', async () => {
    const { outcome, sent } = await converse((_command, socket) =>
      socket.write(recorded('redis/resp-noauth-error.txt')),
    );
    expect(sent).toBe('*1\r\n$4\r\nINFO\r\n');
    expect(outcome).toMatchObject({
      kind: 'identified',
      observation: {
        protocol: 'redis',
        product: 'redis',
        access: 'auth-required',
        refusal: 'NOAUTH Authentication required.',
      },
    });
  });

  it('reports protected mode as refused (the server says so, then hangs up)', async () => {
    const { outcome } = await converse((_command, socket) =>
      socket.end(recorded('redis/resp-denied-protected-mode.txt')),
    );
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'refused' } });
  });

  it('proves access with PING where INFO was renamed away', async () => {
    const { outcome, sent } = await converse((command, socket) =>
      socket.write(command === 'INFO' ? "-ERR unknown command 'INFO', with args beginning with: \r\n" : '+PONG\r\n'),
    );
    expect(sent).toBe('*1\r\n$4\r\nINFO\r\n*1\r\n$4\r\nPING\r\n');
    expect(outcome).toMatchObject({
      kind: 'identified',
      observation: { protocol: 'redis', product: 'redis', access: 'open', provenBy: 'ping' },
    });
  });

  it('is not Redis when the reply is not RESP, or an INFO bulk without redis_version', async () => {
    expect((await converse((_command, socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'))).outcome).toEqual({
      kind: 'not-this',
    });
    expect((await converse((_command, socket) => socket.write('$5\r\nhello\r\n'))).outcome).toEqual({
      kind: 'not-this',
    });
  });

  it('does not identify anything when the peer hangs up mid-reply', async () => {
    const { outcome } = await converse((_command, socket) =>
      socket.end(`$${Buffer.byteLength(INFO_CRLF)}\r\n${INFO_CRLF.slice(0, 200)}`),
    );
    expect(outcome).toEqual({ kind: 'not-this' });
  });
});

describe('protected mode greeting', () => {
  it('recognises the -DENIED refusal Redis sends on connect, and nothing else', async () => {
    const { redisProbe } = await import('../../../src/probes/wire/redis.js');
    const { recordedBytes } = await import('../../helpers/fixtures.js');
    expect(redisProbe.recognizeGreeting?.(recordedBytes('redis/resp-denied-protected-mode.txt'))).toMatchObject({
      product: 'redis',
      access: 'refused',
    });
    expect(redisProbe.recognizeGreeting?.(recordedBytes('redis/resp-noauth-error.txt'))).toBeUndefined();
    expect(redisProbe.recognizeGreeting?.(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))).toBeUndefined();
  });
});
