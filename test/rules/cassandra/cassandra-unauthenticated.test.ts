// No recording of a real Cassandra is stored: frames are built here, byte by byte, from the CQL
// native protocol v4 specification and read by the probe's own parser (the same builders as the
// probe test, kept local so each table reads alone). Emulated servers:
// test/integration/cassandra.test.ts.
import rule from '../../../rules/cassandra/cassandra-unauthenticated.js';
import type { CassandraObservation } from '../../../src/probes/observation.js';
import {
  observationFromSupported,
  observationFromVersionError,
  parseMessage,
  withStartupReply,
} from '../../../src/probes/wire/cassandra.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { testRule } from '../../helpers/rule-tester.js';

const short = (value: number) => Buffer.from([value >> 8, value & 0xff]);
const string = (value: string) => Buffer.concat([short(Buffer.byteLength(value)), Buffer.from(value)]);
function frame(opcode: number, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return Buffer.concat([Buffer.from([0x84, 0, 0, 1, opcode]), length, body]);
}
const multimap = (map: Record<string, string[]>) =>
  Buffer.concat([
    short(Object.keys(map).length),
    ...Object.entries(map).flatMap(([key, values]) => [string(key), short(values.length), ...values.map(string)]),
  ]);

function message(bytes: Buffer) {
  const parsed = parseMessage(bytes);
  if (parsed.state !== 'matched') throw new Error('not one response frame');
  return parsed.value.message;
}

/** OPTIONS then STARTUP, as the probe runs them. */
function observed(supported: Record<string, string[]>, startupReply: Buffer): CassandraObservation {
  const first = message(frame(0x06, multimap(supported)));
  if (first.type !== 'supported') throw new Error('not SUPPORTED');
  const observation = observationFromSupported(first.options);
  if (!observation) throw new Error('not a CQL server');
  return withStartupReply(observation, message(startupReply));
}

const CASSANDRA_4 = {
  PROTOCOL_VERSIONS: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
  COMPRESSION: ['snappy', 'lz4'],
  CQL_VERSION: ['3.4.6'],
};
const READY = frame(0x02, Buffer.alloc(0));
const endpoint = { host: '192.0.2.10', port: 9042 };

testRule(rule, {
  invalid: [
    {
      name: 'Cassandra with AllowAllAuthenticator: READY to STARTUP',
      evidence: evidenceOf(observed(CASSANDRA_4, READY), endpoint),
      findings: [
        {
          product: 'cassandra',
          confidence: 'confirmed',
          evidence: {
            startupReply: 'READY',
            cqlVersions: ['3.4.6'],
            protocolVersions: ['3/v3', '4/v4', '5/v5', '6/v6-beta'],
          },
        },
      ],
    },
    {
      name: 'ScyllaDB without authentication',
      evidence: evidenceOf(
        observed({ CQL_VERSION: ['3.3.1'], SCYLLA_SHARD: ['0'], SCYLLA_NR_SHARDS: ['4'] }, READY),
        endpoint,
      ),
      findings: [{ product: 'scylladb', evidence: { cqlVersions: ['3.3.1'], protocolVersions: [] } }],
    },
  ],
  valid: [
    {
      name: 'PasswordAuthenticator: AUTHENTICATE to STARTUP',
      nearMiss: true,
      evidence: evidenceOf(
        observed(CASSANDRA_4, frame(0x03, string('org.apache.cassandra.auth.PasswordAuthenticator'))),
        endpoint,
      ),
    },
    {
      name: 'DataStax Enterprise authenticator',
      nearMiss: true,
      evidence: evidenceOf(
        observed(CASSANDRA_4, frame(0x03, string('com.datastax.bdp.cassandra.auth.DseAuthenticator'))),
        endpoint,
      ),
    },
    {
      name: 'a server that does not speak protocol v4 (access unknown)',
      evidence: evidenceOf(
        observationFromVersionError(
          message(
            frame(
              0x00,
              Buffer.concat([
                Buffer.from([0, 0, 0, 0x0a]),
                string('Invalid or unsupported protocol version (4); supported versions are (1/v1, 2/v2, 3/v3)'),
              ]),
            ),
          ),
        )!,
        endpoint,
      ),
    },
  ],
});
