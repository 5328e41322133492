// Every wire-protocol decoder and recogniser under fuzz, and the properties each must hold.
// Shared by the CI tests (test/fuzz/*.fuzz.test.ts) and the long run (FUZZ_RUNS, docs/fuzzing.md).
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { chunksOf, cutPoints } from './bytes.js';
import { checkParseResult, expectReportable, parseChunked, parseWhole, withinTime } from './contract.js';
import type { IncrementalDecoder, ProtocolFuzz, Recognizer } from './decoder.js';
import { amqpFuzz } from './frames/amqp.js';
import { cassandraFuzz } from './frames/cassandra.js';
import { clickhouseFuzz } from './frames/clickhouse.js';
import { httpDecoders } from './frames/http.js';
import { memcachedFuzz } from './frames/memcached.js';
import { mongodbFuzz } from './frames/mongodb.js';
import { mqttFuzz } from './frames/mqtt.js';
import { mysqlFuzz } from './frames/mysql.js';
import { natsFuzz } from './frames/nats.js';
import { postgresFuzz } from './frames/postgres.js';
import { redisFuzz } from './frames/redis.js';
import { zookeeperFuzz } from './frames/zookeeper.js';

const PROTOCOLS: readonly ProtocolFuzz[] = [
  redisFuzz,
  postgresFuzz,
  mysqlFuzz,
  memcachedFuzz,
  mqttFuzz,
  zookeeperFuzz,
  cassandraFuzz,
  mongodbFuzz,
  clickhouseFuzz,
  natsFuzz,
  amqpFuzz,
];

export const INCREMENTAL_DECODERS: readonly IncrementalDecoder[] = [
  ...PROTOCOLS.flatMap((protocol) => protocol.decoders),
  ...httpDecoders,
];
export const RECOGNIZERS: readonly Recognizer[] = PROTOCOLS.flatMap((protocol) => protocol.recognizers);

/** Both calls (more may come, the server hung up) give a ParseResult, and a match is reportable. */
export function neverThrows(decoder: IncrementalDecoder) {
  const observe = decoder.observe as ((value: unknown) => unknown) | undefined;
  return fc.property(decoder.inputs, (bytes) => {
    for (const ended of [false, true]) {
      const verdict = checkParseResult(decoder.parse(bytes, ended));
      if (verdict.state === 'matched' && observe) expectReportable(observe(verdict.value));
    }
  });
}

/** The same bytes split at any points give the verdict one buffer gives. */
export function chunkedMatchesWhole(decoder: IncrementalDecoder) {
  return fc.property(decoder.inputs, cutPoints, (bytes, cuts) => {
    const whole = parseWhole(decoder.parse, bytes);
    const chunked = parseChunked(decoder.parse, chunksOf(bytes, cuts));
    if (!isDeepStrictEqual(chunked, whole))
      throw new Error(
        `chunked ${JSON.stringify(chunked).slice(0, 300)} but whole ${JSON.stringify(whole).slice(0, 300)}`,
      );
  });
}

/** 64 KiB shaped to be slow: well under a second on an idle machine; the limit allows for a loaded one. */
export function largeInputIsFast(decoder: IncrementalDecoder, limitMs = 3000) {
  return fc.property(decoder.large, (bytes) => {
    withinTime(limitMs, () => {
      parseWhole(decoder.parse, bytes);
      parseChunked(decoder.parse, chunksOf(bytes, [1024, 8192, 32768]));
    });
  });
}

export function recognizerNeverThrows(recognizer: Recognizer) {
  return fc.property(recognizer.inputs, (bytes) => {
    const result = recognizer.recognize(bytes);
    if (recognizer.reportable) expectReportable(result);
  });
}
