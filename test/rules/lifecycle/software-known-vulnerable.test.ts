// Versions as real servers report them (a recorded Elasticsearch 1.x-era banner shape, INFO and
// greeting observations as the wire probes produce them), judged against the dated CVE table.
import { expect } from 'vitest';
import rule from '../../../rules/lifecycle/software-known-vulnerable.js';
import { CAT_INDICES_PATH } from '../../../src/fingerprints/elasticsearch.js';
import { observationFromInfo } from '../../../src/probes/wire/redis.js';
import { observationOf } from '../../../src/probes/wire/postgres.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recorded } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

// As the ZooKeeper probe reports a 3.8.0 server (mntr or srvr), with the mode it saw, if any.
const zookeeper = (serverState: string | undefined) =>
  evidenceOf({
    protocol: 'zookeeper',
    product: 'zookeeper',
    version: '3.8.0',
    access: 'open',
    provenBy: 'session',
    ...(serverState ? { serverState } : {}),
    signals: ['four-letter-word refusal', 'answer to `srvr`'],
  });
const redis = (version: string) => evidenceOf(observationFromInfo(`redis_version:${version}\r\n`)!);
const elasticsearch = (version: string) =>
  evidenceOf(
    httpObservation(json(200, recorded('elasticsearch/root-2.4.5.json').replace('2.4.5', version)), {
      [CAT_INDICES_PATH]: response(200, ''),
    }),
  );

testRule(rule, {
  invalid: [
    {
      name: 'Redis 7.2.4: the Lua use-after-free of 2025, with its own severity',
      evidence: redis('7.2.4'),
      findings: [
        // Known from the version number only: said by the confidence and in the message, with the CVE's NVD page first.
        {
          product: 'redis',
          severity: 'high',
          confidence: 'version',
          resource: 'redis:CVE-2025-49844',
          message: expect.stringMatching(
            /^CVE-2025-49844: redis 7\.2\.4 lies in the affected range .*judged from the version number only: a distribution build may carry the fix/,
          ),
          references: [
            'https://nvd.nist.gov/vuln/detail/CVE-2025-49844',
            expect.stringMatching(/^https:\/\/github\.com\/redis\/redis\/security\/advisories\//),
          ],
          evidence: { cve: 'CVE-2025-49844', fixedIn: ['6.2.20', '7.2.11', '7.4.6', '8.0.4', '8.2.2'] },
        },
        { resource: 'redis:CVE-2024-46981' },
      ],
    },
    {
      name: 'Elasticsearch 1.1.0: dynamic scripting and the Groovy sandbox escape',
      evidence: elasticsearch('1.1.0'),
      findings: [
        { severity: 'high', evidence: { cve: 'CVE-2014-3120', requiresAuthentication: false } },
        { severity: 'critical', evidence: { cve: 'CVE-2015-1427' } },
      ],
    },
    {
      name: 'PostgreSQL 15.2 (the version as the server reports it, packaging suffix cut by the probe)',
      evidence: evidenceOf(observationOf('postgres', 'postgres', { auth: 'scram', version: '15.2' })),
      findings: [{ evidence: { cve: 'CVE-2023-2454' } }, { evidence: { cve: 'CVE-2024-10979' } }],
    },
    {
      name: 'ZooKeeper 3.8.0 that reports itself a leader: CVE-2023-44981’s quorum precondition holds',
      evidence: zookeeper('leader'),
      findings: [
        {
          product: 'zookeeper',
          severity: 'critical',
          evidence: { cve: 'CVE-2023-44981', unverifiedPrecondition: null },
        },
      ],
    },
    {
      name: 'ZooKeeper 3.8.0 whose mode was not seen: version-only, saying what could not be checked',
      evidence: zookeeper(undefined),
      findings: [
        {
          evidence: {
            cve: 'CVE-2023-44981',
            unverifiedPrecondition: expect.stringContaining('SASL quorum peer authentication'),
          },
        },
      ],
    },
  ],
  valid: [
    {
      name: 'ZooKeeper 3.8.0 standalone (as Debian 12’s 3.8.0+deb12u2 reports itself): no quorum, so no CVE-2023-44981',
      nearMiss: true,
      evidence: zookeeper('standalone'),
    },
    { name: 'Redis 7.2.11 carries every fix in the table', nearMiss: true, evidence: redis('7.2.11') },
    { name: 'Elasticsearch 8.17.0 is outside every range', nearMiss: true, evidence: elasticsearch('8.17.0') },
    { name: 'no version seen', evidence: evidenceOf(observationOf('postgres', 'postgres', { auth: 'scram' })) },
  ],
});
