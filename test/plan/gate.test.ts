// `exposcan plan` end to end through the built CLI: the checked-in plan fixtures (open, closed,
// Kibana computed by alicloud >= 1.267) gate with --fail-on high, write SARIF that points at the
// .tf file and line (checked by Microsoft's SARIF validator where it runs here), JUnit, honour
// --suppressions and --baseline, and refuse what is not a plan with one line and exit 2. Then the
// same resources the open plan creates are served by the Alibaba Cloud emulator (a local stand-in
// that verifies every request signature, test/emulators/alibaba.ts) and scanned live: the plan and
// the live scan must report the same rule ids. Every address the emulated resources expose is on
// loopback (127.0.0.9, where nothing listens).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { permission } from '../emulators/alibaba-account.js';
import { startAlibabaEmulator, type AlibabaEmulator, type EmulatedAccount } from '../emulators/alibaba.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/terraform/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'exposcan-plan-gate-'));
const OPEN = join(fixtures, 'alibaba-open', 'tfplan.json');
const CLOSED = join(fixtures, 'alibaba-closed', 'tfplan.json');
const COMPUTED = join(fixtures, 'alibaba-kibana-computed.tfplan.json');
const ES = 'module.search.alicloud_elasticsearch_instance.logs';

/** Asynchronous: the live comparison's emulator answers from this process. */
function exposcan(
  args: readonly string[],
  env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work },
): Promise<CliRun> {
  return runCli(args, { env, timeoutMs: 120_000 });
}

function readReport(out: string): Report {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  expect(reportProblem(report)).toBeUndefined();
  return report;
}

const ruleIds = (report: Report) => [...new Set(report.findings.map((finding) => finding.ruleId))].sort();

interface SarifResult {
  ruleId: string;
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
    logicalLocations: { name: string; kind: string }[];
  }[];
}

describe('exposcan plan: the gate', () => {
  let open: { code: number | null; stdout: string; stderr: string };
  let openReport: Report;
  const openOut = join(work, 'open');

  beforeAll(async () => {
    open = await exposcan([
      'plan',
      OPEN,
      '--fail-on',
      'high',
      '--format',
      'sarif',
      '--format',
      'junit',
      '--out',
      openOut,
    ]);
    openReport = readReport(openOut);
  });

  it('an open plan (default Kibana settings, 9200 open to the world) fails the gate with the cloud rules\u2019 ids', () => {
    expect(open.code).toBe(1);
    // The only line on stderr is the gate's own: which findings tripped it.
    expect(open.stderr).toMatch(/^exposcan: exit 1: \d+ findings? at or above high \(ids [^\n]+\)\n$/);
    expect(ruleIds(openReport)).toEqual(['alibaba-kibana-public', 'alibaba-security-group-open-service-port']);
    expect(open.stdout).toContain('alibaba-kibana-public');
    expect(open.stdout).toContain('nothing was probed');
    expect(open.stdout).toMatch(/ findings \([^)]*\) in the plan\.\n/);
    const group = openReport.findings.find((finding) => finding.ruleId === 'alibaba-security-group-open-service-port')!;
    expect(group.evidence).toMatchObject({
      port: 9200,
      source: '0.0.0.0/0',
      ruleId: 'alicloud_security_group_rule.es_9200',
    });
    expect(openReport.findings.find((finding) => finding.ruleId === 'alibaba-kibana-public')).toMatchObject({
      severity: 'high',
      confidence: 'firm',
      resource: { id: ES, account: 'terraform', region: 'cn-shanghai' },
    });
  });

  it('SARIF points each finding at its block (file relative to the repository root, line) and names the address', () => {
    const sarif = JSON.parse(readFileSync(join(openOut, 'report.sarif'), 'utf8')) as {
      runs: { results: SarifResult[] }[];
    };
    const where = sarif.runs[0]!.results.map((result) => {
      const location = result.locations[0]!;
      return `${result.ruleId} ${location.physicalLocation.artifactLocation.uri}:${location.physicalLocation.region.startLine} ${location.logicalLocations[0]!.name}`;
    });
    expect(where.sort()).toEqual([
      `alibaba-kibana-public test/fixtures/terraform/alibaba-open/modules/search/main.tf:10 ${ES}`,
      'alibaba-security-group-open-service-port test/fixtures/terraform/alibaba-open/main.tf:17 alicloud_security_group.es',
    ]);
  });

  const require = createRequire(import.meta.url);
  const multitool = (() => {
    try {
      return join(dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');
    } catch {
      return '';
    }
  })();
  it.skipIf(!existsSync(multitool))('the SARIF passes Microsoft\u2019s validator', () => {
    const out = join(work, 'validated.sarif');
    execFileSync(multitool, ['validate', join(openOut, 'report.sarif'), '-o', out], {
      stdio: 'ignore',
      timeout: 60_000,
    });
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: { results?: { level?: string; message: { text?: string } }[] }[];
    };
    expect(log.runs.flatMap((run) => run.results ?? []).filter((result) => result.level === 'error')).toEqual([]);
  });

  it('JUnit lists the findings as failures', () => {
    const junit = readFileSync(join(openOut, 'report.junit.xml'), 'utf8');
    expect(junit).toContain('alibaba-kibana-public');
    expect(junit).toContain('<failure');
  });

  it('the closed variant passes: exit 0, no findings', async () => {
    const out = join(work, 'closed');
    const closed = await exposcan(['plan', CLOSED, '--fail-on', 'high', '--out', out]);
    expect(closed.code).toBe(0);
    expect(readReport(out).findings).toEqual([]);
  });

  it('Kibana computed by the provider (alicloud >= 1.267): "cannot tell yet" is machine-readable in JSON, SARIF and JUnit, and still fails the gate', async () => {
    const out = join(work, 'computed');
    const computed = await exposcan([
      'plan',
      COMPUTED,
      '--fail-on',
      'high',
      '--format',
      'sarif',
      '--format',
      'junit',
      '--out',
      out,
    ]);
    expect(computed.code).toBe(1);
    const kibana = readReport(out).findings.find((finding) => finding.ruleId === 'alibaba-kibana-public');
    expect(kibana).toMatchObject({ confidence: 'unknown', unknownFields: ['kibana.public'], severity: 'high' });
    expect(kibana!.message).toContain('unknown until apply');
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; properties: Record<string, unknown> }[] }[];
    };
    const result = sarif.runs[0]!.results.find((entry) => entry.ruleId === 'alibaba-kibana-public');
    expect(result?.properties).toMatchObject({ confidence: 'unknown', unknownFields: ['kibana.public'] });
    // JUnit: an error of type "unknown" (as coverage gaps are), not a failure: "cannot tell yet" is not "open".
    const junit = readFileSync(join(out, 'report.junit.xml'), 'utf8');
    const testcase = junit.split('<testcase ').find((block) => block.startsWith('classname="alibaba-kibana-public"'));
    expect(testcase).toMatch(/<error message="Cannot tell yet: [^"]*" type="unknown">/);
    expect(testcase).toContain('undecided fields: kibana.public');
    expect(testcase).not.toContain('<failure');
  });

  it("near miss: the open plan's Kibana is decided (firm, no unknownFields) and a JUnit failure", async () => {
    const out = join(work, 'open-formats');
    await exposcan(['plan', OPEN, '--format', 'junit', '--out', out]);
    const kibana = readReport(out).findings.find((finding) => finding.ruleId === 'alibaba-kibana-public');
    expect(kibana?.confidence).toBe('firm');
    expect(kibana).not.toHaveProperty('unknownFields');
    expect(readFileSync(join(out, 'report.junit.xml'), 'utf8')).not.toContain('type="unknown"');
  });

  it('--suppressions: the accepted Kibana finding (by resource) no longer fails --fail-on high', async () => {
    const file = join(work, 'suppressions.yaml');
    writeFileSync(
      file,
      [
        'suppressions:',
        '  - rule: alibaba-kibana-public',
        `    resource: alibaba/terraform/cn-shanghai elasticsearch:instance ${ES}`,
        '    reason: Kibana behind the corporate proxy until the migration',
        '    expires: 2099-01-31',
        '',
      ].join('\n'),
    );
    const out = join(work, 'suppressed');
    const result = await exposcan(['plan', OPEN, '--fail-on', 'high', '--suppressions', file, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('suppressions: 1 suppressed');
    expect(ruleIds(readReport(out))).toEqual(['alibaba-security-group-open-service-port']);
  });

  it('--baseline: findings the previous report lists do not count; ids are stable across runs and source folders', async () => {
    const out = join(work, 'baseline');
    const result = await exposcan([
      'plan',
      OPEN,
      '--fail-on',
      'high',
      '--baseline',
      join(openOut, 'report.json'),
      '--source',
      work,
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const report = readReport(out);
    expect(report.scan.baseline).toMatchObject({ known: 2, new: 0 });
    expect(report.findings.map((finding) => finding.id).sort()).toEqual(
      openReport.findings.map((finding) => finding.id).sort(),
    );
    // Without the .tf files, the findings still carry the address.
    expect(
      report.findings.every(
        (finding) =>
          finding.resource?.terraform?.file === undefined && finding.resource?.terraform?.address !== undefined,
      ),
    ).toBe(true);
  });

  it('--rules selects among the cloud rules', async () => {
    const out = join(work, 'selected');
    const result = await exposcan([
      'plan',
      OPEN,
      '--rules',
      'alibaba-security-group-open-service-port',
      '--fail-on',
      'high',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(ruleIds(readReport(out))).toEqual(['alibaba-security-group-open-service-port']);
  });

  it.each([
    ['not JSON', 'garbage {', /is not JSON/],
    ['not a plan', '{"resources": []}', /is not a Terraform plan/],
    [
      'an unsupported format_version',
      '{"format_version": "2.0", "planned_values": {}}',
      /only 1.x plans are supported/,
    ],
  ])('%s: one line on stderr, exit 2, no report', async (name, text, message) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const result = await exposcan(['plan', file, '--fail-on', 'high', '--out', join(work, 'bad')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(existsSync(join(work, 'bad', 'report.json'))).toBe(false);
  });
});

describe('the plan and a live scan of the same resources report the same rule ids', () => {
  const KEY = { id: 'LTAI5tPlanCompareKey01', secret: 'plan-compare-secret-01' };
  let alibaba: AlibabaEmulator;
  let live: Report;
  let plan: Report;

  /** What the open plan creates, once applied with the provider's defaults, as the APIs describe it. */
  function appliedAccount(): EmulatedAccount {
    return {
      accountId: '1234567890123456',
      regions: [
        {
          RegionId: 'cn-shanghai',
          LocalName: 'Shanghai',
          RegionEndpoint: 'ecs.cn-shanghai.aliyuncs.com',
          Status: 'available',
        },
      ],
      ecs: {
        'cn-shanghai': {
          securityGroups: [
            {
              SecurityGroupId: 'sg-uf6plan',
              SecurityGroupName: 'es-public',
              Description: '',
              SecurityGroupType: 'normal',
              VpcId: 'vpc-uf6main',
              CreationTime: '2026-11-20T09:05:00Z',
              ResourceGroupId: '',
              ServiceManaged: false,
              Tags: { Tag: [] },
            },
          ],
          permissions: {
            'sg-uf6plan': [
              permission({
                SecurityGroupRuleId: 'sgr-plan9200',
                PortRange: '9200/9200',
                SourceCidrIp: '0.0.0.0/0',
                Policy: 'Accept',
                Priority: '1',
              }),
            ],
          },
          instances: [],
          prefixLists: {},
        },
      },
      rds: {},
      redis: {},
      mongodb: {},
      elasticsearch: {
        'cn-shanghai': [
          {
            instanceId: 'es-cn-plan',
            description: 'police-logs',
            status: 'active',
            esVersion: '6.7_with_X-Pack',
            protocol: 'HTTP',
            domain: '127.0.0.9',
            port: 9200,
            enablePublic: false,
            publicDomain: '127.0.0.9',
            publicPort: 9200,
            publicIpWhitelist: [],
            // The Kibana defaults the plan left to the provider.
            enableKibanaPublicNetwork: true,
            kibanaDomain: '127.0.0.9',
            kibanaPort: 5601,
            kibanaIPWhitelist: ['0.0.0.0/0'],
            enableKibanaPrivateNetwork: false,
            kibanaPrivateIPWhitelist: [],
            esIPWhitelist: ['0.0.0.0/0'],
            haveKibana: true,
            instanceCategory: 'x-pack',
            nodeAmount: 2,
            createdAt: '2026-11-20T09:05:00.000Z',
          },
        ],
      },
      oss: [],
    } as EmulatedAccount;
  }

  beforeAll(async () => {
    alibaba = await startAlibabaEmulator({ account: appliedAccount(), keys: { [KEY.id]: KEY.secret } });
    const config = join(work, 'live.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        cloud: { alibaba: [{ name: 'lab', regions: ['cn-shanghai'], endpoints: alibaba.endpoints }] },
        timeout: '2s',
        out: join(work, 'live'),
      }),
    );
    const scan = await exposcan(['scan', '--config', config, '--history', join(work, 'history.sqlite')], {
      PATH: process.env.PATH,
      HOME: work,
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.secret,
    });
    if (scan.code === 2) throw new Error(scan.stderr);
    live = readReport(join(work, 'live'));
    await exposcan(['plan', OPEN, '--out', join(work, 'compare')]);
    plan = readReport(join(work, 'compare'));
  });

  afterAll(async () => {
    await alibaba?.close();
  });

  it('the live scan read the applied resources through signed requests and found them', () => {
    expect(live.coverage).toEqual([]);
    expect(alibaba.requests.every((request) => request.status === 200)).toBe(true);
    // Kibana public and the group; the managed Elasticsearch's version is not judged by upstream dates.
    expect(live.findings.map((finding) => finding.resource?.id).sort()).toEqual(['es-cn-plan', 'sg-uf6plan']);
  });

  it('same rule ids, same severities, one finding per resource and rule', () => {
    const summary = (report: Report) =>
      report.findings.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.resource?.type}`).sort();
    expect(ruleIds(plan)).toEqual(ruleIds(live));
    expect(summary(plan)).toEqual(summary(live));
  });
});
