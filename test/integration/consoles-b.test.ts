// pgAdmin, Mongo Express, Redis Commander, Redis Insight, the Kubernetes Dashboard, API server and
// kubelet, Solr, Jupyter, YARN, elasticsearch-head, Cerebro, InfluxDB and Logstash cannot run here;
// these run against local emulators serving recorded real responses, or answers built from the
// products' source where no recording exists (test/emulators/consoles-b.ts says which).
//
// Each test runs a whole scan, as the CLI does: target parsing, endpoint identification (a raw
// `GET /`, then follow-up GETs), fingerprints, rules, scoring and ranking. The emulators listen on
// kernel-chosen ephemeral ports, never the products' own (8081, 6443, 10250, 8983, 8888, 8088,
// 9000, 8086, 9600, …), so a finding proves the product was recognised by what it said, not by
// where it listened. All traffic stays on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/engine/rule.js';
import { RULES } from '../../rules/index.js';
import { runScan, type ScanSettings } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  CONSOLE_PROFILES,
  KUBE_NAMESPACES,
  MONGO_EXPRESS_DATABASES,
  startConsoleEmulator,
  type ConsoleEmulator,
  type ConsoleProfile,
} from '../emulators/consoles-b.js';

const NOW = new Date('2026-11-25T00:00:00Z');
const SETTINGS: ScanSettings = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };

// The rules this suite is about, by id.
const OURS = [
  'pgadmin-login-exposed',
  'mongo-express-unauthenticated',
  'redis-commander-unauthenticated',
  'redisinsight-unauthenticated',
  'kubernetes-dashboard-exposed',
  'kubernetes-api-anonymous',
  'kubelet-unauthenticated',
  'solr-admin-unauthenticated',
  'jupyter-unauthenticated',
  'jupyter-login-exposed',
  'hadoop-yarn-unauthenticated',
  'elasticsearch-head-exposed',
  'cerebro-exposed',
  'influxdb-unauthenticated',
  'logstash-api-exposed',
] as const;
const LIFECYCLE = new Set(['software-end-of-life', 'software-known-vulnerable']);
const ourRules = (): Rule[] => RULES.filter((rule) => (OURS as readonly string[]).includes(rule.meta.id));

// Written out rather than imported from src: the tests state what must go on the wire.
const SOLR_SYSTEM = '/solr/admin/info/system?wt=json';
const SOLR_CORES = '/solr/admin/cores?action=STATUS&wt=json';
const INFLUX_QUERY = '/query?q=SHOW%20DATABASES';

function scan(targets: readonly string[], rules: readonly Rule[] = RULES): Promise<ScanOutcome> {
  return runScan(
    expandTargets(
      targets.map((target) => parseTarget(target)),
      [],
    ),
    rules,
    SETTINGS,
    { now: () => NOW },
  );
}

const running: ConsoleEmulator[] = [];
async function emulate(profile: ConsoleProfile): Promise<ConsoleEmulator> {
  const emulator = await startConsoleEmulator(profile);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const hostPort = (emulator: ConsoleEmulator) => `127.0.0.1:${emulator.port}`;
const exposures = (findings: readonly Finding[]) => findings.filter((finding) => !LIFECYCLE.has(finding.ruleId));

function the(outcome: ScanOutcome, ruleId: string): Finding {
  const matches = outcome.findings.filter((finding) => finding.ruleId === ruleId);
  expect(matches, `${ruleId} findings`).toHaveLength(1);
  return matches[0]!;
}

/** Scans one emulator with every shipped rule, as the CLI does. */
async function scanProfile(profile: ConsoleProfile): Promise<{ emulator: ConsoleEmulator; outcome: ScanOutcome }> {
  const emulator = await emulate(profile);
  const outcome = await scan([hostPort(emulator)]);
  return { emulator, outcome };
}

interface OpenCase {
  readonly profile: ConsoleProfile;
  readonly ruleId: (typeof OURS)[number];
  readonly severity: string;
  readonly product: string;
  readonly version: string | undefined;
  readonly evidence: Record<string, unknown>;
}

const OPEN: readonly OpenCase[] = [
  {
    profile: 'pgadmin-login',
    ruleId: 'pgadmin-login-exposed',
    severity: 'medium',
    product: 'pgadmin',
    version: '9.17',
    evidence: { path: '/login', serverMode: true },
  },
  {
    profile: 'mongo-express-open',
    ruleId: 'mongo-express-unauthenticated',
    severity: 'critical',
    product: 'mongo-express',
    version: undefined,
    evidence: { databases: 4, databaseNames: [...MONGO_EXPRESS_DATABASES], mongodbVersion: '6.0.12' },
  },
  {
    profile: 'redis-commander-open',
    ruleId: 'redis-commander-unauthenticated',
    severity: 'high',
    product: 'redis-commander',
    version: undefined,
    evidence: { connections: 1, connectionLabels: ['local'] },
  },
  {
    profile: 'redisinsight-open',
    ruleId: 'redisinsight-unauthenticated',
    severity: 'high',
    product: 'redisinsight',
    version: '2.58.0',
    evidence: { buildType: 'DOCKER_ON_PREMISE', savedDatabases: 2 },
  },
  {
    profile: 'k8s-dashboard-skip-login',
    ruleId: 'kubernetes-dashboard-exposed',
    severity: 'high',
    product: 'kubernetes-dashboard',
    version: undefined,
    evidence: { skipLogin: true, loginModes: ['token'] },
  },
  {
    profile: 'kube-api-anonymous-admin',
    ruleId: 'kubernetes-api-anonymous',
    severity: 'critical',
    product: 'kubernetes',
    version: '1.32.3',
    evidence: { namespaces: KUBE_NAMESPACES.length, namespaceNames: [...KUBE_NAMESPACES] },
  },
  {
    profile: 'kubelet-open',
    ruleId: 'kubelet-unauthenticated',
    severity: 'critical',
    product: 'kubelet',
    version: undefined,
    evidence: { pods: 2 },
  },
  {
    profile: 'solr-open',
    ruleId: 'solr-admin-unauthenticated',
    severity: 'high',
    product: 'solr',
    version: '4.10.3',
    evidence: { cores: 2, coreNames: ['main', 'core1'] },
  },
  {
    profile: 'jupyter-notebook-open',
    ruleId: 'jupyter-unauthenticated',
    severity: 'critical',
    product: 'jupyter',
    version: '6.0.3',
    evidence: { kernels: 1 },
  },
  {
    profile: 'jupyter-server-token',
    ruleId: 'jupyter-login-exposed',
    severity: 'medium',
    product: 'jupyter',
    version: undefined,
    evidence: { path: '/login', jupyterServerVersion: '2.14.2' },
  },
  {
    profile: 'yarn-open',
    ruleId: 'hadoop-yarn-unauthenticated',
    severity: 'critical',
    product: 'hadoop-yarn',
    version: '3.0.0-SNAPSHOT',
    evidence: { state: 'STARTED', haState: 'ACTIVE' },
  },
  {
    profile: 'es-head',
    ruleId: 'elasticsearch-head-exposed',
    severity: 'medium',
    product: 'elasticsearch-head',
    version: undefined,
    evidence: { path: '/' },
  },
  {
    profile: 'cerebro-open',
    ruleId: 'cerebro-exposed',
    severity: 'medium',
    product: 'cerebro',
    version: '0.9.4',
    evidence: { loginRequired: false },
  },
  {
    profile: 'influxdb-open',
    ruleId: 'influxdb-unauthenticated',
    severity: 'high',
    product: 'influxdb',
    version: '1.8.10',
    evidence: { provenBy: ['query', 'debug/vars'], databases: 2, databaseNames: ['_internal', 'udp'] },
  },
  {
    profile: 'logstash-open',
    ruleId: 'logstash-api-exposed',
    severity: 'medium',
    product: 'logstash',
    version: '6.4.1',
    evidence: { pipelines: 1, pipelineNames: ['main'] },
  },
];

describe('each product, reachable without credentials, on an ephemeral port', () => {
  it.each(OPEN)('$profile → $ruleId ($severity)', async ({ profile, ruleId, severity, product, version, evidence }) => {
    const { emulator, outcome } = await scanProfile(profile);
    const finding = the(outcome, ruleId);
    // Found by what it said: the emulator is not on any port the rule probes by default.
    expect(RULES.find((rule) => rule.meta.id === ruleId)?.meta.defaultPorts).not.toContain(emulator.port);

    expect(finding).toMatchObject({
      severity,
      confidence: 'confirmed',
      product,
      target: { host: '127.0.0.1', port: emulator.port, protocol: 'http', tls: false, url: emulator.url },
      evidence: { ...evidence, signals: expect.any(Array) },
    });
    expect(finding.version).toBe(version);
    expect((finding.evidence.signals as readonly string[]).length, 'two independent signals').toBeGreaterThanOrEqual(2);
    // One exposure per endpoint: no other product rule claims it.
    expect(exposures(outcome.findings).map((f) => f.ruleId)).toEqual([ruleId]);
    expect(outcome.services).toEqual([expect.objectContaining({ port: emulator.port, product })]);
  });

  it('scores the Solr finding with the documents its cores hold', async () => {
    const { outcome } = await scanProfile('solr-open');
    // 176M documents and 232 GB across the two recorded cores.
    expect(the(outcome, 'solr-admin-unauthenticated').why).toMatch(
      /176\.5M records exposed; \+0\.5 over 1 GiB of data/,
    );
  });

  it('reports the version-based findings that come with old versions', async () => {
    const kube = await scanProfile('kube-api-anonymous-admin');
    // 1.32 ended 2026-02-28; the scan's clock says 2026-11-25.
    expect(the(kube.outcome, 'software-end-of-life')).toMatchObject({
      product: 'kubernetes',
      version: '1.32.3',
      evidence: { cycle: '1.32' },
    });
    const jupyter = await scanProfile('jupyter-notebook-open');
    expect(jupyter.outcome.findings.map((finding) => finding.evidence.cve).filter(Boolean)).toContain('CVE-2022-29238');
  });

  it('never records pod specs, kernel ids, tokens or connection passwords in a finding', async () => {
    const profiles: ConsoleProfile[] = [
      'kubelet-open',
      'jupyter-notebook-open',
      'redisinsight-open',
      'redis-commander-open',
      'pgadmin-login',
    ];
    for (const profile of profiles) {
      const { outcome } = await scanProfile(profile);
      const text = JSON.stringify(outcome.findings);
      expect(text, profile).not.toMatch(/foopod|superkey|6a0c2f1e|csrfToken|placeholder|pga4_session=|redis-cache/);
    }
  });
});

describe('the same products configured safely', () => {
  it('lists the Kubernetes Dashboard login screen (token only) and reports it, without skip-login', async () => {
    const { outcome } = await scanProfile('k8s-dashboard-login');
    expect(the(outcome, 'kubernetes-dashboard-exposed')).toMatchObject({
      severity: 'high',
      evidence: { skipLogin: false },
    });
  });

  it('reports Cerebro’s public login page, not an open console', async () => {
    const { outcome } = await scanProfile('cerebro-login');
    expect(the(outcome, 'cerebro-exposed')).toMatchObject({
      version: '0.9.4',
      evidence: { loginRequired: true, path: '/login' },
    });
    expect(exposures(outcome.findings).map((finding) => finding.ruleId)).toEqual(['cerebro-exposed']);
  });

  it('does not report a token-protected Jupyter as open', async () => {
    const { outcome } = await scanProfile('jupyter-server-token');
    expect(outcome.findings.filter((finding) => finding.ruleId === 'jupyter-unauthenticated')).toEqual([]);
    expect(outcome.services).toEqual([expect.objectContaining({ product: 'jupyter', access: 'auth-required' })]);
  });

  it.each([
    ['pgadmin-proxied', undefined],
    ['mongo-express-basic-auth', undefined],
    ['redis-commander-auth', 'redis-commander'],
    ['redisinsight-api-protected', 'redisinsight'],
    ['k8s-dashboard-proxied', undefined],
    ['kube-api-no-anonymous', 'kubernetes'],
    ['kubelet-unauthorized', 'kubelet'],
    ['solr-basic-auth', 'solr'],
    ['yarn-kerberos', undefined],
    ['es-head-proxied', undefined],
    ['influxdb-auth', 'influxdb'],
    ['logstash-auth', 'logstash'],
  ] as const)('reports nothing for %s', async (profile, listedAs) => {
    const { emulator, outcome } = await scanProfile(profile);
    expect(outcome.findings).toEqual([]);
    if (listedAs)
      expect(outcome.services).toEqual([
        expect.objectContaining({ port: emulator.port, product: listedAs, access: 'auth-required' }),
      ]);
    else expect(outcome.services).toEqual([{ host: '127.0.0.1', port: emulator.port, protocol: 'http', tls: false }]);
  });

  it('reports only the version finding for the default API server, where anonymous is authenticated but refused', async () => {
    const { emulator, outcome } = await scanProfile('kube-api-default');
    // `/version` is public by default: an old release is still worth a lifecycle finding; the
    // 403 naming system:anonymous is not an exposure.
    expect(exposures(outcome.findings)).toEqual([]);
    expect(outcome.findings.map((finding) => finding.ruleId)).toEqual(['software-end-of-life']);
    expect(outcome.services).toEqual([
      expect.objectContaining({
        port: emulator.port,
        product: 'kubernetes',
        version: '1.32.3',
        access: 'auth-required',
      }),
    ]);
  });
});

describe('what the scanner asks', () => {
  // Beyond `/`, what each profile should be asked by this suite's fingerprints, given its root:
  // a product's own redirect, page, headers or document, never a mere mention.
  const EXPECTED: Readonly<Record<ConsoleProfile, readonly string[]>> = {
    'pgadmin-login': ['/login', '/browser/'],
    'pgadmin-proxied': [],
    'mongo-express-open': [],
    'mongo-express-basic-auth': [],
    'redis-commander-open': ['/connections'],
    'redis-commander-auth': ['/connections'],
    'redisinsight-open': ['/api/info', '/api/databases'],
    'redisinsight-api-protected': ['/api/info', '/api/databases'],
    'k8s-dashboard-skip-login': ['/api/v1/login/modes', '/api/v1/login/skippable'],
    'k8s-dashboard-login': ['/api/v1/login/modes', '/api/v1/login/skippable'],
    'k8s-dashboard-proxied': [],
    'kube-api-anonymous-admin': ['/version', '/api/v1/namespaces'],
    'kube-api-default': ['/version', '/api/v1/namespaces'],
    'kube-api-no-anonymous': ['/version', '/api/v1/namespaces'],
    'kubelet-open': ['/pods'],
    'kubelet-unauthorized': ['/pods'],
    'solr-open': [SOLR_SYSTEM, SOLR_CORES],
    'solr-basic-auth': [SOLR_SYSTEM, SOLR_CORES],
    'jupyter-notebook-open': ['/api', '/api/kernels', '/login'],
    'jupyter-server-token': ['/api', '/api/kernels', '/login'],
    'yarn-open': ['/ws/v1/cluster/info'],
    'yarn-kerberos': [],
    'es-head': [],
    'es-head-proxied': [],
    'cerebro-open': [],
    'cerebro-login': ['/login'],
    // InfluxDB's `/` is Go's bare 404, the kubelet's shape: one /pods request is the price.
    'influxdb-open': [INFLUX_QUERY, '/debug/vars', '/pods'],
    'influxdb-auth': [INFLUX_QUERY, '/debug/vars', '/pods'],
    'logstash-open': ['/_node'],
    'logstash-auth': ['/_node'],
    'product-blog': [],
  };

  it('asks each endpoint, in one concurrent scan, only the paths its root makes relevant, each once', async () => {
    const emulators = await Promise.all(
      CONSOLE_PROFILES.map(async (profile) => ({ profile, emulator: await emulate(profile) })),
    );
    const outcome = await scan(
      emulators.map(({ emulator }) => hostPort(emulator)),
      ourRules(),
    );

    expect(outcome.stats).toMatchObject({ endpoints: CONSOLE_PROFILES.length, identified: CONSOLE_PROFILES.length });
    for (const { profile, emulator } of emulators) {
      expect([...emulator.requests].sort(), profile).toEqual(['/', ...EXPECTED[profile]].sort());
    }
    // Evidence did not cross between endpoints scanned side by side.
    for (const { profile, emulator } of emulators) {
      const reported = outcome.findings
        .filter((finding) => finding.target?.port === emulator.port)
        .map((finding) => finding.ruleId);
      const expected = OPEN.filter((open) => open.profile === profile).map((open) => open.ruleId);
      if (profile === 'k8s-dashboard-login') expected.push('kubernetes-dashboard-exposed');
      if (profile === 'cerebro-login') expected.push('cerebro-exposed');
      expect(reported.sort(), profile).toEqual(expected.sort());
    }
  });

  it('does not take a page that names every product for any of them, and asks it nothing more', async () => {
    const { emulator, outcome } = await scanProfile('product-blog');
    expect(outcome.findings).toEqual([]);
    expect(outcome.services).toEqual([{ host: '127.0.0.1', port: emulator.port, protocol: 'http', tls: false }]);
    expect(emulator.requests).toEqual(['/']);
  });

  it('sends nothing but GET', async () => {
    const emulators = await Promise.all(
      (['kube-api-anonymous-admin', 'jupyter-notebook-open', 'yarn-open', 'influxdb-open'] as const).map((profile) =>
        emulate(profile),
      ),
    );
    await scan(emulators.map(hostPort));
    for (const emulator of emulators) expect(emulator.requests.every((request) => request.startsWith('/'))).toBe(true);
  });
});
