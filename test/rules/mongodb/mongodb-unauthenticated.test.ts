// Replies in the documented shapes of hello/isMaster, listDatabases and the Unauthorized error (no
// public recording of these exists: see SOURCES.md), with the buildInfo of a real 4.4.10
// (test/fixtures/recorded/mongodb/buildinfo-4.4.10.json), each run through the probe's own BSON
// decoder and reply readers. Emulated servers (3.4 OP_QUERY only, 6.0 OP_MSG, 6.0 with auth):
// test/integration/mongodb.test.ts.
import rule from '../../../rules/mongodb/mongodb-unauthenticated.js';
import type { MongodbObservation } from '../../../src/probes/observation.js';
import { decodeDocument, encodeDocument, type BsonInput } from '../../../src/probes/wire/bson.js';
import {
  observationFromGreeting,
  withBuildInfo,
  withListDatabases,
  type Wire,
} from '../../../src/probes/wire/mongodb.js';
import { evidenceOf } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

const BUILD_INFO = JSON.parse(recorded('mongodb/buildinfo-4.4.10.json')) as BsonInput;
const wire = (document: BsonInput) => decodeDocument(encodeDocument(document));

/** What the probe learns, step by step, from a server answering these documents. */
function observed(kind: Wire, listDatabases: BsonInput, buildInfo: BsonInput = BUILD_INFO): MongodbObservation {
  const greeting: BsonInput =
    kind === 'op_msg'
      ? { isWritablePrimary: true, maxWireVersion: 9, minWireVersion: 0, ok: 1 }
      : { ismaster: true, maxWireVersion: 5, minWireVersion: 0, ok: 1 };
  const observation = observationFromGreeting({ wire: kind, document: wire(greeting) });
  if (!observation) throw new Error('not a MongoDB greeting');
  return withListDatabases(withBuildInfo(observation, wire(buildInfo)), wire(listDatabases));
}

const DATABASES = [
  { name: 'admin', sizeOnDisk: 40_960, empty: false },
  { name: 'local', sizeOnDisk: 73_728, empty: false },
  { name: 'crm', sizeOnDisk: 3_221_225_472, empty: false },
];
const endpoint = { host: '192.0.2.10', port: 27017 };

testRule(rule, {
  invalid: [
    {
      name: 'MongoDB 4.4.10 lists its databases without authentication (over 1 GiB)',
      evidence: evidenceOf(
        observed('op_msg', { databases: DATABASES, totalSize: 3_221_340_160, totalSizeMb: 3072n, ok: 1 }),
        endpoint,
      ),
      findings: [
        {
          product: 'mongodb',
          version: '4.4.10',
          confidence: 'confirmed',
          exposure: { bytes: 3_221_340_160 },
          evidence: {
            command: 'listDatabases',
            wire: 'OP_MSG',
            databases: ['admin', 'local', 'crm'],
            databaseCount: 3,
            totalSizeBytes: 3_221_340_160,
            ransomNotes: [],
          },
        },
      ],
    },
    {
      name: 'a ransomed server: the data replaced by a READ__ME_TO_RECOVER_YOUR_DATA database',
      evidence: evidenceOf(
        observed(
          'op_query',
          {
            databases: [
              { name: 'READ__ME_TO_RECOVER_YOUR_DATA', sizeOnDisk: 8192, empty: false },
              { name: 'admin', sizeOnDisk: 32_768, empty: false },
            ],
            totalSize: 40_960,
            ok: 1,
          },
          { ...(BUILD_INFO as object), version: '3.4.24' },
        ),
        endpoint,
      ),
      findings: [
        {
          version: '3.4.24',
          exposure: { bytes: 40_960, ransomNote: true },
          evidence: { wire: 'OP_QUERY', ransomNotes: ['READ__ME_TO_RECOVER_YOUR_DATA'], databaseCount: 2 },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'authorization on: listDatabases refused with Unauthorized (code 13)',
      nearMiss: true,
      evidence: evidenceOf(
        observed('op_msg', {
          ok: 0,
          errmsg: 'command listDatabases requires authentication',
          code: 13,
          codeName: 'Unauthorized',
        }),
        endpoint,
      ),
    },
    {
      name: 'authorization on, before 3.6: "not authorized on admin to execute command"',
      nearMiss: true,
      evidence: evidenceOf(
        observed('op_query', {
          ok: 0,
          errmsg: 'not authorized on admin to execute command { listDatabases: 1 }',
          code: 13,
          codeName: 'Unauthorized',
        }),
        endpoint,
      ),
    },
    {
      name: 'listDatabases never answered (access unknown)',
      evidence: evidenceOf(
        observationFromGreeting({
          wire: 'op_msg',
          document: wire({ isWritablePrimary: true, maxWireVersion: 17, ok: 1 }),
        })!,
        endpoint,
      ),
    },
  ],
});
