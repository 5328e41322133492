// Whole HTTP responses recorded from etcd 3.4.23 (Debian 12 package) on this machine, read back
// with the engine's own raw-response parser: open, with auth enabled, and with the v2 API turned
// on (`--enable-v2`), open and with v2 auth. Real server: test/integration/etcd.test.ts.
import { describe, expect, it } from 'vitest';
import rule from '../../../rules/etcd/etcd-unauthenticated.js';
import { V3_RANGE } from '../../../src/fingerprints/etcd.js';
import type { HttpResponse } from '../../../src/probes/http-observation.js';
import { parseRawResponse } from '../../../src/probes/http-raw.js';
import { evidenceOf, httpObservation, json, response } from '../../helpers/evidence.js';
import { recordedBytes } from '../../helpers/fixtures.js';
import { testRule } from '../../helpers/rule-tester.js';

function wire(path: string): HttpResponse {
  const parsed = parseRawResponse(recordedBytes(path), true, 1024 * 1024);
  if (parsed.state !== 'matched') throw new Error(`${path} is not one HTTP response`);
  return parsed.value;
}

const RANGE = V3_RANGE.key;
const root = wire('etcd/root-404-3.4.23-debian.http');
const version = wire('etcd/version-3.4.23-debian.http');
const rangeCount = wire('etcd/v3-kv-range-count-3.4.23-debian.http');
const rangeEmpty = wire('etcd/v3-kv-range-count-empty-3.4.23-debian.http');
const rangeAuth = wire('etcd/v3-kv-range-auth-enabled-3.4.23-debian.http');
const v2Keys = wire('etcd/v2-keys-3.4.23-debian-enable-v2.http');
const v2Auth = wire('etcd/v2-keys-401-3.4.23-debian-enable-v2.http');
// etcd 3.4 without --enable-v2 answers /v2/keys with Go's plain 404, like its root.
const v2Off = root;
const at2379 = { host: '192.0.2.10', port: 2379 };

const open = evidenceOf(httpObservation(root, { '/version': version, [RANGE]: rangeCount, '/v2/keys': v2Off }), at2379);
const bothApis = evidenceOf(
  httpObservation(root, { '/version': version, [RANGE]: rangeCount, '/v2/keys': v2Keys }),
  at2379,
);

testRule(rule, {
  invalid: [
    {
      name: 'etcd 3.4.23 (Debian) without auth: the v3 range counts 3 keys',
      evidence: open,
      findings: [
        {
          product: 'etcd',
          version: '3.4.23',
          confidence: 'confirmed',
          exposure: { keys: 3 },
          evidence: { v3Keys: 3, v2TopLevelNodes: null, clusterVersion: '3.4.0', openApis: ['v3'] },
        },
      ],
    },
    {
      name: 'etcd 3.4.23 with --enable-v2: the v2 root directory is listed too',
      evidence: bothApis,
      findings: [{ version: '3.4.23', evidence: { v3Keys: 3, v2TopLevelNodes: 3, openApis: ['v3', 'v2'] } }],
    },
    {
      name: 'an empty etcd: the gateway leaves a zero count out',
      evidence: evidenceOf(
        httpObservation(root, { '/version': version, [RANGE]: rangeEmpty, '/v2/keys': v2Off }),
        at2379,
      ),
      findings: [{ version: '3.4.23', evidence: { v3Keys: 0 } }],
    },
    {
      name: 'v3 auth enabled, but the separate v2 store left open',
      evidence: evidenceOf(
        httpObservation(root, { '/version': version, [RANGE]: rangeAuth, '/v2/keys': v2Keys }),
        at2379,
      ),
      findings: [{ version: '3.4.23', evidence: { v3Keys: null, v2TopLevelNodes: 3, openApis: ['v2'] } }],
    },
  ],
  valid: [
    {
      name: 'etcd 3.4.23 with auth enabled: the range is refused (user name is empty), v2 off',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(root, { '/version': version, [RANGE]: rangeAuth, '/v2/keys': v2Off }),
        at2379,
      ),
    },
    {
      name: 'v3 auth enabled and v2 auth with the guest role revoked: both refused',
      nearMiss: true,
      evidence: evidenceOf(
        httpObservation(root, { '/version': version, [RANGE]: rangeAuth, '/v2/keys': v2Auth }),
        at2379,
      ),
    },
    {
      name: 'any Go server on 2379: 404 everywhere',
      evidence: evidenceOf(
        httpObservation(response(404, '404 page not found\n'), {
          '/version': response(404, '404 page not found\n'),
          [RANGE]: response(404, '404 page not found\n'),
        }),
        at2379,
      ),
    },
    {
      name: 'a count-shaped answer from a server whose /version is not etcd’s',
      evidence: evidenceOf(
        httpObservation(response(200, 'ok'), { '/version': json(200, '{"version":"1.2.3"}'), [RANGE]: rangeCount }),
      ),
    },
    {
      name: 'the range request failed and v2 is off',
      evidence: evidenceOf(
        httpObservation(root, { '/version': version, [RANGE]: { ok: false, failure: 'reset' }, '/v2/keys': v2Off }),
        at2379,
      ),
    },
  ],
});

describe('etcd-unauthenticated evidence', () => {
  it('lists etcd with auth enabled as auth-required', () => {
    const evidence = evidenceOf(
      httpObservation(root, { '/version': version, [RANGE]: rangeAuth, '/v2/keys': v2Off }),
      at2379,
    );
    expect(evidence.services).toEqual([
      expect.objectContaining({ product: 'etcd', version: '3.4.23', access: 'auth-required' }),
    ]);
  });

  it('counts keys and entries, never names them nor their values', () => {
    const text = JSON.stringify(rule.check(bothApis, { now: new Date('2026-11-25T00:00:00Z') }));
    for (const leak of ['/motd', 'hello', '/queue', '/service', '/app/config', 'cluster_id', '15118495548433857066'])
      expect(text).not.toContain(leak);
  });

  it('asks for a count only: the range request is a read of every key, keys_only and count_only', () => {
    expect(V3_RANGE).toMatchObject({ path: '/v3/kv/range', method: 'POST' });
    expect(JSON.parse(V3_RANGE.body!)).toEqual({
      key: 'AA==',
      range_end: 'AA==',
      keys_only: true,
      count_only: true,
      serializable: true,
    });
  });
});
