// Versions as real servers report them (recorded banners and status bodies, and the observation
// shapes the wire probes produce), judged against the dated table at a fixed date.
import rule from '../../../rules/lifecycle/software-end-of-life.js';
import { CAT_INDICES_PATH } from '../../../src/fingerprints/elasticsearch.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testResourceRule, testRule } from '../../helpers/rule-tester.js';
import { bucket, database, searchDomain } from '../../helpers/cloud.js';
import { observationFromInfo } from '../../../src/probes/wire/redis.js';
import { observationOf } from '../../../src/probes/wire/postgres.js';
import { parseGreeting } from '../../../src/probes/wire/mysql.js';
import { observationFromInfo as natsBanner, parseInfo } from '../../../src/probes/wire/nats.js';
import { recordedBytes } from '../../helpers/fixtures.js';

/** A HandshakeV10 greeting as MySQL and MariaDB send it (layout from the MySQL protocol docs). */
function greeting(version: string): Buffer {
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${version}\0`, 'latin1'),
    Buffer.alloc(4),
    Buffer.alloc(8, 0x41),
    Buffer.from([0, 0xff, 0xf7, 0x21, 2, 0, 0xff, 0x81, 21]),
    Buffer.alloc(10),
    Buffer.alloc(12, 0x42),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0'),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  return Buffer.concat([header, payload]);
}

const kbn = { 'kbn-name': 'kibana' };
const redis = (version: string) => evidenceOf({ ...observationFromInfo(`redis_version:${version}\r\n`)! });
/** The recorded INFO banner of Debian's nats-server 2.9.10, with the version it names swapped. */
const nats = (version: string) => {
  const info = parseInfo(
    Buffer.from(
      recordedBytes('nats/info-open-nats-server-2.9.10.bin').toString('latin1').replace('"2.9.10"', `"${version}"`),
      'latin1',
    ),
  );
  if (info.state !== 'matched') throw new Error('fixture is not a NATS INFO line');
  return evidenceOf(natsBanner(info.value), { host: '192.0.2.10', port: 4222 });
};
const postgres = (version: string) => evidenceOf(observationOf('postgres', 'postgres', { auth: 'trust', version }));

testRule(rule, {
  now: new Date('2026-11-25T00:00:00Z'),
  invalid: [
    {
      name: 'Kibana 7.0.0 (7.x ended 2026-01-15)',
      evidence: evidenceOf(
        httpObservation(response(302, '', { location: '/app/kibana', ...kbn }), {
          '/api/status': json(200, recorded('kibana/api-status-7.0.0.json'), kbn),
        }),
      ),
      findings: [
        {
          product: 'kibana',
          version: '7.0.0',
          resource: 'kibana',
          evidence: { cycle: '7', endOfLife: '2026-01-15', daysPastEndOfLife: 314 },
        },
      ],
    },
    {
      name: 'Elasticsearch 5.4.2',
      evidence: evidenceOf(
        httpObservation(json(200, recorded('elasticsearch/root-5.4.2.json')), {
          [CAT_INDICES_PATH]: response(200, ''),
        }),
      ),
      findings: [{ product: 'elasticsearch', version: '5.4.2', evidence: { cycle: '5', endOfLife: '2019-03-11' } }],
    },
    // Its own lifecycle page: before, every end-of-life finding linked endoflife.date/elasticsearch first.
    {
      name: 'Redis 6.0.9',
      evidence: redis('6.0.9'),
      findings: [
        {
          product: 'redis',
          references: ['https://endoflife.date/redis'],
          evidence: { cycle: '6.0', endOfLife: '2022-05-31' },
        },
      ],
    },
    // NATS has no endoflife.date page: its finding links the vendor's own support table.
    {
      name: "NATS 2.9.10, Debian 12's nats-server, as its INFO banner names it",
      evidence: nats('2.9.10'),
      findings: [
        {
          product: 'nats',
          version: '2.9.10',
          references: ['https://docs.nats.io/release-notes'],
          evidence: { cycle: 'before 2.10', endOfLife: '2025-03-19' },
        },
      ],
    },
    {
      name: 'NATS 2.11.17, the last of 2.11',
      evidence: nats('2.11.17'),
      findings: [{ product: 'nats', evidence: { cycle: '2.11', endOfLife: '2026-04-30' } }],
    },
    {
      name: 'PostgreSQL 13.16',
      evidence: postgres('13.16'),
      findings: [{ product: 'postgresql', evidence: { cycle: '13' } }],
    },
    {
      name: 'PostgreSQL 9.2 falls in the catch-all old row',
      evidence: postgres('9.2.24'),
      findings: [{ evidence: { cycle: 'before 9.6' } }],
    },
    {
      name: 'MariaDB 10.3 as its greeting reports it (5.5.5- prefix)',
      evidence: evidenceOf(parseGreeting(greeting('5.5.5-10.3.39-MariaDB-0+deb10u1'))!),
      findings: [{ product: 'mariadb', version: '10.3.39', evidence: { cycle: '10.3', endOfLife: '2023-05-25' } }],
    },
  ],
  valid: [
    {
      name: 'Elasticsearch 8.19 is supported until 2027-07-15',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(json(200, recorded('elasticsearch/root-8.17.0.json').replace('8.17.0', '8.19.3')), {
          [CAT_INDICES_PATH]: response(200, ''),
        }),
      ),
    },
    { name: 'Redis 7.2 is supported', nearMiss: true, evidence: redis('7.2.4') },
    { name: 'NATS 2.12 is maintained', nearMiss: true, evidence: nats('2.12.3') },
    { name: 'PostgreSQL 15 is supported', evidence: postgres('15.20') },
    {
      name: 'no version seen (PostgreSQL asking for a password)',
      evidence: evidenceOf(observationOf('postgres', 'postgres', { auth: 'scram' })),
    },
    { name: 'a version the table does not know', evidence: redis('8.1.0') },
    { name: 'MySQL 8.4 LTS is supported until 2032', evidence: evidenceOf(parseGreeting(greeting('8.4.3'))!) },
  ],
});

// The same rule over managed engines read from a cloud account or a Terraform plan.
testResourceRule(rule, {
  now: new Date('2026-11-25T00:00:00Z'),
  invalid: [
    {
      name: 'Alibaba Elasticsearch 6.3.2 ("6.3.2_with_X-Pack" in the API)',
      resource: searchDomain('alibaba', { version: '6.3.2' }),
      findings: [{ product: 'elasticsearch', version: '6.3.2', evidence: { cycle: '6', endOfLife: '2022-02-10' } }],
    },
    {
      name: 'RDS MySQL 5.7',
      resource: database('aws', { version: '5.7.44' }),
      findings: [{ product: 'mysql', evidence: { cycle: '5.7' } }],
    },
  ],
  valid: [
    { name: 'RDS PostgreSQL 16', nearMiss: true, resource: database('aws', { engine: 'postgresql', version: '16.4' }) },
    { name: 'a bucket has no engine version', resource: bucket('aws', {}) },
  ],
});
