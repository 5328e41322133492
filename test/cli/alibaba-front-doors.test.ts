// The Alibaba Cloud front door, end to end through the CLI: a Kibana behind an internet-facing CLB
// (SLB) whose HTTPS listener forwards to backend port 5601, with clb.example.com in the account's
// public Alibaba Cloud DNS domain pointing at the CLB's address (an A record). The account is the
// Alibaba emulator (test/emulators/alibaba.ts: RPC signatures verified, the services' own answers)
// with the front-door fixture; the CLB's address is 127.0.0.1, where a TLS-terminating proxy
// records the SNI it is asked for and forwards to a local emulator of a recorded open Kibana 7.0,
// as the CLB's HTTPS listener forwards to its backend servers. Every other public address and
// aliyuncs.com name in the account becomes a loopback address of its own where nothing listens. Names resolve only through a preloaded resolver
// (test/helpers/static-resolver.mjs): clb.example.com → 127.0.0.1, every other name fails, and
// every lookup is logged. No DNS traffic, nothing off loopback. Mirrors cloud-front-doors.test.ts (AWS).
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
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import type { EmulatedAccount } from '../emulators/alibaba-products.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import {
  FRONT_DOOR_KEY,
  frontDoorAlibabaAccount,
  HANGZHOU,
  KIBANA_CLB,
} from '../fixtures/cloud/alibaba/front-doors.js';
import { requireBinary } from '../helpers/binaries.js';
import { runCli } from '../helpers/cli.js';
import { emulatedCloudEnv } from '../helpers/cloud-env.js';

const RESOLVER = fileURLToPath(new URL('../helpers/static-resolver.mjs', import.meta.url));
const openssl = requireBinary('openssl');
const NAME = 'clb.example.com';

/**
 * Every public address and aliyuncs.com name in the account → a loopback address of its own, so
 * addresses that differ stay apart (a record outside the inventory must not meet a load balancer)
 * and nothing listens where the scan connects. CIDR blocks (followed by "/") are whitelist data.
 */
function toDistinctLoopback<T>(account: T): T {
  const given = new Map<string, string>();
  const loopback = (value: string) => {
    if (!given.has(value)) given.set(value, `127.0.9.${given.size + 10}`);
    return `"${given.get(value)!}"`;
  };
  const text = JSON.stringify(account)
    .replace(/"([a-z0-9.-]+\.aliyuncs\.com)"/g, (_, host: string) => loopback(host))
    .replace(
      /"(?!10\.|127\.|0\.0\.0\.0|172\.16\.|192\.168\.)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})"/g,
      (_, address: string) => loopback(address),
    );
  return JSON.parse(text) as T;
}

/** The account with the Kibana CLB on 127.0.0.1 (its DNS record too) and its HTTPS listener on the proxy's port. */
function accountListeningOn(port: number): EmulatedAccount {
  const account = JSON.parse(
    JSON.stringify(frontDoorAlibabaAccount()).replaceAll(`"${KIBANA_CLB}"`, '"127.0.0.1"'),
  ) as EmulatedAccount;
  const region = account.frontDoors!.slb![HANGZHOU]!;
  const listeners = region.listeners.map((listener) =>
    listener['LoadBalancerId'] === 'lb-bp1kibana' && listener['ListenerPort'] === 443
      ? { ...listener, ListenerPort: port }
      : listener,
  );
  return toDistinctLoopback({
    ...account,
    frontDoors: { ...account.frontDoors, slb: { [HANGZHOU]: { ...region, listeners } } },
  });
}

describe.skipIf(!openssl)('exposcan scan: a Kibana behind an internet-facing Alibaba CLB and a public DNS name', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-alibaba-front-door-'));
  const lookups = join(work, 'lookups.log');
  const sni: (string | false | null)[] = [];
  let kibana: ElasticEmulator;
  let proxy: tls.Server;
  let alibaba: AlibabaEmulator;
  let report: Report;
  let code: number | null;
  let port: number;

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
        `/CN=${NAME}`,
        '-addext',
        `subjectAltName=DNS:${NAME}`,
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
    port = (proxy.address() as net.AddressInfo).port;
    alibaba = await startAlibabaEmulator({
      account: accountListeningOn(port),
      keys: { [FRONT_DOOR_KEY.accessKeyId]: FRONT_DOOR_KEY.secretAccessKey },
    });

    const config = join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        cloud: {
          alibaba: [{ name: 'frontdoor', regions: [HANGZHOU], endpoints: alibaba.endpoints, probeNames: true }],
        },
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
          alibaba: { id: FRONT_DOOR_KEY.accessKeyId, secret: FRONT_DOOR_KEY.secretAccessKey },
          aws: { accessKeyId: 'AKIAUNUSEDKEY0000001', secretAccessKey: 'unused' },
        }),
        STATIC_HOSTS: `${NAME}=127.0.0.1`,
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
      alibaba?.close(),
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

  it('reports one confirmed critical finding naming the DNS name, the load balancer and the listener', () => {
    const findings = report.findings.filter((finding) => finding.resource?.id === 'lb-bp1kibana');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      ruleId: 'alibaba-load-balancer-public-service-port',
      confidence: 'confirmed',
      severity: 'critical',
      target: { host: NAME, port, tls: true },
    });
    expect(finding!.message).toContain(NAME);
    expect(finding!.message).toContain('lb-bp1kibana');
    expect(finding!.message).toContain(`${port}`);
    expect(finding!.message).toContain('5601');
    expect(finding!.evidence['confirmedBy']).toEqual([`kibana-unauthenticated at ${NAME}:${port}`]);
    // Folded into the cloud finding, not reported twice.
    expect(report.findings.filter((candidate) => candidate.ruleId === 'kibana-unauthenticated')).toEqual([]);
  });

  it('spoke TLS to the load balancer with the public name as SNI', () => {
    expect(sni.length).toBeGreaterThan(0);
    expect(new Set(sni)).toEqual(new Set([NAME]));
    expect(kibana.requests).toEqual(expect.arrayContaining(['/api/status']));
  });

  it('looked up only names the domain lists: no wildcard expansion, no guessed names', () => {
    const names = new Set(readFileSync(lookups, 'utf8').trim().split('\n'));
    // The ALB's names lead to its (loopback) DNS name; the records themselves are the whole scope.
    const listed = new Set([NAME, 'kibana.example.com', 'dashboards.example.com', 'mongo.example.com']);
    for (const name of names) expect(listed, name).toContain(name);
    expect(names).toContain(NAME);
    for (const never of ['*.example.com', 'example.com', 'www.example.com', 'old.example.com'])
      expect(names).not.toContain(never);
  });

  it('the traps give nothing above low', () => {
    const ids = report.findings
      .filter((finding) => ['critical', 'high', 'medium'].includes(finding.severity))
      .map((finding) => finding.resource?.id);
    for (const trap of [
      'lb-bp1office',
      'lb-bp1intranet',
      'alb-office',
      'alb-private',
      'c1ffee0123456789abcdef0123456789',
      'pc-bp1office',
      'cc-bp1office',
      'amqp-cn-vpc',
    ])
      expect(ids).not.toContain(trap);
  });
});
