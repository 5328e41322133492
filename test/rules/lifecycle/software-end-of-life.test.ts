// Versions as real servers report them (recorded banners and status bodies, and the observation
// shapes the wire probes produce), judged against the dated table at a fixed date.
import rule from '../../../rules/lifecycle/software-end-of-life.js';
import { CAT_INDICES_PATH } from '../../../src/fingerprints/elasticsearch.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { describe, expect, it } from 'vitest';
import { testRule } from '../../helpers/rule-tester.js';
import { database, ref, searchDomain } from '../../helpers/cloud.js';
import { RULES } from '../../../rules/index.js';
import { isResourceRule } from '../../../src/engine/rule.js';
import { judgeInventory } from '../../../src/engine/judge.js';
import type { CloudResource, DatabaseEngine, Inventory } from '../../../src/cloud/inventory.js';
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

// Managed engines read from a cloud account or a Terraform plan are not judged by upstream dates:
// the provider patches and retires its own build (PolarDB for PostgreSQL 14 outlives PostgreSQL 14's
// 2026-11-12). The same version reported by a server a probe met is still judged.
describe('managed engines', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const inventory = (resources: CloudResource[]): Inventory => ({ resources, gaps: [] });
  const endOfLife = (resources: CloudResource[]) =>
    judgeInventory(inventory(resources), RULES.filter(isResourceRule), { now }).filter(
      // Any lifecycle rule (end of life, known vulnerable), not only this one.
      (judged) => judged.rule.meta.lifecycle !== undefined,
    );

  it('the rule has no resource path: only what a probe read is judged', () => {
    expect(isResourceRule(rule)).toBe(false);
  });

  it('PolarDB for PostgreSQL 14 and PolarDB MySQL 8.0 (past upstream end of life) give no finding (near miss)', () => {
    const polardb = (engine: DatabaseEngine, version: string) =>
      database('alibaba', { ref: ref('alibaba', 'polardb:cluster', `pc-${engine}`), engine, version });
    expect(endOfLife([polardb('postgresql', '14'), polardb('mysql', '8.0')])).toEqual([]);
  });

  it('nor do RDS MySQL 5.7 and Alibaba Elasticsearch 6.3.2, read from the account', () => {
    expect(endOfLife([database('aws', { version: '5.7.44' }), searchDomain('alibaba', { version: '6.3.2' })])).toEqual(
      [],
    );
  });

  it('a self-run PostgreSQL 14 a probe met is past end of life', () => {
    expect(rule.check(postgres('14.20'), { now })).toMatchObject([
      { product: 'postgresql', version: '14.20', evidence: { cycle: '14', endOfLife: '2026-11-12' } },
    ]);
  });
});
