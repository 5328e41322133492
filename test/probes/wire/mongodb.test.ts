// The MongoDB probe's messages and parsers. Request layouts are checked byte for byte against the
// documented wire protocol (MsgHeader, OP_MSG, OP_QUERY); replies are built here in the documented
// shapes (no public recording of hello/isMaster or an Unauthorized reply exists: see SOURCES.md),
// with the buildInfo fields of a real 4.4.10. The whole scan, against an emulator with a BSON
// writer of its own: test/integration/mongodb.test.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Conn } from '../../../src/probes/conn.js';
import { decodeDocument, encodeDocument, type BsonInput, type BsonInputValue } from '../../../src/probes/wire/bson.js';
import {
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
  REQUEST_IDS,
  commandRequest,
  helloRequest,
  isRansomNote,
  mongodbProbe,
  observationFromGreeting,
  opMsg,
  opQuery,
  parseGreeting,
  replyTo,
  withBuildInfo,
  withListDatabases,
} from '../../../src/probes/wire/mongodb.js';
import type { MongodbObservation } from '../../../src/probes/observation.js';
import { recorded, recordedBytes } from '../../helpers/fixtures.js';
import { startScriptedServer, stopAll } from '../../helpers/services.js';

afterAll(stopAll);

function header(length: number, responseTo: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(77, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}
function msgReply(responseTo: number, document: BsonInput): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), encodeDocument(document)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_MSG), body]);
}
function opReply(responseTo: number, document: BsonInput, returned = 1): Buffer {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(returned, 16);
  const body = Buffer.concat([fields, encodeDocument(document)]);
  return Buffer.concat([header(16 + body.length, responseTo, OP_REPLY), body]);
}

const IS_MASTER_6 = { ismaster: true, maxBsonObjectSize: 16_777_216, maxWireVersion: 17, minWireVersion: 0, ok: 1 };
const HELLO_6 = { isWritablePrimary: true, maxWireVersion: 17, minWireVersion: 0, ok: 1 };
const IS_MASTER_3_4 = { ismaster: true, maxWireVersion: 5, minWireVersion: 0, ok: 1 };
const MODERN = Buffer.concat([msgReply(REQUEST_IDS.hello, HELLO_6), opReply(REQUEST_IDS.isMaster, IS_MASTER_6)]);
const LEGACY = opReply(REQUEST_IDS.isMaster, IS_MASTER_3_4);
const BUILD_INFO = JSON.parse(recorded('mongodb/buildinfo-4.4.10.json')) as Record<string, BsonInputValue>;
const BASE: MongodbObservation = {
  protocol: 'mongodb',
  product: 'mongodb',
  access: 'unknown',
  wire: 'op_msg',
  signals: ['a', 'b'],
};

describe('requests', () => {
  it('hello as OP_MSG then isMaster as OP_QUERY on admin.$cmd, in one write', () => {
    const bytes = helloRequest();
    const first = bytes.readInt32LE(0);
    expect([bytes.readInt32LE(4), bytes.readInt32LE(8), bytes.readInt32LE(12)]).toEqual([REQUEST_IDS.hello, 0, OP_MSG]);
    expect(bytes.readUInt32LE(16)).toBe(0); // flag bits
    expect(bytes[20]).toBe(0); // section kind 0
    expect([...decodeDocument(bytes.subarray(21, first)).entries()]).toEqual([
      ['hello', 1],
      ['$db', 'admin'],
    ]);
    const second = bytes.subarray(first);
    expect(second.readInt32LE(0)).toBe(second.length);
    expect([second.readInt32LE(4), second.readInt32LE(12)]).toEqual([REQUEST_IDS.isMaster, OP_QUERY]);
    expect(second.readInt32LE(16)).toBe(4); // SecondaryOk
    expect(second.subarray(20, 31).toString('latin1')).toBe('admin.$cmd\0');
    expect([second.readInt32LE(31), second.readInt32LE(35)]).toEqual([0, -1]);
    expect([...decodeDocument(second.subarray(39)).entries()]).toEqual([['isMaster', 1]]);
  });

  it('commands carry $db and a read preference over OP_MSG, and go bare to admin.$cmd over OP_QUERY', () => {
    const modern = commandRequest('op_msg', 4, { listDatabases: 1, nameOnly: false });
    expect([...decodeDocument(modern.subarray(21)).keys()]).toEqual([
      'listDatabases',
      'nameOnly',
      '$db',
      '$readPreference',
    ]);
    const legacy = commandRequest('op_query', 4, { listDatabases: 1 });
    expect(legacy).toEqual(opQuery(4, { listDatabases: 1 }));
    expect(opMsg(1, { ping: 1 }).readInt32LE(0)).toBe(opMsg(1, { ping: 1 }).length);
  });
});

describe('parseGreeting', () => {
  it('tells OP_MSG servers (both replies) from servers before 3.6 (only the OP_QUERY one)', () => {
    expect(parseGreeting(MODERN, false)).toMatchObject({ state: 'matched', value: { wire: 'op_msg' } });
    expect(parseGreeting(LEGACY, false)).toMatchObject({ state: 'matched', value: { wire: 'op_query' } });
    const modern = parseGreeting(MODERN, false);
    expect(modern.state === 'matched' && observationFromGreeting(modern.value)).toMatchObject({
      product: 'mongodb',
      wire: 'op_msg',
      maxWireVersion: 17,
      role: 'standalone',
    });
  });

  it('waits for isMaster after hello, and settles for hello when the server hangs up', () => {
    const hello = msgReply(REQUEST_IDS.hello, HELLO_6);
    expect(parseGreeting(hello, false).state).toBe('incomplete');
    expect(parseGreeting(hello, true)).toMatchObject({ state: 'matched', value: { wire: 'op_msg' } });
    for (let cut = 0; cut < LEGACY.length; cut++)
      expect(parseGreeting(LEGACY.subarray(0, cut), false).state).toBe('incomplete');
  });

  it('is not MongoDB: other protocols, replies to other requests, an isMaster without ismaster', () => {
    expect(parseGreeting(Buffer.from('HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n'), false).state).toBe('mismatch');
    expect(parseGreeting(opReply(99, IS_MASTER_6), false).state).toBe('mismatch');
    const odd = parseGreeting(opReply(REQUEST_IDS.isMaster, { ok: 1 }), false);
    expect(odd.state === 'matched' && observationFromGreeting(odd.value)).toBeUndefined();
  });

  it('refuses lying lengths and malformed BSON', () => {
    const short = Buffer.from(LEGACY);
    short.writeInt32LE(10, 0);
    expect(parseGreeting(short, false).state).toBe('mismatch');
    const huge = Buffer.from(LEGACY);
    huge.writeInt32LE(0x7fffffff, 0);
    expect(parseGreeting(huge, false).state).toBe('mismatch');
    const brokenBson = Buffer.from(LEGACY);
    brokenBson.writeInt32LE(9999, 36); // the document's own length
    expect(parseGreeting(brokenBson, false).state).toBe('mismatch');
    expect(parseGreeting(opReply(REQUEST_IDS.isMaster, IS_MASTER_6, 2), false).state).toBe('mismatch'); // two documents claimed
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (input, ended) => {
        expect(['incomplete', 'matched', 'mismatch']).toContain(parseGreeting(Buffer.from(input), ended).state);
        replyTo(4)(Buffer.from(input));
        mongodbProbe.recognizeStrayReply!(Buffer.from(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on real greetings with bytes changed or cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: MODERN.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat({ max: MODERN.length }),
        (changes, cut) => {
          const bytes = Buffer.from(MODERN);
          for (const [at, value] of changes) bytes[at] = value;
          const parsed = parseGreeting(bytes.subarray(0, cut), true);
          if (parsed.state === 'matched') observationFromGreeting(parsed.value);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('replyTo', () => {
  it('skips the pipelined isMaster reply to reach the one it waits for', () => {
    const bytes = Buffer.concat([
      opReply(REQUEST_IDS.isMaster, IS_MASTER_6),
      msgReply(REQUEST_IDS.buildInfo, BUILD_INFO),
    ]);
    const reply = replyTo(REQUEST_IDS.buildInfo)(bytes);
    expect(reply.state === 'matched' && reply.value.document.get('version')).toBe('4.4.10');
    expect(replyTo(REQUEST_IDS.buildInfo)(bytes.subarray(0, bytes.length - 1)).state).toBe('incomplete');
  });

  it('refuses an OP_MSG with unknown flag bits or a second body', () => {
    const flagged = msgReply(4, { ok: 1 });
    flagged.writeUInt32LE(1 << 8, 16);
    expect(replyTo(4)(flagged).state).toBe('mismatch');
  });
});

describe('buildInfo and listDatabases', () => {
  it('takes the version from the recorded 4.4.10 buildInfo', () => {
    expect(withBuildInfo(BASE, decodeDocument(encodeDocument(BUILD_INFO))).version).toBe('4.4.10');
    expect(withBuildInfo(BASE, decodeDocument(encodeDocument({ version: 'banana', ok: 1 }))).version).toBeUndefined();
  });

  it('reads names, count and size; keeps 20 names at most; finds ransom notes', () => {
    const databases = [
      { name: 'READ__ME_TO_RECOVER_YOUR_DATA', sizeOnDisk: 8192, empty: false },
      ...Array.from({ length: 29 }, (_, index) => ({ name: `db${index}`, sizeOnDisk: 1000, empty: false })),
    ];
    const observation = withListDatabases(
      BASE,
      decodeDocument(encodeDocument({ databases, totalSize: 37_192, ok: 1 })),
    );
    expect(observation).toMatchObject({
      access: 'open',
      databaseCount: 30,
      totalSizeBytes: 37_192,
      ransomNotes: ['READ__ME_TO_RECOVER_YOUR_DATA'],
    });
    expect(observation.databases).toHaveLength(20);
    expect(observation.signals).toHaveLength(3);
  });

  it('sums sizeOnDisk when totalSize is missing (int64 sizes included)', () => {
    const observation = withListDatabases(
      BASE,
      decodeDocument(
        encodeDocument({
          databases: [
            { name: 'a', sizeOnDisk: 5n },
            { name: 'b', sizeOnDisk: 7.0 },
          ],
          ok: 1,
        }),
      ),
    );
    expect(observation).toMatchObject({ databaseCount: 2, totalSizeBytes: 12 });
  });

  it('reads Unauthorized (code 13), and the code-less wording of old servers, as auth-required', () => {
    expect(
      withListDatabases(
        BASE,
        decodeDocument(
          encodeDocument({
            ok: 0,
            errmsg: 'command listDatabases requires authentication',
            code: 13,
            codeName: 'Unauthorized',
          }),
        ),
      ),
    ).toMatchObject({
      access: 'auth-required',
      error: { code: 13 },
    });
    expect(withListDatabases(BASE, decodeDocument(encodeDocument({ ok: 0, errmsg: 'unauthorized' })))).toMatchObject({
      access: 'auth-required',
    });
    expect(
      withListDatabases(
        BASE,
        decodeDocument(encodeDocument({ ok: 0, errmsg: 'not master and slaveOk=false', code: 13435 })),
      ),
    ).toMatchObject({ access: 'unknown', error: { code: 13435 } });
  });

  it('knows the ransom notes of the automated attacks, and not ordinary names', () => {
    for (const name of [
      'READ__ME_TO_RECOVER_YOUR_DATA',
      'README',
      'READ_ME',
      'Warning',
      'how_to_recover',
      'PLEASE_READ_ME_XYZ',
      'hacked_by_unistellar',
      'x0r1-meow',
      'meow',
    ])
      expect(isRansomNote(name), name).toBe(true);
    for (const name of [
      'admin',
      'config',
      'local',
      'shop',
      'readings',
      'homeowner',
      'recovery_codes_service',
      'spreadmetrics',
    ])
      expect(isRansomNote(name), name).toBe(false);
  });
});

describe('recognizeStrayReply', () => {
  it("recognises mongod's answer to HTTP on its native port", () => {
    expect(mongodbProbe.recognizeStrayReply!(recordedBytes('mongodb/http-request-to-native-port-27017.txt'))).toBe(
      true,
    );
    expect(mongodbProbe.recognizeStrayReply!(Buffer.from('HTTP/1.1 200 OK\r\n\r\nhello'))).toBe(false);
  });
});

describe('the conversation, against a scripted loopback peer', () => {
  it('after hello over OP_MSG, sends buildInfo and listDatabases over OP_MSG and nothing else', async () => {
    const answers = new Map<number, Buffer>([
      [REQUEST_IDS.isMaster, MODERN],
      [REQUEST_IDS.buildInfo, msgReply(REQUEST_IDS.buildInfo, { ...BUILD_INFO, version: '6.0.19' })],
      [
        REQUEST_IDS.listDatabases,
        msgReply(REQUEST_IDS.listDatabases, {
          databases: [{ name: 'admin', sizeOnDisk: 4096, empty: false }],
          totalSize: 4096,
          ok: 1,
        }),
      ],
    ]);
    let answered = 0;
    const server = await startScriptedServer((socket, sent) => {
      // Answer each complete message once (hello waits for its pipelined isMaster).
      let offset = 0;
      let index = 0;
      while (offset + 4 <= sent.length && offset + sent.readInt32LE(offset) <= sent.length) {
        const id = sent.readInt32LE(offset + 4);
        if (index++ >= answered) {
          answered++;
          const answer = answers.get(id);
          if (answer) socket.write(answer);
        }
        offset += sent.readInt32LE(offset);
      }
    });
    const conn = await Conn.open({ host: '127.0.0.1', port: server.port, tls: false, timeoutMs: 2000 });
    if (!(conn instanceof Conn)) throw new Error(`cannot connect: ${conn.failure}`);
    try {
      const outcome = await mongodbProbe.converse(conn, { timeoutMs: 2000 });
      expect(outcome).toMatchObject({
        kind: 'identified',
        observation: { access: 'open', wire: 'op_msg', version: '6.0.19', databases: ['admin'], totalSizeBytes: 4096 },
      });
      const sent = server.received[0]!;
      const ids: number[] = [];
      for (let offset = 0; offset < sent.length; offset += sent.readInt32LE(offset))
        ids.push(sent.readInt32LE(offset + 4));
      expect(ids).toEqual([REQUEST_IDS.hello, REQUEST_IDS.isMaster, REQUEST_IDS.buildInfo, REQUEST_IDS.listDatabases]);
    } finally {
      conn.close();
      await server.stop();
    }
  });
});
