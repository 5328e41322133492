// The Cassandra probe: the OPTIONS and STARTUP frames it sends, and the responses it reads. No
// recording of a real server is stored, so responses are built here, byte by byte, from the CQL
// native protocol v4 specification (frame header of section 2, notations of section 3, response
// bodies of section 4.2). The whole scan against an emulator: test/integration/cassandra.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import {
  MAX_FRAME_BODY,
  cassandraProbe,
  observationFromSupported,
  observationFromVersionError,
  optionsFrame,
  parseFrame,
  parseMessage,
  startupFrame,
  withStartupReply,
} from '../../../src/probes/wire/cassandra.js';
import { startScriptedServer, stopAll } from '../../helpers/services.js';

afterAll(stopAll);

const short = (value: number) => Buffer.from([value >> 8, value & 0xff]);
const string = (value: string) => Buffer.concat([short(Buffer.byteLength(value)), Buffer.from(value)]);
const int = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
function frame(
  opcode: number,
  body: Buffer,
  options: { version?: number; stream?: number; flags?: number; length?: number } = {},
): Buffer {
  return Buffer.concat([
    Buffer.from([options.version ?? 0x84, options.flags ?? 0]),
    short(options.stream ?? 1),
    Buffer.from([opcode]),
    int(options.length ?? body.length),
    body,
  ]);
}
const multimap = (map: Record<string, string[]>) =>
  Buffer.concat([
    short(Object.keys(map).length),
    ...Object.entries(map).flatMap(([key, values]) => [string(key), short(values.length), ...values.map(string)]),
  ]);

/** SUPPORTED as Cassandra 4.1 answers OPTIONS. */
const SUPPORTED = frame(
  0x06,
  multimap({
    PROTOCOL_VERSIONS: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
    COMPRESSION: ['snappy', 'lz4'],
    CQL_VERSION: ['3.4.6'],
  }),
);
const READY = frame(0x02, Buffer.alloc(0), { stream: 2 });
const AUTHENTICATE = frame(0x03, string('org.apache.cassandra.auth.PasswordAuthenticator'), { stream: 2 });
const VERSION_ERROR = frame(
  0x00,
  Buffer.concat([
    int(0x000a),
    string('Invalid or unsupported protocol version (71); supported versions are (3/v3, 4/v4, 5/v5, 6/v6-beta)'),
  ]),
  { stream: 0 },
);

function message(bytes: Buffer) {
  const parsed = parseMessage(bytes);
  if (parsed.state !== 'matched') throw new Error(`not one response frame: ${parsed.state}`);
  return parsed.value.message;
}

describe('request frames', () => {
  it('OPTIONS: version 4, no flags, stream 1, opcode 5, empty body', () => {
    expect([...optionsFrame()]).toEqual([0x04, 0, 0, 1, 0x05, 0, 0, 0, 0]);
  });

  it('STARTUP: stream 2, opcode 1, a string map holding only CQL_VERSION', () => {
    const bytes = startupFrame('3.4.6');
    expect([...bytes.subarray(0, 5)]).toEqual([0x04, 0, 0, 2, 0x01]);
    expect(bytes.readInt32BE(5)).toBe(bytes.length - 9);
    expect(bytes.subarray(9)).toEqual(Buffer.concat([short(1), string('CQL_VERSION'), string('3.4.6')]));
  });
});

describe('responses', () => {
  it('reads SUPPORTED, then READY as open and AUTHENTICATE as auth-required', () => {
    const supported = message(SUPPORTED);
    expect(supported.type).toBe('supported');
    const observation = observationFromSupported(supported.type === 'supported' ? supported.options : new Map())!;
    expect(observation).toMatchObject({
      protocol: 'cassandra',
      product: 'cassandra',
      access: 'unknown',
      cqlVersions: ['3.4.6'],
      protocolVersions: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
    });
    expect(withStartupReply(observation, message(READY))).toMatchObject({ access: 'open' });
    expect(withStartupReply(observation, message(AUTHENTICATE))).toMatchObject({
      access: 'auth-required',
      authenticator: 'org.apache.cassandra.auth.PasswordAuthenticator',
    });
  });

  it('names ScyllaDB from its SCYLLA_ options', () => {
    const supported = message(
      frame(0x06, multimap({ CQL_VERSION: ['3.3.1'], SCYLLA_SHARD: ['0'], SCYLLA_NR_SHARDS: ['2'] })),
    );
    expect(supported.type === 'supported' && observationFromSupported(supported.options)).toMatchObject({
      product: 'scylladb',
    });
  });

  it('needs a CQL version to call SUPPORTED a CQL server', () => {
    const supported = message(frame(0x06, multimap({ COMPRESSION: ['lz4'] })));
    expect(supported.type === 'supported' && observationFromSupported(supported.options)).toBeUndefined();
  });

  it('reads a protocol error about the version as Cassandra, and other errors not', () => {
    expect(observationFromVersionError(message(VERSION_ERROR))).toMatchObject({
      product: 'cassandra',
      access: 'unknown',
      error: { code: 10 },
    });
    expect(
      observationFromVersionError(message(frame(0x00, Buffer.concat([int(0x000a), string('something else')])))),
    ).toBeUndefined();
    expect(
      observationFromVersionError(message(frame(0x00, Buffer.concat([int(0x0100), string('Bad credentials')])))),
    ).toBeUndefined();
  });

  it('skips a warning list before the message (flag 0x08)', () => {
    const warned = frame(0x02, Buffer.concat([short(1), string('a warning')]), { flags: 0x08 });
    expect(message(warned)).toEqual({ type: 'ready' });
  });

  it('asks for more on every strict prefix of a frame', () => {
    for (let cut = 0; cut < SUPPORTED.length; cut++)
      expect(parseFrame(SUPPORTED.subarray(0, cut)).state).toBe('incomplete');
  });

  it('refuses what is not a response frame', () => {
    expect(parseFrame(optionsFrame()).state).toBe('mismatch'); // a request: direction bit clear
    expect(parseFrame(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')).state).toBe('mismatch');
    expect(parseFrame(frame(0x08, Buffer.alloc(0))).state).toBe('mismatch'); // RESULT is not an answer to OPTIONS/STARTUP
    expect(parseFrame(frame(0x02, Buffer.alloc(0), { flags: 0x01 })).state).toBe('mismatch'); // compressed, never negotiated
    expect(parseFrame(frame(0x02, Buffer.alloc(0), { version: 0x87 })).state).toBe('mismatch'); // version 7 does not exist
  });

  it('refuses lying lengths: negative, past the cap, or a body shorter than its strings say', () => {
    expect(parseFrame(frame(0x06, Buffer.alloc(0), { length: -1 })).state).toBe('mismatch');
    expect(parseFrame(frame(0x06, Buffer.alloc(0), { length: MAX_FRAME_BODY + 1 })).state).toBe('mismatch');
    expect(parseFrame(frame(0x06, Buffer.alloc(4), { length: 400 })).state).toBe('incomplete');
    // A [string] claiming 200 bytes inside a 10-byte body.
    expect(parseMessage(frame(0x03, Buffer.concat([short(200), Buffer.from('org.apache')]))).state).toBe('mismatch');
    // A multimap claiming more entries than the body holds.
    expect(
      parseMessage(frame(0x06, Buffer.concat([short(9), string('CQL_VERSION'), short(1), string('3.4.6')]))).state,
    ).toBe('mismatch');
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const parsed = parseMessage(Buffer.from(input));
        expect(['incomplete', 'matched', 'mismatch']).toContain(parsed.state);
        cassandraProbe.recognizeStrayReply!(Buffer.from(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on well-formed headers with arbitrary flags, opcodes, lengths and bodies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0x81, max: 0x86 }),
        fc.nat({ max: 0x0f }),
        fc.constantFrom(0, 2, 3, 6),
        fc.integer({ min: -4, max: 120 }),
        fc.uint8Array({ maxLength: 100 }),
        (version, flags, opcode, length, body) => {
          const parsed = parseMessage(frame(opcode, Buffer.from(body), { version, flags, length }));
          if (parsed.state === 'matched' && parsed.value.message.type === 'supported')
            observationFromSupported(parsed.value.message.options);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('recognizeStrayReply', () => {
  it('recognises the protocol error Cassandra answers `GET ` with', () => {
    expect(cassandraProbe.recognizeStrayReply!(VERSION_ERROR)).toBe(true);
    expect(cassandraProbe.recognizeStrayReply!(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBe(false);
  });
});

describe('the OPTIONS / STARTUP conversation, against a scripted loopback peer', () => {
  async function converse(startupReply: Buffer) {
    const server = await startScriptedServer((socket, sent) => {
      // Each request is answered once it is complete: OPTIONS (9 bytes), then STARTUP.
      if (sent.length === 9) socket.write(SUPPORTED);
      else if (sent.length > 9 && sent.length === 18 + sent.readInt32BE(14)) socket.write(startupReply);
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      return {
        outcome: await cassandraProbe.converse(conn, { timeoutMs: 2000 }),
        sent: server.received[0] ?? Buffer.alloc(0),
      };
    } finally {
      conn.close();
      await server.stop();
    }
  }

  it('sends OPTIONS, then STARTUP with the server’s CQL version, and nothing else', async () => {
    const { outcome, sent } = await converse(READY);
    expect(sent).toEqual(Buffer.concat([optionsFrame(), startupFrame('3.4.6')]));
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'open' } });
  });

  it('stops at AUTHENTICATE: no credentials are sent', async () => {
    const { outcome, sent } = await converse(AUTHENTICATE);
    expect(sent).toEqual(Buffer.concat([optionsFrame(), startupFrame('3.4.6')]));
    expect(outcome).toMatchObject({ kind: 'identified', observation: { access: 'auth-required' } });
  });
});
