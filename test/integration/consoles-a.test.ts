// OpenSearch Dashboards, Grafana, Jenkins, the Docker Engine API, Consul, CouchDB, OpenSearch and
// Kibana's login page cannot run here; these scans run against local emulators serving recorded
// real responses, or answers built from the vendors' sources and documented formats where none
// was ever recorded (test/emulators/consoles-a.ts and elastic.ts say which).
//
// Each test is a whole scan, as the CLI runs it: target parsing, identification (a raw `GET /`,
// then the follow-ups the root makes relevant), every fingerprint and every shipped rule, scoring
// and ranking. Emulators listen on kernel-chosen ports of 127.0.0.1, never a product's default
// port, so a finding proves the product was recognised by what it said, not where it listened.
// Only this file's rules are asserted exactly; lifecycle findings (end of life, known CVEs) come
// and go with their dated tables and are left to their own tests.
import { afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan, type ScanSettings } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  CONSOLE_PROFILES,
  startConsoleEmulator,
  type ConsoleEmulator,
  type ConsoleProfile,
} from '../emulators/consoles-a.js';
import {
  OPENSEARCH_INDICES,
  startElasticEmulator,
  type ElasticEmulator,
  type ElasticProfile,
} from '../emulators/elastic.js';

const NOW = new Date('2026-11-25T00:00:00Z');
const SETTINGS: ScanSettings = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
// Written out rather than imported from src: the test states what must go on the wire.
const GRAFANA_SEARCH = '/api/search?type=dash-db&limit=5000';
const DEFAULT_PORTS = new Set([5601, 9200, 3000, 8080, 2375, 2376, 8500, 5984]);

/** The rules this file is about; other rules' findings on the same endpoints are not asserted here. */
const RULES_HERE = new Set([
  'kibana-login-exposed',
  'opensearch-unauthenticated',
  'opensearch-dashboards-unauthenticated',
  'opensearch-dashboards-login-exposed',
  'grafana-anonymous-access',
  'grafana-login-exposed',
  'grafana-default-credentials',
  'jenkins-unauthenticated',
  'jenkins-login-exposed',
  'docker-api-unauthenticated',
  'consul-unauthenticated',
  'couchdb-admin-party',
  // Their neighbours, which must stay quiet on these products:
  'kibana-unauthenticated',
  'elasticsearch-unauthenticated',
]);

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

const running: (ConsoleEmulator | ElasticEmulator)[] = [];
async function emulate(profile: ConsoleProfile): Promise<ConsoleEmulator> {
  const emulator = await startConsoleEmulator(profile);
  running.push(emulator);
  expect(DEFAULT_PORTS.has(emulator.port), 'an ephemeral port, not a product default').toBe(false);
  return emulator;
}
async function emulateElastic(profile: ElasticProfile): Promise<ElasticEmulator> {
  const emulator = await startElasticEmulator(profile);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const hostPort = (emulator: { port: number }) => `127.0.0.1:${emulator.port}`;
const ruleIdsHere = (findings: readonly Finding[]) =>
  findings
    .map((finding) => finding.ruleId)
    .filter((id) => RULES_HERE.has(id))
    .sort();

function the(outcome: ScanOutcome, ruleId: string, port?: number): Finding {
  const matches = outcome.findings.filter(
    (finding) => finding.ruleId === ruleId && (port === undefined || finding.target?.port === port),
  );
  expect(matches, `${ruleId} findings`).toHaveLength(1);
  return matches[0]!;
}

/** Everything the scanner sent was a GET, none with credentials unless `credentialChecks` was on. */
function expectReadOnly(emulator: ConsoleEmulator, credentialRequests: readonly string[] = []) {
  expect(emulator.requests.filter((request) => !request.startsWith('/'))).toEqual([]);
  expect(emulator.requests.filter((request) => request.endsWith('(Authorization)'))).toEqual(credentialRequests);
}

describe('OpenSearch Dashboards', () => {
  it('reports Dashboards 2.13 without the Security plugin as open, and not as Kibana', async () => {
    const osd = await emulate('osd-2-open');
    const outcome = await scan([hostPort(osd)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['opensearch-dashboards-unauthenticated']);
    expect(the(outcome, 'opensearch-dashboards-unauthenticated')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'opensearch-dashboards',
      version: '2.13.0',
      target: { host: '127.0.0.1', port: osd.port, protocol: 'http' },
      evidence: { path: '/api/status', overallStatus: 'green' },
    });
    // Kibana's fingerprint reads the same /app/home redirect and status shape: it must step aside.
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'opensearch-dashboards', version: '2.13.0', access: 'open' }),
    ]);
    expect(osd.requests).toEqual(['/', '/api/status']);
  });

  it('reports only the public login page of Dashboards with the Security plugin', async () => {
    const osd = await emulate('osd-2-secured');
    const outcome = await scan([hostPort(osd)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['opensearch-dashboards-login-exposed']);
    expect(the(outcome, 'opensearch-dashboards-login-exposed')).toMatchObject({
      severity: 'medium',
      product: 'opensearch-dashboards',
      evidence: { statusReadable: false },
    });
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'opensearch-dashboards', access: 'auth-required' }),
    ]);
    // The login redirect is never followed.
    expect(osd.requests).toEqual(['/', '/api/status']);
  });

  it('does not take a readable /api/status for open access when pages redirect to the login', async () => {
    const osd = await emulate('osd-status-bypass');
    const outcome = await scan([hostPort(osd)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['opensearch-dashboards-login-exposed']);
    expect(the(outcome, 'opensearch-dashboards-login-exposed')).toMatchObject({
      version: '2.13.0',
      evidence: { statusReadable: true },
    });
  });
});

describe('Kibana and OpenSearch', () => {
  it('reports the public login page of a Kibana with security on', async () => {
    const kibana = await emulateElastic('kibana-8-secured');
    const outcome = await scan([hostPort(kibana)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['kibana-login-exposed']);
    expect(the(outcome, 'kibana-login-exposed')).toMatchObject({
      severity: 'medium',
      confidence: 'confirmed',
      product: 'kibana',
      target: { port: kibana.port },
      evidence: { path: '/api/status' },
    });
  });

  it('reports an open OpenSearch 2.13 with the indices, documents and bytes it lists', async () => {
    const cluster = await emulateElastic('opensearch-2-open');
    const outcome = await scan([hostPort(cluster)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['opensearch-unauthenticated']);
    expect(the(outcome, 'opensearch-unauthenticated')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'opensearch',
      version: '2.13.0',
      evidence: {
        clusterName: 'opensearch',
        indices: OPENSEARCH_INDICES.length,
        documents: OPENSEARCH_INDICES.reduce((sum, row) => sum + row.docs, 0),
        largestIndices: ['security-auditlog-2024.03.26', 'movies-0001'],
      },
    });
  });

  it('reports nothing for an OpenSearch with the Security plugin', async () => {
    const cluster = await emulate('opensearch-secured');
    const outcome = await scan([hostPort(cluster)]);

    expect(ruleIdsHere(outcome.findings)).toEqual([]);
    // A refusal at the root is the whole answer: the index listing is never asked for.
    expect(cluster.requests).not.toContain('/_cat/indices?bytes=b&h=index,docs.count,store.size');
  });
});

describe('Grafana', () => {
  it('reports anonymous access with the dashboards the anonymous role sees', async () => {
    const grafana = await emulate('grafana-anonymous');
    const outcome = await scan([hostPort(grafana)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['grafana-anonymous-access']);
    expect(the(outcome, 'grafana-anonymous-access')).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'grafana',
      version: '10.4.2',
      target: { port: grafana.port },
      evidence: { path: '/api/search', dashboards: 2, dashboardsAtLeast: false },
    });
    expect(grafana.requests).toEqual(['/', '/api/health', GRAFANA_SEARCH]);
    expectReadOnly(grafana);
  });

  it('reports only the public login page when anonymous access is off', async () => {
    const grafana = await emulate('grafana-secured');
    const outcome = await scan([hostPort(grafana)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['grafana-login-exposed']);
    expect(the(outcome, 'grafana-login-exposed')).toMatchObject({
      severity: 'medium',
      product: 'grafana',
      version: '10.4.2',
    });
    expect(grafana.requests).toEqual(expect.arrayContaining(['/', '/api/health', GRAFANA_SEARCH]));
    expectReadOnly(grafana);
  });

  it('tries admin/admin only with --credential-checks, once, and reports it accepted', async () => {
    const without = await emulate('grafana-default-admin');
    expect(ruleIdsHere((await scan([hostPort(without)])).findings)).toEqual(['grafana-login-exposed']);
    expectReadOnly(without);

    const grafana = await emulate('grafana-default-admin');
    const outcome = await scan([hostPort(grafana)], { credentialChecks: true });
    expect(ruleIdsHere(outcome.findings)).toEqual(['grafana-default-credentials', 'grafana-login-exposed']);
    expect(the(outcome, 'grafana-default-credentials')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      version: '10.4.2',
      evidence: { path: '/api/user', user: 'admin' },
    });
    expectReadOnly(grafana, ['/api/user (Authorization)']);
  });

  it('reports no default credentials where admin/admin is refused', async () => {
    const grafana = await emulate('grafana-secured');
    const outcome = await scan([hostPort(grafana)], { credentialChecks: true });

    expect(ruleIdsHere(outcome.findings)).toEqual(['grafana-login-exposed']);
    expectReadOnly(grafana, ['/api/user (Authorization)']);
  });
});

describe('Jenkins', () => {
  it('reports a Jenkins whose /api/json anonymous users can read, with its job count', async () => {
    const jenkins = await emulate('jenkins-1-open');
    const outcome = await scan([hostPort(jenkins)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['jenkins-unauthenticated']);
    expect(the(outcome, 'jenkins-unauthenticated')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'jenkins',
      version: '1.480.3',
      target: { port: jenkins.port },
      evidence: { path: '/api/json', jobs: 1, useSecurity: false },
    });
    expect(jenkins.requests).toEqual(['/', '/api/json']);
  });

  it('reports only the public login page of a Jenkins with security on', async () => {
    const jenkins = await emulate('jenkins-2-secured');
    const outcome = await scan([hostPort(jenkins)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['jenkins-login-exposed']);
    expect(the(outcome, 'jenkins-login-exposed')).toMatchObject({
      severity: 'medium',
      product: 'jenkins',
      version: '2.440.3',
    });
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'jenkins', version: '2.440.3', access: 'auth-required' }),
    ]);
    expect(jenkins.requests).toEqual(['/', '/api/json']);
  });
});

describe('Docker Engine API', () => {
  it('reports a daemon answering /version and /info on a port other than 2375, with counts only', async () => {
    const docker = await emulate('docker-17-open');
    const outcome = await scan([hostPort(docker)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['docker-api-unauthenticated']);
    const finding = the(outcome, 'docker-api-unauthenticated');
    expect(finding).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'docker',
      version: '17.09.0-ce',
      target: { port: docker.port },
      evidence: {
        path: '/version',
        apiVersion: '1.32',
        kernelVersion: '4.3.0-1-amd64',
        containers: 108,
        containersRunning: 98,
        images: 199,
      },
    });
    // Metadata only: not the host name or anything else /info says about the machine.
    expect(JSON.stringify(finding.evidence)).not.toMatch(/absol|devicemapper|loop|index\.docker\.io/);
    // No port hint: the bare JSON 404 at / earned one pilot /_ping, whose daemon headers earned the rest.
    expect(docker.requests).toEqual(['/', '/_ping', '/version', '/info']);
  });

  it('reports nothing when an authorization plugin refuses the API', async () => {
    const docker = await emulate('docker-authz');
    const outcome = await scan([hostPort(docker)]);

    expect(ruleIdsHere(outcome.findings)).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'docker', access: 'auth-required' })]);
  });
});

describe('Consul', () => {
  it('reports an agent that answers /v1/agent/self without a token, and keeps none of its configuration', async () => {
    const consul = await emulate('consul-open');
    const outcome = await scan([hostPort(consul)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['consul-unauthenticated']);
    const finding = the(outcome, 'consul-unauthenticated');
    expect(finding).toMatchObject({
      severity: 'high',
      confidence: 'confirmed',
      product: 'consul',
      version: '1.15.2',
      target: { port: consul.port },
      evidence: { path: '/v1/agent/self', datacenter: 'dc1', server: true, aclDefaultPolicy: 'allow' },
    });
    expect(JSON.stringify(finding.evidence)).not.toMatch(/EncryptKey|hidden|10\.0\.4\.17|6b5f9c3e/);
    expect(consul.requests).toEqual(['/', '/v1/agent/self']);
  });

  it('reports nothing when ACLs refuse the anonymous token', async () => {
    const consul = await emulate('consul-acl-deny');
    const outcome = await scan([hostPort(consul)]);

    expect(ruleIdsHere(outcome.findings)).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'consul', access: 'auth-required' })]);
  });
});

describe('CouchDB', () => {
  it('reports admin party with the database count', async () => {
    const couchdb = await emulate('couchdb-2-admin-party');
    const outcome = await scan([hostPort(couchdb)]);

    expect(ruleIdsHere(outcome.findings)).toEqual(['couchdb-admin-party']);
    expect(the(outcome, 'couchdb-admin-party')).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'couchdb',
      version: '2.2.0-302bd8b',
      target: { port: couchdb.port },
      evidence: { path: '/_session', databases: 5 },
    });
    expect(couchdb.requests).toEqual(['/', '/_session', '/_all_dbs']);
  });

  it('reports nothing for CouchDB 3.4 with an admin', async () => {
    const couchdb = await emulate('couchdb-3-secured');
    const outcome = await scan([hostPort(couchdb)]);

    expect(ruleIdsHere(outcome.findings)).toEqual([]);
    expect(outcome.services).toEqual([
      expect.objectContaining({ product: 'couchdb', version: '3.4.2', access: 'auth-required' }),
    ]);
  });
});

describe('what the scanner takes for a product', () => {
  it('does not take a page that names every product for any of them, and asks it nothing more', async () => {
    const page = await emulate('not-a-console');
    const outcome = await scan([hostPort(page)]);

    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([{ host: '127.0.0.1', port: page.port, protocol: 'http', tls: false }]);
    expect(page.requests).toEqual(['/']);
  });

  it('keeps each endpoint’s evidence to itself when every profile is scanned side by side', async () => {
    const emulators = await Promise.all(
      CONSOLE_PROFILES.map(async (profile) => ({ profile, emulator: await emulate(profile) })),
    );
    const outcome = await scan(emulators.map(({ emulator }) => hostPort(emulator)));

    expect(outcome.stats).toMatchObject({ endpoints: CONSOLE_PROFILES.length, identified: CONSOLE_PROFILES.length });
    const reported = Object.fromEntries(
      emulators.map(({ profile, emulator }) => [
        profile,
        ruleIdsHere(outcome.findings.filter((finding) => finding.target?.port === emulator.port)),
      ]),
    );
    expect(reported).toEqual({
      'osd-2-open': ['opensearch-dashboards-unauthenticated'],
      'osd-2-secured': ['opensearch-dashboards-login-exposed'],
      'osd-status-bypass': ['opensearch-dashboards-login-exposed'],
      'grafana-anonymous': ['grafana-anonymous-access'],
      'grafana-secured': ['grafana-login-exposed'],
      'grafana-default-admin': ['grafana-login-exposed'],
      'jenkins-1-open': ['jenkins-unauthenticated'],
      'jenkins-2-secured': ['jenkins-login-exposed'],
      'docker-17-open': ['docker-api-unauthenticated'],
      'docker-authz': [],
      'consul-open': ['consul-unauthenticated'],
      'consul-acl-deny': [],
      'couchdb-2-admin-party': ['couchdb-admin-party'],
      'couchdb-3-secured': [],
      'opensearch-secured': [],
      'not-a-console': [],
    });
    // No endpoint passes for several products at once, so the honeypot rule stays quiet.
    expect(outcome.findings.filter((finding) => finding.ruleId === 'honeypot-suspected')).toEqual([]);
  });
});
