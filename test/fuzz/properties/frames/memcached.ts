// memcached's text replies to `stats`: STAT lines ending in END, or one error line; CRLF or LF.
import fc from 'fast-check';
import {
  memcachedProbe,
  observationFromStats,
  parseStatsReply,
  type StatsReply,
} from '../../../../src/probes/wire/memcached.js';
import { LARGE, type ProtocolFuzz } from '../decoder.js';
import { recordedWire } from '../recorded.js';
import { mutated, repeatedTo, textOf } from '../bytes.js';

const line = fc.oneof(
  fc.constantFrom(
    'STAT pid 1',
    'STAT version 1.6.21',
    'STAT version 1.6.14_5_ge03751b',
    'STAT curr_items 99999999999999999999',
    'STAT bytes 12',
    'STAT uptime x',
    'END',
    'ERROR',
    'CLIENT_ERROR unauthenticated',
    'SERVER_ERROR out of memory',
    'STAT  ',
    'STAT',
  ),
  fc
    .tuple(textOf(['pid', 'version', 'curr_', 'items', 'a', ' ']), textOf(['1', '.', ' ', 'x', '\r']))
    .map(([name, value]) => `STAT ${name} ${value}`),
);
const reply = fc
  .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('\r\n', '\n'))
  .map(([lines, end]) => Buffer.from(lines.map((text) => text + end).join(''), 'latin1'));
/** A STAT line about as long as the decoder's line cap (1 KiB), either side of it. */
const longLine = fc
  .tuple(fc.integer({ min: 1010, max: 1030 }), fc.constantFrom('\r\n', '\n'))
  .map(([length, end]) => Buffer.from(`STAT pid 1\n${'STAT a '.padEnd(length, 'b')}${end}`, 'latin1'));
const frames = mutated(
  fc.oneof(
    { weight: 6, arbitrary: reply },
    { weight: 1, arbitrary: longLine },
    { weight: 2, arbitrary: fc.constantFrom(...recordedWire('memcached')) },
  ),
);

export const memcachedFuzz: ProtocolFuzz = {
  decoders: [
    {
      name: 'memcached stats reply',
      parse: (bytes) => parseStatsReply(bytes),
      inputs: frames,
      observe: (value: StatsReply) => observationFromStats(value),
      large: fc.oneof(
        repeatedTo(LARGE, fc.constantFrom(Buffer.from('STAT a b\r\n'), Buffer.from('STAT '), Buffer.from('\n'))),
        fc.constant(Buffer.from(`${'STAT a b\n'.repeat(LARGE / 9)}END\n`)),
      ),
    },
  ],
  recognizers: [
    {
      name: 'memcached stray reply',
      recognize: (bytes) => memcachedProbe.recognizeStrayReply!(bytes),
      inputs: frames,
      reportable: true,
    },
  ],
};
