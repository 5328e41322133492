// `npm run bench -- --cloud`: how long exposcan takes to read a whole AWS Organization, issue 17's
// figure (target: 30 member accounts × 3 regions in ≤ 15 s). The Organization is the local AWS
// emulator (test/emulators/aws.ts): every request is SigV4-verified, members are reached through
// STS AssumeRole with an external id, and listings are paginated two items a page, as in the tests.
// Each member holds, in each region, a security group opening 5432 to everyone and a public and a
// private RDS instance; their addresses are loopback ones where nothing listens (127.0.0.9), so
// the probes the findings imply are refused at once and the figure is the cloud reads'.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAwsEmulator } from '../test/emulators/aws.js';
import type { EmulatedAccount } from '../test/emulators/aws-model.js';
import { toLoopback } from '../test/helpers/cloud-env.js';
import { REPO_ROOT } from './exposcan.js';
import { measure } from './measure.js';

const MANAGEMENT = {
  accountId: '100000000000',
  key: { accessKeyId: 'AKIABENCHORGMGMT0001', secretAccessKey: 'bench/organization+management/0000001' },
};
const ROLE = 'OrganizationAccountAccessRole';
const EXTERNAL_ID = 'exposcan-bench';

export interface CloudBenchOptions {
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly log: (line: string) => void;
}

export interface CloudBenchResult {
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly wallMs: number;
  readonly cloudMs: number | undefined;
  readonly probesMs: number | undefined;
  readonly peakRssKb: number;
  readonly apiCalls: number;
  readonly findings: number;
  readonly gaps: number;
  readonly command: string;
}

function member(index: number, regions: readonly string[]): EmulatedAccount {
  const n = String(index).padStart(2, '0');
  return {
    accountId: `3000000000${n}`,
    name: `bench-${n}`,
    userName: 'unused',
    keys: [],
    roles: [{ name: ROLE, trustedAccount: MANAGEMENT.accountId, externalId: EXTERNAL_ID }],
    buckets: [],
    regions: Object.fromEntries(
      regions.map((region) => [
        region,
        {
          securityGroups: [
            {
              GroupId: `sg-${n}db`,
              GroupName: 'db',
              Description: 'db',
              VpcId: 'vpc-bench',
              IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
            },
          ],
          dbInstances: [
            {
              DBInstanceIdentifier: `orders-${n}`,
              Engine: 'postgres',
              EngineVersion: '16.3',
              PubliclyAccessible: true,
              Endpoint: { Address: `orders-${n}.bench.${region}.rds.amazonaws.com`, Port: 5432 },
              VpcSecurityGroups: [`sg-${n}db`],
            },
            {
              DBInstanceIdentifier: `ledger-${n}`,
              Engine: 'mysql',
              EngineVersion: '8.0.36',
              PubliclyAccessible: false,
              Endpoint: { Address: `ledger-${n}.bench.${region}.rds.amazonaws.com`, Port: 3306 },
            },
          ],
        },
      ]),
    ),
  } as EmulatedAccount;
}

export async function runCloudBench(options: CloudBenchOptions): Promise<CloudBenchResult> {
  const accounts: EmulatedAccount[] = [
    {
      accountId: MANAGEMENT.accountId,
      name: 'management',
      userName: 'security-audit',
      keys: [MANAGEMENT.key],
      buckets: [],
      regions: {},
    } as unknown as EmulatedAccount,
    ...Array.from({ length: options.accounts }, (_, index) => member(index + 1, options.regions)),
  ];
  const aws = await startAwsEmulator({
    accounts: toLoopback(accounts),
    organization: { managementAccountId: MANAGEMENT.accountId },
  });
  try {
    const work = mkdtempSync(path.join(os.tmpdir(), 'exposcan-bench-cloud-'));
    const out = path.join(work, 'reports');
    const config = path.join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        cloud: {
          aws: [
            {
              name: 'bench-organization',
              regions: options.regions,
              endpoints: aws.endpoints,
              organization: { roleName: ROLE, externalId: EXTERNAL_ID },
            },
          ],
        },
        timeout: '2s',
        out,
      }),
    );
    const args = ['scan', '--config', config, '--no-history'];
    options.log(
      `reading ${options.accounts} accounts × ${options.regions.length} regions from the emulated Organization`,
    );
    const measured = await measure(path.join(REPO_ROOT, 'bin/exposcan.js'), args, {
      cwd: REPO_ROOT,
      env: {
        AWS_ACCESS_KEY_ID: MANAGEMENT.key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MANAGEMENT.key.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: path.join(work, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'none'),
        HOME: work,
      },
    });
    if (measured.code === 2 || measured.code === null)
      throw new Error(
        `exposcan exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      scan: { phases?: { cloudMs?: number; probesMs: number } };
      findings: unknown[];
      coverage?: unknown[];
    };
    return {
      accounts: options.accounts,
      regions: options.regions,
      wallMs: measured.wallMs,
      cloudMs: report.scan.phases?.cloudMs,
      probesMs: report.scan.phases?.probesMs,
      peakRssKb: measured.peakRssKb,
      apiCalls: aws.requests.length,
      findings: report.findings.length,
      gaps: report.coverage?.length ?? 0,
      command: `bin/exposcan.js ${args.join(' ')}`,
    };
  } finally {
    await aws.close();
  }
}

export function formatCloudBench(result: CloudBenchResult): string {
  const seconds = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  return [
    `| accounts × regions | cloud reads | probes | whole run | API calls | per account and region | findings | coverage gaps | peak RSS |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    `| ${result.accounts} × ${result.regions.length} | ${seconds(result.cloudMs)} | ${seconds(result.probesMs)} | ${seconds(result.wallMs)} | ${result.apiCalls} | ${(result.apiCalls / (result.accounts * result.regions.length)).toFixed(1)} | ${result.findings} | ${result.gaps} | ${Math.round(result.peakRssKb / 1024)} MB |`,
    '',
    `Command (config with the emulator's endpoints): \`${result.command}\``,
  ].join('\n');
}
