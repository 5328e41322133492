// `exposcan scan --config` with an Alibaba Cloud and an AWS account, end to end through the CLI.
// Nothing reaches a real cloud: both accounts point at local emulators that verify every request
// signature as the services do (test/emulators/alibaba.ts, aws.ts), credentials come from the
// environment as they would for a user, and every address the emulated resources expose is
// rewritten to loopback, so the endpoints they imply are probed on this machine only. The
// account's Kibana public domain is a local emulator serving a recorded open Kibana 7.0.
import { expectCloudFixesNameIds } from '../helpers/fix-coverage.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { emulatedAccount } from '../emulators/alibaba-account.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws.js';
import { startElasticEmulator } from '../emulators/elastic.js';
import { PRODUCTION, PRODUCTION_KEY } from '../fixtures/cloud/aws/accounts.js';
import { emulatedCloudEnv, toLoopback } from '../helpers/cloud-env.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));
const ALIBABA_KEY = { id: 'LTAI5tCliEmulatorKey01', secret: 'cli-emulator-secret-01' };

describe('exposcan scan with cloud accounts', () => {
  let alibaba: AlibabaEmulator;
  let aws: AwsEmulator;
  let kibana: Awaited<ReturnType<typeof startElasticEmulator>>;
  let report: Report;
  let exitCode: number | null;

  beforeAll(async () => {
    kibana = await startElasticEmulator('kibana-7-open');
    const account = toLoopback(emulatedAccount());
    // The 2022 case: this cluster's Kibana public domain answers here, without credentials.
    for (const instance of account.elasticsearch['cn-shanghai'] ?? []) {
      if (instance.instanceId === 'es-cn-2022open')
        Object.assign(instance, { kibanaDomain: '127.0.0.1', kibanaPort: kibana.port });
    }
    alibaba = await startAlibabaEmulator({ account, keys: { [ALIBABA_KEY.id]: ALIBABA_KEY.secret } });
    alibaba.deny({ product: 'rds', action: 'DescribeDBInstanceNetInfo', when: { DBInstanceId: 'rm-uf6private' } });
    aws = await startAwsEmulator({
      accounts: [toLoopback(PRODUCTION)],
      deny: [{ action: 's3:GetBucketAcl', resource: 'acl-unreadable' }],
    });

    const work = mkdtempSync(join(tmpdir(), 'exposcan-cloud-'));
    const config = join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        cloud: {
          alibaba: [{ name: 'lab-alibaba', regions: ['cn-shanghai', 'cn-hangzhou'], endpoints: alibaba.endpoints }],
          aws: [{ name: 'lab-aws', regions: ['eu-west-1', 'us-east-1'], endpoints: aws.endpoints }],
        },
        timeout: '2s',
        failOn: 'high',
        out: join(work, 'reports'),
      }),
    );
    // Asynchronously: the emulators answer from this process, which a synchronous spawn would block.
    const child = spawn(process.execPath, [bin, 'scan', '--config', config], {
      env: emulatedCloudEnv(work, { alibaba: ALIBABA_KEY, aws: PRODUCTION_KEY }),
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (exitCode === 2) throw new Error(stderr);
    report = JSON.parse(readFileSync(join(work, 'reports', 'report.json'), 'utf8')) as Report;
  }, 150_000);

  afterAll(async () => {
    await Promise.all([alibaba?.close(), aws?.close(), kibana?.close()]);
  });

  const ofRule = (ruleId: string) => report.findings.filter((finding) => finding.ruleId === ruleId);

  it('every cloud finding carries the exact fix naming its resource\u2019s real id (issue 19 item 4)', () => {
    const rules = expectCloudFixesNameIds(report.findings);
    expect(rules.length).toBeGreaterThanOrEqual(8);
    // The 2022 case: TriggerNetwork closes that very cluster's Kibana public network.
    const kibanaFix = ofRule('alibaba-kibana-public').find((finding) => finding.resource?.id === 'es-cn-2022open')?.fix;
    expect(kibanaFix?.commands[0]?.argv).toEqual([
      'aliyun',
      'elasticsearch',
      'POST',
      '/openapi/instances/es-cn-2022open/actions/network-trigger',
      '--body',
      '{"nodeType":"KIBANA","networkType":"PUBLIC","actionType":"CLOSE"}',
      '--region',
      'cn-shanghai',
    ]);
  });

  it('writes a valid report and fails the gate', () => {
    expect(reportProblem(report)).toBeUndefined();
    expect(exitCode).toBe(1);
  });

  it('times the whole run: durationMs spans the cloud reads and the probes, and the phases are listed (issue 17 item 4)', () => {
    const { durationMs, phases, startedAt, finishedAt } = report.scan;
    expect(phases).toEqual({ cloudMs: expect.any(Number), probesMs: expect.any(Number) });
    // Started before the accounts were read: both phases fit in the duration (ms rounding aside).
    expect(phases!.cloudMs! + phases!.probesMs).toBeLessThanOrEqual(durationMs + 1);
    expect(Date.parse(finishedAt) - Date.parse(startedAt)).toBe(durationMs);
  });

  it.each([
    'alibaba-elasticsearch-public',
    'alibaba-kibana-public',
    'alibaba-security-group-open-service-port',
    'alibaba-rds-whitelist-open',
    'alibaba-redis-whitelist-open',
    'alibaba-mongodb-whitelist-open',
    'alibaba-oss-bucket-public',
    'aws-s3-bucket-public',
    'aws-security-group-open-service-port',
    'aws-opensearch-domain-public',
    'aws-rds-publicly-accessible',
  ])('reports %s where the emulated account has it', (ruleId) => {
    expect(ofRule(ruleId).length).toBeGreaterThan(0);
    for (const finding of ofRule(ruleId))
      expect(finding.resource?.provider).toBe(ruleId.startsWith('aws') ? 'aws' : 'alibaba');
  });

  it('reports no exposure for the closed resources (their versions may still be past end of life)', () => {
    const ids = report.findings
      .filter((finding) => !finding.ruleId.startsWith('software-'))
      .map((finding) => finding.resource?.id);
    expect(ids).not.toContain('rm-uf6private'); // whitelist 10.0.0.0/8 (and a read denied: left out, named in coverage)
    expect(ids).not.toContain('es-bp-closed'); // nothing public
    expect(ids).not.toContain('acme-private-logs'); // private bucket
  });

  it('the Kibana made public through the cloud and open on the wire is one confirmed, critical finding', () => {
    const [finding] = ofRule('alibaba-kibana-public').filter(
      (candidate) => candidate.resource?.id === 'es-cn-2022open',
    );
    expect(finding).toMatchObject({
      confidence: 'confirmed',
      severity: 'critical',
      target: { host: '127.0.0.1', port: kibana.port },
    });
    expect(finding!.evidence.confirmedBy).toEqual([`kibana-unauthenticated at 127.0.0.1:${kibana.port}`]);
    expect(finding!.why).toContain('confirmed by a live probe');
    // Folded into the cloud finding, not reported twice.
    expect(report.findings.filter((candidate) => candidate.ruleId === 'kibana-unauthenticated')).toEqual([]);
    // Above the same rule's unconfirmed findings.
    const others = ofRule('alibaba-elasticsearch-public');
    expect(finding!.score).toBeGreaterThan(Math.max(...others.map((other) => other.score)));
  });

  it('does not judge the managed engines\u2019 versions by upstream dates (Alibaba Elasticsearch 6.3.2 is Alibaba\u2019s build)', () => {
    expect(
      report.findings.filter(
        (finding) => finding.ruleId === 'software-end-of-life' && finding.resource?.id === 'es-cn-2022open',
      ),
    ).toEqual([]);
  });

  it('names the denied calls in the coverage section instead of passing them', () => {
    expect(report.coverage).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ provider: 'alibaba', call: 'rds:DescribeDBInstanceNetInfo', reason: 'denied' }),
        expect.objectContaining({ provider: 'aws', call: 's3:GetBucketAcl', reason: 'denied' }),
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(ALIBABA_KEY.secret);
    expect(JSON.stringify(report)).not.toContain(PRODUCTION_KEY.secretAccessKey);
  });
});
