// `exposcan scan --config` over a whole AWS Organization (24 members) and a whole Alibaba Cloud
// Resource Directory (14 members), end to end through the CLI, with every report format and the
// scan history. Nothing reaches a real cloud: the config points both at local emulators that
// verify every signature, including those made with the temporary credentials AssumeRole issues
// (session token included); the management keys come from the environment as they would for a
// user; every address the members' resources expose is rewritten to loopback. The Shanghai
// member's Kibana public domain is a local emulator serving a recorded open Kibana 7.0.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageGap } from '../../src/cloud/inventory.js';
import { isTargetGap, type Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws.js';
import { startElasticEmulator } from '../emulators/elastic.js';
import {
  AUDIT_ROLE,
  directoryManagement,
  directoryMembers,
  DIRECTORY_KEY,
  NO_ROLE_MEMBER,
  OTHER_TRUST_MEMBER,
  SHANGHAI_MEMBER,
  TEAM_MEMBERS,
} from '../fixtures/cloud/alibaba/directory.js';
import {
  EXTERNAL_ID,
  NO_ROLE_ACCOUNT,
  ORG_MANAGEMENT_ID,
  ORG_MANAGEMENT_KEY,
  ORG_ROLE,
  organizationAccounts,
  TEAM_ACCOUNTS,
  WRONG_EXTERNAL_ID_ACCOUNT,
} from '../fixtures/cloud/aws/organization.js';
import { emulatedCloudEnv, toLoopback } from '../helpers/cloud-env.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

describe('exposcan scan over an AWS Organization and an Alibaba Cloud Resource Directory', () => {
  let alibaba: AlibabaEmulator;
  let aws: AwsEmulator;
  let kibana: Awaited<ReturnType<typeof startElasticEmulator>>;
  let report: Report;
  let exitCode: number | null;
  let stdout = '';
  let stderr = '';
  let outputs: string[] = [];
  let markdown = '';
  let html = '';

  beforeAll(async () => {
    kibana = await startElasticEmulator('kibana-7-open');
    const members = toLoopback(directoryMembers());
    // The 2022 case: the Shanghai member's Kibana public domain answers here, without credentials.
    for (const instance of members.find((member) => member.account.accountId === SHANGHAI_MEMBER)!.account
      .elasticsearch['cn-shanghai'] ?? []) {
      if (instance.instanceId === 'es-cn-2022open')
        Object.assign(instance, { kibanaDomain: '127.0.0.1', kibanaPort: kibana.port });
    }
    alibaba = await startAlibabaEmulator({
      account: directoryManagement(),
      keys: { [DIRECTORY_KEY.id]: DIRECTORY_KEY.secret },
      members,
      listAccountsPageSize: 5,
    });
    aws = await startAwsEmulator({
      accounts: toLoopback(organizationAccounts()),
      organization: { managementAccountId: ORG_MANAGEMENT_ID },
    });

    const work = mkdtempSync(join(tmpdir(), 'exposcan-org-'));
    const out = join(work, 'reports');
    const config = join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        cloud: {
          alibaba: [
            {
              name: 'directory',
              regions: ['cn-shanghai'],
              endpoints: alibaba.endpoints,
              resourceDirectory: { roleName: AUDIT_ROLE },
            },
          ],
          aws: [
            {
              name: 'organization',
              regions: ['eu-west-1'],
              endpoints: aws.endpoints,
              organization: { roleName: ORG_ROLE, externalId: EXTERNAL_ID },
            },
          ],
        },
        timeout: '2s',
        strict: true,
        format: ['md', 'html', 'sarif', 'junit', 'csv'],
        history: join(work, 'history.sqlite'),
        out,
      }),
    );
    const child = spawn(process.execPath, [bin, 'scan', '--config', config], {
      env: emulatedCloudEnv(work, { alibaba: DIRECTORY_KEY, aws: ORG_MANAGEMENT_KEY }),
    });
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    markdown = readFileSync(join(out, 'report.md'), 'utf8');
    html = readFileSync(join(out, 'report.html'), 'utf8');
    outputs = [
      ...readdirSync(out).map((file) => readFileSync(join(out, file), 'latin1')),
      readFileSync(join(work, 'history.sqlite'), 'latin1'),
      stdout,
      stderr,
    ];
  }, 240_000);

  afterAll(async () => {
    await Promise.all([alibaba?.close(), aws?.close(), kibana?.close()]);
  });

  it('writes a valid report, and --strict fails the run on the members that could not be read', () => {
    expect(reportProblem(report)).toBeUndefined();
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/cloud read\(s\) could not be made/);
  });

  it('reports every AWS member\u2019s public database, naming the member', () => {
    const findings = report.findings.filter((finding) => finding.ruleId === 'aws-rds-publicly-accessible');
    for (const [index, id] of TEAM_ACCOUNTS.entries()) {
      const n = index + 1;
      expect(
        findings.filter((finding) => finding.resource?.account === id).map((finding) => finding.resource?.id),
      ).toEqual([`orders-${n}`]);
      expect(findings.find((finding) => finding.resource?.account === id)?.resource?.accountName).toBe(
        `team-${String(n).padStart(2, '0')}`,
      );
      // PubliclyAccessible and its security group open to everyone on 5432: one finding, high, with both.
      expect(findings.find((finding) => finding.resource?.account === id)).toMatchObject({
        severity: 'high',
        evidence: { reachableFromInternet: true, securityGroup: `sg-${n}db`, source: '0.0.0.0/0' },
      });
    }
    // The private database of every member is no finding (near miss).
    expect(
      report.findings.some(
        (finding) => finding.resource?.id?.startsWith('ledger-') && !finding.ruleId.startsWith('software-'),
      ),
    ).toBe(false);
  });

  it('reports every Alibaba member\u2019s open whitelist, and the Shanghai Kibana as one confirmed critical finding in its member', () => {
    const whitelist = report.findings.filter((finding) => finding.ruleId === 'alibaba-rds-whitelist-open');
    for (const [index, id] of TEAM_MEMBERS.entries()) {
      expect(
        whitelist.filter((finding) => finding.resource?.account === id).map((finding) => finding.resource?.id),
      ).toEqual([`pgm-${index + 2}open`]);
    }
    expect(
      report.findings.some(
        (finding) =>
          finding.resource?.id?.startsWith('rm-') &&
          finding.ruleId.endsWith('whitelist-open') &&
          finding.resource.account !== SHANGHAI_MEMBER,
      ),
    ).toBe(false);
    const [shanghai] = report.findings.filter(
      (finding) => finding.ruleId === 'alibaba-kibana-public' && finding.resource?.id === 'es-cn-2022open',
    );
    expect(shanghai).toMatchObject({
      confidence: 'confirmed',
      severity: 'critical',
      resource: { account: SHANGHAI_MEMBER, accountName: 'shanghai-police' },
    });
    // The member's managed Elasticsearch 6.3.2 is Alibaba's build: not judged by upstream end-of-life dates.
    expect(
      report.findings.some(
        (finding) => finding.ruleId === 'software-end-of-life' && finding.resource?.id === 'es-cn-2022open',
      ),
    ).toBe(false);
  });

  it('names the four members whose role could not be assumed as coverage gaps', () => {
    const unread = report.coverage
      .filter((gap): gap is CoverageGap => !isTargetGap(gap) && gap.call === 'sts:AssumeRole')
      .map((gap) => `${gap.provider}/${gap.account}/${gap.accountName}`);
    expect(unread.sort()).toEqual([
      `alibaba/${NO_ROLE_MEMBER}/no-role`,
      `alibaba/${OTHER_TRUST_MEMBER}/other-trust`,
      `aws/${NO_ROLE_ACCOUNT}/no-role`,
      `aws/${WRONG_EXTERNAL_ID_ACCOUNT}/wrong-external-id`,
    ]);
  });

  it('groups findings by account in Markdown, HTML and on the console, unread accounts said as such', () => {
    const byAccount = markdown.slice(markdown.indexOf('## By account'), markdown.indexOf('## Not checked'));
    // Markdown escapes the parentheses.
    expect(byAccount).toContain(`| aws | ${TEAM_ACCOUNTS[0]} \\(team-01\\) |`);
    expect(byAccount).toContain(`| alibaba | ${SHANGHAI_MEMBER} \\(shanghai-police\\) |`);
    expect(byAccount).toMatch(new RegExp(`${NO_ROLE_ACCOUNT} \\\\\\(no-role\\\\\\).*not read: role not assumed`));
    // Worst first: the member with the critical Kibana heads the table.
    expect(byAccount.split('\n')[4]).toContain(SHANGHAI_MEMBER);
    expect(html).toContain('<h2>By account</h2>');
    expect(html).toContain(`${OTHER_TRUST_MEMBER} (other-trust)`);
    expect(stdout).toMatch(
      new RegExp(`accounts: \\d+, worst first:\\n  alibaba/${SHANGHAI_MEMBER} \\(shanghai-police\\)`),
    );
  });

  it('lets no credential reach a report, the history or the output', () => {
    const secrets = [
      ...aws.issued.flatMap((credentials) => [
        credentials.accessKeyId,
        credentials.secretAccessKey,
        credentials.sessionToken,
      ]),
      ...alibaba.issued.flatMap((key) => [key.accessKeyId, key.accessKeySecret, key.securityToken]),
      ORG_MANAGEMENT_KEY.secretAccessKey,
      DIRECTORY_KEY.secret,
    ];
    expect(aws.issued.length).toBe(TEAM_ACCOUNTS.length);
    expect(alibaba.issued.length).toBe(TEAM_MEMBERS.length + 1);
    expect(outputs.length).toBeGreaterThan(7);
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret)).toBe(false);
  });
});
