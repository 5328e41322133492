// Nothing outside the configured scope is contacted. ONE scan through the built CLI, with
// test/helpers/connection-recorder.mjs preloaded to log every connection, lookup and datagram
// the process attempts (and to refuse any that is not loopback). The targets are purpose-built
// HTTP servers that redirect elsewhere: to another loopback address (127.0.0.2), to another port
// of the same host, and to a host name (listeners at those places count who comes), and a bare
// host and a range, probed on the configured ports. The config
// also lists an Alibaba Cloud and an AWS account served by the local emulators
// (test/emulators/alibaba.ts, aws.ts: recorded API shapes, signatures verified), whose resources'
// addresses are rewritten to loopback addresses where nothing listens (one Kibana domain to a
// Kibana emulator of recorded responses), so the endpoints they imply are probed on this machine.
// Every connection must fall within: the targets, the emulators' API endpoints, and the endpoints
// the emulated resources imply.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_PORT_NUMBERS } from '../../src/cloud/service-ports.js';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { emulatedAccount } from '../emulators/alibaba-account.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import { startAwsEmulator, type AwsEmulator } from '../emulators/aws.js';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { PRODUCTION, PRODUCTION_KEY } from '../fixtures/cloud/aws/accounts.js';
import { IMPLIED_HOSTS, toLoopback } from './cloud-lab.js';
import { CONNECTION_RECORDER, runCli } from './run-cli.js';
import { emulatedCloudEnv } from '../helpers/cloud-env.js';

const ALIBABA_KEY = { id: 'LTAI5tScopeEmulatorKey1', secret: 'scope-emulator-secret-01' };

/** Every port an account's data names (Port fields, PortRange "from/to" ends). */
function portsNamedIn(value: unknown, into = new Set<number>()): Set<number> {
  if (Array.isArray(value)) for (const item of value) portsNamedIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (/port/i.test(key) && (typeof item === 'number' || typeof item === 'string')) {
        for (const part of String(item).split('/')) if (/^\d{1,5}$/.test(part)) into.add(Number(part));
      } else portsNamedIn(item, into);
    }
  }
  return into;
}

interface Counter {
  readonly host: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A listener that only counts who connects: where a redirect points, and nothing may come. */
async function startCounter(host: string): Promise<Counter> {
  const sockets = new Set<net.Socket>();
  const counter: Counter = { host, port: 0, connections: 0, close: async () => undefined };
  const server = net.createServer((socket) => {
    counter.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  counter.port = (server.address() as net.AddressInfo).port;
  counter.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return counter;
}

/** Answers every path with a redirect to `location` (which may name this path). */
async function startRedirector(
  status: number,
  location: (path: string) => string,
): Promise<{ port: number; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '/');
    res.writeHead(status, { location: location(req.url ?? '/'), 'content-type': 'text/html' });
    res.end(`<a href="${location(req.url ?? '/')}">moved</a>\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Recorded {
  readonly event: 'connect' | 'connected' | 'blocked' | 'lookup' | 'udp';
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly address?: string;
  readonly remotePort?: number;
}

const key = (host: string, port: number | undefined) => `${host.replace(/^\[|\]$/g, '')}:${port}`;

describe('a scan contacts nothing outside its scope', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-scope-'));
  const log = join(work, 'connections.jsonl');
  let offHost: Counter;
  let offPort: Counter;
  const redirectors: Awaited<ReturnType<typeof startRedirector>>[] = [];
  let kibana: ElasticEmulator;
  let alibaba: AlibabaEmulator;
  let aws: AwsEmulator;
  let records: Recorded[] = [];
  let report: Report;
  let exitCode: number | string;
  let stderr = '';
  const scope = {
    targets: new Set<string>(),
    apis: new Set<string>(),
    impliedHosts: new Set<string>(),
    impliedPorts: new Set<number>(),
  };

  beforeAll(async () => {
    offHost = await startCounter('127.0.0.2');
    offPort = await startCounter('127.0.0.1');
    const offHostUrl = `http://127.0.0.2:${offHost.port}`;
    const offPortUrl = `http://127.0.0.1:${offPort.port}`;
    // Like Prometheus' home redirect (so its API follow-ups are fetched), pointing at another host.
    redirectors.push(await startRedirector(302, () => `${offHostUrl}/graph`));
    // Like Consul's UI redirect, to another port of the same host; each path to its twin there.
    redirectors.push(await startRedirector(301, (path) => `${offPortUrl}${path === '/' ? '/ui/' : path}`));
    // Like Kibana's, to a host name (never resolved: the recorder would refuse and log it).
    redirectors.push(await startRedirector(302, () => 'https://kibana.internal.invalid/app/home'));

    kibana = await startElasticEmulator('kibana-7-open');
    const account = toLoopback(emulatedAccount());
    for (const instance of account.elasticsearch['cn-shanghai'] ?? []) {
      if (instance.instanceId === 'es-cn-2022open')
        Object.assign(instance, { kibanaDomain: '127.0.0.1', kibanaPort: kibana.port });
    }
    const awsAccount = toLoopback(PRODUCTION);
    alibaba = await startAlibabaEmulator({ account, keys: { [ALIBABA_KEY.id]: ALIBABA_KEY.secret } });
    aws = await startAwsEmulator({ accounts: [awsAccount] });

    const [prometheusLike, consulLike, kibanaLike] = redirectors;
    // A bare host and a range are probed on `ports` (nothing listens there: refused at once).
    const ports = [19999, 29999];
    const bare = ['127.0.0.3', '127.0.0.4', '127.0.0.5'];
    const targets = [
      `http://127.0.0.1:${prometheusLike!.port}/`,
      `127.0.0.1:${consulLike!.port}`,
      `127.0.0.1:${kibanaLike!.port}`,
      '127.0.0.3',
      '127.0.0.4/31',
    ];
    scope.targets = new Set([
      ...redirectors.map((redirector) => key('127.0.0.1', redirector.port)),
      ...bare.flatMap((host) => ports.map((port) => key(host, port))),
    ]);
    // The organisation APIs (AWS Organizations, Alibaba Resource Manager) are read only for an
    // account configured with an organisation, which this one is not.
    const { resourcemanager: _resourcemanager, ...alibabaApis } = alibaba.endpoints;
    const { organizations: _organizations, ...awsApis } = aws.endpoints;
    scope.apis = new Set([...Object.values(alibabaApis), ...Object.values(awsApis)].map((url) => new URL(url).host));
    scope.impliedHosts = new Set(Object.values(IMPLIED_HOSTS));
    // Implied endpoints are on a database or console port a security group opens, or on the port
    // a connection string or domain names (HTTPS for the search domains' public endpoints).
    scope.impliedPorts = new Set([...SERVICE_PORT_NUMBERS, ...portsNamedIn(account), ...portsNamedIn(awsAccount), 443]);

    const config = join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        targets,
        ports,
        cloud: {
          alibaba: [{ name: 'scope-alibaba', regions: ['cn-shanghai', 'cn-hangzhou'], endpoints: alibaba.endpoints }],
          aws: [{ name: 'scope-aws', regions: ['eu-west-1', 'us-east-1'], endpoints: aws.endpoints }],
        },
        timeout: '2s',
        out: join(work, 'reports'),
      }),
    );
    const run = await runCli(['scan', '--config', config, '--no-history'], {
      nodeArgs: ['--import', pathToFileURL(CONNECTION_RECORDER).href],
      env: { ...emulatedCloudEnv(work, { alibaba: ALIBABA_KEY, aws: PRODUCTION_KEY }), EXPOSCAN_CONNECTION_LOG: log },
      timeoutMs: 240_000,
    });
    exitCode = run.code;
    stderr = run.stderr;
    records = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Recorded)
      : [];
    report = JSON.parse(readFileSync(join(work, 'reports', 'report.json'), 'utf8')) as Report;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([
      offHost?.close(),
      offPort?.close(),
      kibana?.close(),
      alibaba?.close(),
      aws?.close(),
      ...redirectors.map((redirector) => redirector.close()),
    ]);
  });

  const inScope = (record: Recorded): boolean => {
    if (record.host === undefined) return false;
    const where = key(record.host, record.port);
    if (scope.targets.has(where) || scope.apis.has(where) || where === key('127.0.0.1', kibana.port)) return true;
    return scope.impliedHosts.has(record.host) && record.port !== undefined && scope.impliedPorts.has(record.port);
  };

  it('completed with a valid report (exit 0 or 1: findings, no usage error)', () => {
    expect([0, 1], stderr).toContain(exitCode);
    expect(reportProblem(report)).toBeUndefined();
    expect(report.scan.partial).toBe(false);
  });

  it('the recorder saw the in-scope connections (so an empty log cannot pass)', () => {
    const connected = new Set(
      records.filter((record) => record.event === 'connected').map((record) => key(record.host!, record.port)),
    );
    const tried = new Set(
      records.filter((record) => record.event === 'connect').map((record) => key(record.host!, record.port)),
    );
    // Every target endpoint was tried (the bare host and range ones refused: nothing listens there).
    for (const target of scope.targets) expect(tried, target).toContain(target);
    for (const redirector of redirectors) expect(connected).toContain(key('127.0.0.1', redirector.port));
    for (const api of scope.apis) expect(connected, `emulator API ${api}`).toContain(api);
    // The Kibana domain an Alibaba Elasticsearch instance makes public: an implied endpoint, probed.
    expect(connected).toContain(key('127.0.0.1', kibana.port));
    const impliedTried = records.filter(
      (record) => record.event === 'connect' && scope.impliedHosts.has(record.host ?? ''),
    );
    expect(impliedTried.length).toBeGreaterThan(0);
    // The redirectors were really asked for follow-ups, on their own endpoint (Prometheus' API).
    expect(redirectors[0]!.paths).toEqual(
      expect.arrayContaining(['/', '/api/v1/status/buildinfo', '/api/v1/status/config']),
    );
  });

  it('every connection it attempted is within the scope', () => {
    const outside = records.filter((record) => record.event === 'connect' && !inScope(record));
    expect(outside).toEqual([]);
  });

  it('nothing was refused by the fence: no lookup of a name, no non-loopback address, no UDP', () => {
    expect(
      records.filter((record) => record.event === 'blocked' || record.event === 'udp' || record.path !== undefined),
    ).toEqual([]);
    const lookups = records.filter((record) => record.event === 'lookup').map((record) => record.host);
    for (const host of lookups) expect(net.isIP(host ?? ''), `lookup of ${host}`).not.toBe(0);
  });

  it('redirects were read, never followed: the places they point to saw no connection', () => {
    expect(offHost.connections).toBe(0);
    expect(offPort.connections).toBe(0);
    expect(records.some((record) => record.host?.includes('invalid'))).toBe(false);
  });

  it('the scope check refuses what is out of scope (so an empty difference means something)', () => {
    expect(inScope({ event: 'connect', host: '127.0.0.2', port: offHost.port })).toBe(false);
    expect(inScope({ event: 'connect', host: '127.0.0.1', port: offPort.port })).toBe(false);
    expect(inScope({ event: 'connect', host: IMPLIED_HOSTS.name, port: offPort.port })).toBe(false);
    expect(inScope({ event: 'connect', host: '127.0.0.1', port: redirectors[0]!.port })).toBe(true);
  });

  it('the fence and the counters work: a connection there is seen (so zero means none came)', async () => {
    const before = offHost.connections;
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: offHost.host, port: offHost.port }, () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(offHost.connections).toBe(before + 1);
    offHost.connections = before;
  });
});
