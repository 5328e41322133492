// Kibana and Elasticsearch cannot run here; these run against a local emulator serving recorded real responses.
// (test/emulators/elastic.ts says which recording answers which path.)
//
// Each test runs a whole scan, as the CLI does: target parsing, endpoint identification (a raw
// `GET /`, then follow-up GETs), fingerprints, every shipped rule, scoring and ranking. The
// emulators listen on kernel-chosen ephemeral ports, never Kibana's 5601 or Elasticsearch's
// 9200, so a finding proves the product was recognised by what it said, not where it listened.
// All traffic stays on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan, type ScanSettings } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { recordedBytes } from '../helpers/fixtures.js';
import {
  ELASTIC_PROFILES,
  LARGE_INDICES,
  SMALL_INDICES,
  startElasticEmulator,
  type CatRow,
  type ElasticEmulator,
  type ElasticProfile,
  type EmulatorOptions,
} from '../emulators/elastic.js';

const NOW = new Date('2026-11-25T00:00:00Z');
const SETTINGS: ScanSettings = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
// Written out rather than imported from src: the test states what must go on the wire.
const STATUS = '/api/status';
const CAT_INDICES = '/_cat/indices?bytes=b&h=index,docs.count,store.size';

function scan(targets: readonly string[], settings: Partial<ScanSettings> = {}): Promise<ScanOutcome> {
  return runScan(
    expandTargets(
      targets.map((target) => parseTarget(target)),
      [],
    ),
    RULES,
    { ...SETTINGS, ...settings },
    { now: () => NOW },
  );
}

const running: ElasticEmulator[] = [];
async function emulate(profile: ElasticProfile, options?: EmulatorOptions): Promise<ElasticEmulator> {
  const emulator = await startElasticEmulator(profile, options);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const hostPort = (emulator: ElasticEmulator) => `127.0.0.1:${emulator.port}`;
const ruleIds = (findings: readonly Finding[]) => findings.map((finding) => finding.ruleId).sort();

function the(outcome: ScanOutcome, ruleId: string, port?: number): Finding {
  const matches = outcome.findings.filter(
    (finding) => finding.ruleId === ruleId && (port === undefined || finding.target!.port === port),
  );
  expect(matches, `${ruleId} findings`).toHaveLength(1);
  return matches[0]!;
}

function totals(rows: readonly CatRow[]) {
  return {
    indices: rows.length,
    documents: rows.reduce((sum, row) => sum + row.docs, 0),
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
    largestIndices: [...rows].sort((a, b) => b.docs - a.docs).map((row) => row.index),
  };
}

describe('Kibana', () => {
  it('reports an open Kibana 7.0 on an arbitrary port, and its end of life', async () => {
    const kibana = await emulate('kibana-7-open');
    const outcome = await scan([hostPort(kibana)]);

    // Ephemeral ports start far above 5601 (32768 on Linux by default).
    expect(kibana.port).not.toBe(5601);
    expect(ruleIds(outcome.findings)).toEqual(['kibana-unauthenticated', 'software-end-of-life']);
    expect(the(outcome, 'kibana-unauthenticated')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'kibana',
      version: '7.0.0',
      target: { host: '127.0.0.1', port: kibana.port, protocol: 'http', tls: false, url: kibana.url },
      // 7.x reports the legacy `state`; the identity came from headers and the redirect, not the port.
      evidence: {
        path: '/api/status',
        overallStatus: 'green',
        signals: expect.arrayContaining(['kbn-name header', 'redirect into the Kibana app']),
      },
    });
    // 7.x ended 2026-01-15; the scan's fixed clock says 2026-11-25, 314 days later.
    expect(the(outcome, 'software-end-of-life')).toMatchObject({
      product: 'kibana',
      version: '7.0.0',
      evidence: { cycle: '7', endOfLife: '2026-01-15', daysPastEndOfLife: 314 },
    });
    expect(kibana.requests).toEqual(['/', STATUS]);
  });

  it('reports an open Kibana 8.16 with the version its status document gives', async () => {
    const kibana = await emulate('kibana-8-open');
    const outcome = await scan([hostPort(kibana)]);

    expect(the(outcome, 'kibana-unauthenticated')).toMatchObject({
      version: '8.16.0',
      confidence: 'confirmed',
      evidence: { overallStatus: 'available' },
    });
    // 8.16.0 is inside CVE-2025-25015's range (8.15.0 to 8.17.2): version comparison, no exploit.
    expect(ruleIds(outcome.findings)).toEqual([
      'kibana-unauthenticated',
      'software-end-of-life',
      'software-known-vulnerable',
    ]);
    expect(the(outcome, 'software-known-vulnerable')).toMatchObject({ evidence: { cve: 'CVE-2025-25015' } });
    expect(kibana.requests).toEqual(['/', STATUS]);
  });

  it('lists a secured Kibana 8 as asking for credentials and reports only its public login page', async () => {
    const kibana = await emulate('kibana-8-secured');
    const outcome = await scan([hostPort(kibana)]);

    // kibana-login-exposed (medium) is the whole report: nothing open, nothing critical.
    expect(ruleIds(outcome.findings)).toEqual(['kibana-login-exposed']);
    expect(outcome.services).toEqual([
      expect.objectContaining({ port: kibana.port, protocol: 'http', product: 'kibana', access: 'auth-required' }),
    ]);
    // The login redirect is never followed: redirects can leave the scope.
    expect(kibana.requests).toEqual(['/', STATUS]);
  });

  it('finds Kibana behind a reverse proxy path when given the URL', async () => {
    const kibana = await emulate('kibana-8-open', { basePath: '/kibana/' });
    const outcome = await scan([kibana.url]);

    expect(kibana.url).toBe(`http://127.0.0.1:${kibana.port}/kibana/`);
    expect(the(outcome, 'kibana-unauthenticated')).toMatchObject({ version: '8.16.0', target: { url: kibana.url } });
    expect(kibana.requests).toEqual(['/kibana/', `/kibana${STATUS}`]);
  });

  it('sees only the proxy when that same Kibana is scanned as host:port', async () => {
    const kibana = await emulate('kibana-8-open', { basePath: '/kibana/' });
    const outcome = await scan([hostPort(kibana)]);

    expect(outcome.findings).toEqual([]);
    expect(kibana.requests).toEqual(['/']);
  });

  it('does not take a web page that talks about Kibana and Elasticsearch for either', async () => {
    const page = await emulate('not-kibana');
    const outcome = await scan([hostPort(page)]);

    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([{ host: '127.0.0.1', port: page.port, protocol: 'http', tls: false }]);
    expect(page.requests).toEqual(['/']);
  });

  it('does not take an app that redirects to /login?next= for Kibana', async () => {
    const app = await emulate('login-app');
    const outcome = await scan([hostPort(app)]);

    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([{ host: '127.0.0.1', port: app.port, protocol: 'http', tls: false }]);
    // A login redirect is Kibana's shape when secured, so its status is worth one request.
    expect(app.requests).toEqual(['/', STATUS]);
  });

  it('reads a status document of exactly the body cap, and refuses to judge one byte over', async () => {
    const size = recordedBytes('kibana/api-status-7.0.0.json').length;
    const atCap = await emulate('kibana-7-open');
    expect(ruleIds((await scan([hostPort(atCap)], { maxBodyBytes: size })).findings)).toContain(
      'kibana-unauthenticated',
    );

    // Cut at the cap, the document is not parsed: Kibana is still recognised, its access is not.
    const overCap = await emulate('kibana-7-open');
    const outcome = await scan([hostPort(overCap)], { maxBodyBytes: size - 1 });
    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'kibana', access: 'unknown' })]);
  });
});

describe('Elasticsearch and OpenSearch', () => {
  it.each([
    ['elasticsearch-5-open', '5.4.2', SMALL_INDICES],
    ['elasticsearch-7-open', '7.17.27', LARGE_INDICES],
  ] as const)('reports an open %s with the indices, documents and bytes it lists', async (profile, version, rows) => {
    const cluster = await emulate(profile);
    const outcome = await scan([hostPort(cluster)]);

    expect(the(outcome, 'elasticsearch-unauthenticated')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'elasticsearch',
      version,
      target: { port: cluster.port, protocol: 'http' },
      evidence: totals(rows),
    });
    // Both lines are past end of life (5.x in 2019, 7.x on 2026-01-15).
    expect(ruleIds(outcome.findings)).toEqual(['elasticsearch-unauthenticated', 'software-end-of-life']);
    expect(cluster.requests).toEqual(['/', CAT_INDICES]);
  });

  it('ranks the cluster exposing millions of documents above the one exposing a few hundred', async () => {
    const small = await emulate('elasticsearch-5-open');
    const large = await emulate('elasticsearch-7-open');
    const outcome = await scan([hostPort(small), hostPort(large)]);

    const smallFinding = the(outcome, 'elasticsearch-unauthenticated', small.port);
    const largeFinding = the(outcome, 'elasticsearch-unauthenticated', large.port);
    // Same severity, same address, both past end of life: only the exposed data differs.
    expect(largeFinding.score).toBeGreaterThan(smallFinding.score);
    expect(largeFinding.why).toMatch(/5\.7M records exposed/);
    expect(smallFinding.why).not.toMatch(/records exposed/);
    expect(outcome.findings[0]).toBe(largeFinding);
  });

  it.each(['elasticsearch-8-secured', 'aws-es-403'] as const)(
    'reports nothing for %s, which refuses anonymous requests',
    async (profile) => {
      const cluster = await emulate(profile);
      const outcome = await scan([hostPort(cluster)]);

      expect(outcome.findings).toEqual([]);
      // A refusal at the root is the whole answer: the index listing is never asked for.
      expect(cluster.requests).toEqual(['/']);
    },
  );

  it('lists secured Elasticsearch 8 by its security challenge', async () => {
    const cluster = await emulate('elasticsearch-8-secured');
    const outcome = await scan([hostPort(cluster)]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'elasticsearch', access: 'auth-required' })]);
  });

  it('lists OpenSearch as OpenSearch and does not report it as Elasticsearch', async () => {
    const cluster = await emulate('opensearch-2-open');
    const outcome = await scan([hostPort(cluster)]);

    expect(outcome.findings.filter((finding) => finding.ruleId === 'elasticsearch-unauthenticated')).toEqual([]);
    expect(outcome.services).toEqual([
      expect.objectContaining({ port: cluster.port, product: 'opensearch', version: '2.13.0', access: 'open' }),
    ]);
    // The banner has the Elasticsearch format, so the (shared) index listing is read.
    expect(cluster.requests).toEqual(['/', CAT_INDICES]);
  });
});

describe('what the scanner asks', () => {
  // What each profile should be asked beyond `/`, given what its root said: Kibana's headers,
  // its redirects, or a login redirect make /api/status relevant; a cluster banner, the listing.
  const KIBANA_ROOTS: ReadonlySet<ElasticProfile> = new Set([
    'kibana-7-open',
    'kibana-8-open',
    'kibana-8-secured',
    'login-app',
  ]);
  const BANNER_ROOTS: ReadonlySet<ElasticProfile> = new Set([
    'elasticsearch-5-open',
    'elasticsearch-7-open',
    'opensearch-2-open',
  ]);

  it('asks each endpoint, in one concurrent scan, only the paths its root makes relevant, each once', async () => {
    const emulators = await Promise.all(
      ELASTIC_PROFILES.map(async (profile) => ({ profile, emulator: await emulate(profile) })),
    );
    const outcome = await scan(emulators.map(({ emulator }) => hostPort(emulator)));

    expect(outcome.stats).toMatchObject({ endpoints: ELASTIC_PROFILES.length, identified: ELASTIC_PROFILES.length });
    for (const { profile, emulator } of emulators) {
      const expected = [
        '/',
        ...(KIBANA_ROOTS.has(profile) ? [STATUS] : []),
        ...(BANNER_ROOTS.has(profile) ? [CAT_INDICES] : []),
      ];
      expect(emulator.requests, profile).toEqual(expected);
    }
    // Evidence did not cross between endpoints scanned side by side.
    const reported = (ruleId: string) =>
      emulators
        .filter(({ emulator }) => outcome.findings.some((f) => f.ruleId === ruleId && f.target!.port === emulator.port))
        .map(({ profile }) => profile);
    expect(reported('kibana-unauthenticated').sort()).toEqual(['kibana-7-open', 'kibana-8-open']);
    expect(reported('elasticsearch-unauthenticated').sort()).toEqual(['elasticsearch-5-open', 'elasticsearch-7-open']);
  });
});
