// The front door, end to end through the CLI: a Kibana behind an internet-facing application load
// balancer, with kibana.example.com in the account's public Route 53 zone pointing at it (an
// alias). The account is the AWS emulator (test/emulators/aws.ts: signatures verified, the
// services' own wire formats); the load balancer is a TLS-terminating proxy on 127.0.0.1 that
// records the SNI it is asked for and forwards to a local emulator of a recorded open Kibana 7.0,
// as an ALB forwards HTTPS 443 to its target group. Names resolve only through a preloaded
// resolver (test/helpers/static-resolver.mjs): kibana.example.com → 127.0.0.1, every other name
// fails, and every lookup is logged. No DNS traffic, nothing off loopback.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { expectCloudFixesNameIds } from '../helpers/fix-coverage.js';
import { reportProblem } from '../../src/report/validate.js';
import { startAwsEmulator, type AwsEmulator, type EmulatedAccount } from '../emulators/aws.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import {
  EKS_OPEN_HOST,
  frontDoorAccount,
  FRONT_DOORS_KEY,
  KIBANA_LB_DNS,
  MONGO_LB_DNS,
  REDSHIFT_OPEN_HOST,
  MQ_RABBIT_HOST,
  MQ_ACTIVE_HOST,
  MSK_OFFICE_HOSTS,
  MSK_OPEN_HOSTS,
} from '../fixtures/cloud/aws/front-doors.js';
import { requireBinary } from '../helpers/binaries.js';
import { runCli } from '../helpers/cli.js';
import { emulatedCloudEnv } from '../helpers/cloud-env.js';

const RESOLVER = fileURLToPath(new URL('../helpers/static-resolver.mjs', import.meta.url));
const openssl = requireBinary('openssl');

/** The account, with the Kibana load balancer's HTTPS listener (and its security group rule) on the proxy's port. */
function accountListeningOn(port: number): EmulatedAccount {
  const account = frontDoorAccount();
  const region = account.regions['eu-west-1']!;
  return {
    ...account,
    regions: {
      'eu-west-1': {
        ...region,
        securityGroups: region.securityGroups!.map((group) =>
          group.GroupId === 'sg-0lbopen'
            ? {
                ...group,
                IpPermissions: [
                  ...group.IpPermissions,
                  { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
                ],
              }
            : group,
        ),
        loadBalancers: region.loadBalancers!.map((balancer) =>
          balancer.LoadBalancerName === 'kibana-public'
            ? {
                ...balancer,
                Listeners: balancer.Listeners.map((listener) =>
                  listener.Protocol === 'HTTPS' ? { ...listener, Port: port } : listener,
                ),
              }
            : balancer,
        ),
      },
    },
  };
}

describe.skipIf(!openssl)(
  'exposcan scan: a Kibana behind an internet-facing load balancer and a public DNS name',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'exposcan-front-door-'));
    const lookups = join(work, 'lookups.log');
    const sni: (string | false | null)[] = [];
    let kibana: ElasticEmulator;
    let proxy: tls.Server;
    let aws: AwsEmulator;
    let report: Report;
    let code: number | null;

    beforeAll(async () => {
      kibana = await startElasticEmulator('kibana-7-open');
      execFileSync(
        openssl!,
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(work, 'lb.key'),
          '-out',
          join(work, 'lb.pem'),
          '-days',
          '2',
          '-subj',
          '/CN=kibana.example.com',
          '-addext',
          'subjectAltName=DNS:kibana.example.com',
        ],
        { stdio: 'ignore' },
      );
      proxy = tls.createServer(
        { key: readFileSync(join(work, 'lb.key')), cert: readFileSync(join(work, 'lb.pem')) },
        (socket) => {
          sni.push(socket.servername);
          const upstream = net.connect(kibana.port, '127.0.0.1');
          socket.pipe(upstream).pipe(socket);
          const close = () => {
            socket.destroy();
            upstream.destroy();
          };
          socket.on('error', close);
          upstream.on('error', close);
        },
      );
      await new Promise<void>((resolve, reject) => {
        proxy.once('error', reject);
        proxy.listen(0, '127.0.0.1', () => resolve());
      });
      const port = (proxy.address() as net.AddressInfo).port;
      aws = await startAwsEmulator({ accounts: [accountListeningOn(port)] });

      const config = join(work, 'scan.yaml');
      writeFileSync(
        config,
        JSON.stringify({
          cloud: { aws: [{ name: 'frontdoor', regions: ['eu-west-1'], endpoints: aws.endpoints, probeNames: true }] },
          timeout: '3s',
          failOn: 'high',
          out: join(work, 'reports'),
        }),
      );
      const run = await runCli(['scan', '--config', config, '--no-history'], {
        command: [
          process.execPath,
          '--import',
          RESOLVER,
          fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url)),
        ],
        env: {
          ...emulatedCloudEnv(work, {
            alibaba: { id: 'LTAI5tUnusedKey000001', secret: 'unused' },
            aws: FRONT_DOORS_KEY,
          }),
          STATIC_HOSTS: 'kibana.example.com=127.0.0.1',
          STATIC_LOG: lookups,
        },
        timeoutMs: 120_000,
      });
      code = run.code;
      if (code === 2) throw new Error(run.stderr);
      report = JSON.parse(readFileSync(join(work, 'reports', 'report.json'), 'utf8')) as Report;
    });

    afterAll(async () => {
      await Promise.all([
        aws?.close(),
        kibana?.close(),
        new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined))),
      ]);
      rmSync(work, { recursive: true, force: true });
    });

    it('every cloud finding carries the exact fix naming its resource\u2019s real id (issue 19 item 4)', () => {
      expect(expectCloudFixesNameIds(report.findings).length).toBeGreaterThan(0);
    });

    it('writes a valid report and fails the gate', () => {
      expect(reportProblem(report)).toBeUndefined();
      expect(code).toBe(1);
    });

    it('reports one confirmed critical finding naming the DNS name, the load balancer and the target group', () => {
      const findings = report.findings.filter((finding) => finding.resource?.id === 'kibana-public');
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding).toMatchObject({
        ruleId: 'aws-load-balancer-public-service-port',
        confidence: 'confirmed',
        severity: 'critical',
        target: { host: 'kibana.example.com', tls: true },
      });
      expect(finding!.message).toContain('kibana.example.com');
      expect(finding!.message).toContain(KIBANA_LB_DNS);
      expect(finding!.message).toContain('kibana-tg');
      expect(finding!.evidence['confirmedBy']).toEqual([
        expect.stringMatching(/^kibana-unauthenticated at kibana\.example\.com:\d+$/),
      ]);
      // Folded into the cloud finding, not reported twice.
      expect(report.findings.filter((candidate) => candidate.ruleId === 'kibana-unauthenticated')).toEqual([]);
    });

    it('spoke TLS to the load balancer with the public name as SNI', () => {
      expect(sni.length).toBeGreaterThan(0);
      expect(new Set(sni)).toEqual(new Set(['kibana.example.com']));
      expect(kibana.requests).toEqual(expect.arrayContaining(['/api/status']));
    });

    it('looked up only names the zones and the load balancers list: no wildcard expansion, no guessed names', () => {
      const names = new Set(readFileSync(lookups, 'utf8').trim().split('\n'));
      const listed = new Set([
        'kibana.example.com',
        'dashboards.example.com',
        'mongo.example.com',
        MONGO_LB_DNS,
        EKS_OPEN_HOST,
        'legacy-search-456789012.eu-west-1.elb.amazonaws.com',
        'grafana-sso-3456789012.eu-west-1.elb.amazonaws.com',
        // The publicly accessible Redshift clusters' endpoints (the private one's is never tried).
        REDSHIFT_OPEN_HOST,
        'analytics-office.c1a2b3c4d5e6.eu-west-1.redshift.amazonaws.com',
        // The public Amazon MQ brokers' consoles.
        MQ_RABBIT_HOST,
        MQ_ACTIVE_HOST,
        // The public bootstrap brokers of the MSK clusters with public access.
        ...MSK_OPEN_HOSTS,
        ...MSK_OFFICE_HOSTS,
      ]);
      for (const name of names) expect(listed, name).toContain(name);
      expect(names).toContain('kibana.example.com');
      // The wildcard, the apex, the unrelated record and the office-only load balancer's name are never tried.
      for (const never of [
        '*.example.com',
        'example.com',
        'www.example.com',
        'office.example.com',
        'analytics-private.c1a2b3c4d5e6.eu-west-1.redshift.amazonaws.com',
        'b-rabbitprivate-1.mq.eu-west-1.amazonaws.com',
        'b-1-public.events-private.2b3c4d.c3.kafka.eu-west-1.amazonaws.com',
        'b-1.events-public.0f1e2d.c3.kafka.eu-west-1.amazonaws.com',
      ])
        expect(names).not.toContain(never);
    });

    it('the traps give nothing above low', () => {
      const ids = report.findings
        .filter((finding) => ['critical', 'high', 'medium'].includes(finding.severity))
        .map((finding) => finding.resource?.id);
      for (const trap of [
        'kibana-office',
        'redis-private',
        'legacy-internal',
        'prod-office',
        'private-only',
        'analytics-private',
        'analytics-office',
        'b-activeoffice',
        'b-rabbitprivate',
        'arn:aws:kafka:eu-west-1:777788889999:cluster/events-office/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809-2',
        'arn:aws:kafka:eu-west-1:777788889999:cluster/events-private/2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a-1',
      ])
        expect(ids).not.toContain(trap);
    });
  },
);
