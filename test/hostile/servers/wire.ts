// Hostile wire-protocol servers, one small function each: greetings that are garbage or without
// end, a Redis where HTTP was promised, and replies whose length fields lie (MongoDB, PostgreSQL,
// MySQL, MQTT). Purpose-built: each recognises only its own protocol's probe by its first bytes
// and hangs up on anything else (as the real server would on a stranger's bytes), so the scanner
// reaches the probe under test through its ordinary order of probes.
import net from 'node:net';
import { drip, onFirstData, pourForever, serve } from './tcp.js';

/** Speaks first, with bytes that are not UTF-8 (nor ASCII), then waits. */
export const greetingInvalidUtf8 = () =>
  serve((socket) =>
    socket.write(
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x20, 0x6f, 0x6b, 0x00, 0x01, 0xa0, 0xa1, 0xed, 0xa0, 0x80, 0x0a]),
    ),
  );

/** Speaks first, and never stops. */
export const greetingFlood = () => serve((socket) => pourForever(socket, Buffer.alloc(64 * 1024, 'Z')));

/** Answers every line as Redis does (an error naming the command): put behind an http:// URL. */
export const redisSpeaker = () =>
  serve((socket) =>
    socket.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('latin1').split('\r\n').filter(Boolean)) {
        socket.write(`-ERR unknown command '${line.split(' ')[0]!.slice(0, 20)}', with args beginning with: \r\n`);
      }
    }),
  );

/** Calls `reply` for a connection whose first bytes satisfy `isProbe`; hangs up on any other. */
function answerOnly(isProbe: (first: Buffer) => boolean, reply: (socket: net.Socket, first: Buffer) => void) {
  return serve((socket) => onFirstData(socket, (first) => (isProbe(first) ? reply(socket, first) : socket.destroy())));
}

const OP_MSG = 2013;
const OP_QUERY = 2004;
const isMongoRequest = (first: Buffer) => first.length >= 16 && [OP_MSG, OP_QUERY].includes(first.readInt32LE(12));

function mongoHeader(length: number, responseTo: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(length, 0);
  header.writeInt32LE(1, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_MSG, 12);
  return header;
}

/** MongoDB reply header claiming 2 GB, a few bytes of body, then silence. */
export const mongoLengthHuge = () =>
  answerOnly(isMongoRequest, (socket, first) =>
    socket.write(Buffer.concat([mongoHeader(0x7fffffff, first.readInt32LE(4)), Buffer.alloc(32)])),
  );

/** MongoDB reply header claiming 4 MB (within what a reply may be); the body then comes a byte every 200 ms. */
export const mongoLengthDrip = () =>
  answerOnly(isMongoRequest, (socket, first) => {
    socket.write(mongoHeader(4_000_000, first.readInt32LE(4)));
    drip(socket, Buffer.alloc(4_000_000 - 16), 200);
  });

/** PostgreSQL: an authentication message claiming 2 GB in answer to the startup message. */
export const postgresLengthHuge = () =>
  answerOnly(
    (first) => first.length >= 8 && first.readInt32BE(4) === 196608,
    (socket) => socket.write(Buffer.from([0x52, 0x7f, 0xff, 0xff, 0xf0, 0, 0, 0, 0])),
  );

/** MQTT: a CONNACK whose remaining length is the largest MQTT allows (256 MB), then silence. */
export const mqttLengthHuge = () =>
  answerOnly(
    (first) => first[0] === 0x10,
    (socket) => socket.write(Buffer.from([0x20, 0xff, 0xff, 0xff, 0x7f, 0x00])),
  );

/** A HandshakeV10 payload of a current MySQL (not end of life), with mysql_native_password. */
function mysqlGreetingPayload(): Buffer {
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from('8.4.3\0', 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.alloc(8, 0x41),
    Buffer.from([0]),
    Buffer.from([0xff, 0xf7, 0x21, 0x02, 0x00, 0xff, 0x81, 21]),
    Buffer.alloc(10),
    Buffer.alloc(12, 0x42),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
}

/** MySQL greeting whose packet header claims 16 MB; a few dozen bytes come, then silence. */
export const mysqlGreetingLengthHuge = () =>
  serve((socket) => {
    const payload = mysqlGreetingPayload();
    socket.write(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0]), payload.subarray(0, 30)]));
  });

/** MySQL: an honest greeting; the answer to the login claims 60 KB (under the cap) and drips. */
export const mysqlAuthLengthDrip = () =>
  serve((socket) => {
    const payload = mysqlGreetingPayload();
    const header = Buffer.from([payload.length & 0xff, payload.length >> 8, 0, 0]);
    socket.write(Buffer.concat([header, payload]));
    onFirstData(socket, () => {
      socket.write(Buffer.from([0x60, 0xea, 0x00, 2]));
      drip(socket, Buffer.alloc(60_000), 200);
    });
  });
