// RESP replies to INFO and PING: simple strings, errors, integers and bulk strings whose declared
// length may lie; INFO bodies with the fields the observation reads.
import fc from 'fast-check';
import { parseReply, type RespReply } from '../../../../src/probes/wire/resp.js';
import { observationFromReply, redisProbe } from '../../../../src/probes/wire/redis.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, repeatedTo, textOf } from '../bytes.js';

const infoLine = fc.oneof(
  fc.constantFrom(
    '# Server',
    'redis_version:7.2.4',
    'redis_version:',
    'redis_mode:standalone',
    'role:master',
    'os:Linux 6.1',
    'db0:keys=12,expires=0,avg_ttl=0',
    'db1:keys=99999999999999999999',
    'db2:expires=1',
  ),
  fc
    .tuple(
      textOf(['redis_version', 'db', '0', '9', 'keys', '_', 'role']),
      textOf(['keys=', '1', ',', ':', '=', '.', 'x']),
    )
    .map(([key, value]) => `${key}:${value}`),
);
const info = fc.array(infoLine, { maxLength: 12 }).map((lines) => lines.join('\r\n'));
const errorText = fc.oneof(
  fc.constantFrom(
    'NOAUTH Authentication required.',
    'DENIED Redis is running in protected mode because',
    'ERR unknown command `INFO`',
    'NOPERM this user has no permissions',
    'WRONGPASS',
    'ERR operation not permitted',
  ),
  textOf(['ERR', ' ', 'a', '\r', '\n']),
);

const reply = fc.oneof(
  errorText.map((text) => `-${text}\r\n`),
  textOf(['PONG', 'OK', ' ', '\r']).map((text) => `+${text}\r\n`),
  fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER)).map((value) => `:${value}\r\n`),
  fc
    .tuple(info, fc.integer({ min: -3, max: 3 }))
    .map(([body, lie]) => `$${Buffer.byteLength(body) + lie}\r\n${body}\r\n`),
  fc.constantFrom('$-1\r\n', '$-2\r\n', '$99999999999999999999\r\n', `$${1024 * 1024 + 1}\r\n`, ':-\r\n', '$\r\n'),
);
/** A status line about as long as the decoder's line cap, either side of it. */
const longLine = fc
  .tuple(fc.constantFrom('+', '-', ':', '$'), fc.integer({ min: LARGE - 8, max: LARGE + 8 }), fc.constantFrom('a', '0'))
  .map(([kind, length, fill]) => `${kind}${fill.repeat(length)}5\r\n`);
const frames = mutated(
  fc.oneof(
    { weight: 6, arbitrary: reply.map((text) => Buffer.from(text, 'utf8')) },
    { weight: 1, arbitrary: longLine.map((text) => Buffer.from(text, 'utf8')) },
    { weight: 2, arbitrary: fc.constantFrom(...recordedWire('redis')) },
  ),
);

export const redisFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'RESP reply (redis INFO)',
      parse: (bytes) => parseReply(bytes),
      inputs: frames,
      observe: (value: RespReply) => observationFromReply(value),
      large: fc.oneof(
        repeatedTo(LARGE, fc.constantFrom(Buffer.from('+'), Buffer.from('$'), Buffer.from('\r'), Buffer.from('-ERR '))),
        info.map((body) => Buffer.from(`$${LARGE}\r\n${body.padEnd(LARGE, '\n')}\r\n`)),
      ),
    },
  ],
  recognizers: [
    {
      name: 'redis greeting (protected mode)',
      recognize: (bytes) => redisProbe.recognizeGreeting!(bytes),
      inputs: frames,
      reportable: true,
    },
    {
      name: 'redis stray reply',
      recognize: (bytes) => redisProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: true,
    },
  ],
};
