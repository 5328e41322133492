// A real RabbitMQ (Debian's rabbitmq-server, management plugin on), started once for this file on
// free loopback ports of its own, never the machine's 5672/15672: the whole scan (identification,
// the RabbitMQ fingerprint, every shipped rule) against its management port and its AMQP port.
// What reached the broker is read from its own logs: the HTTP access log names the authenticated
// user of every request, the broker log every AMQP connection, login and close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { eventually } from '../helpers/services.js';
import { rabbitmqApi, rabbitmqTools, startRabbitMQ, stopAll, type RabbitServer } from '../helpers/services-consoles.js';

const tools = rabbitmqTools();
const NOW = new Date('2026-11-25T00:00:00Z');

function scan(server: RabbitServer, credentialChecks?: boolean, port = server.port): Promise<ScanOutcome> {
  return runScan(
    expandTargets([parseTarget(`127.0.0.1:${port}`)], []),
    RULES,
    {
      concurrency: 4,
      perHost: 4,
      rate: 0,
      timeoutMs: 3000,
      ...(credentialChecks !== undefined ? { credentialChecks } : {}),
    },
    { now: () => NOW },
  );
}

const of = (outcome: ScanOutcome, ruleId: string): Finding[] =>
  outcome.findings.filter((finding) => finding.ruleId === ruleId);

interface LoggedRequest {
  readonly user: string;
  readonly path: string;
  readonly status: number;
}

/** The scanner's requests in the management access log (combined format), in order. */
function scannerRequests(log: string): LoggedRequest[] {
  return [...log.matchAll(/^\S+ \S+ (\S+) \[[^\]]*\] "GET (\S+) [^"]*" (\d{3}) \S+ "[^"]*" "exposcan[^"]*"$/gm)].map(
    (match) => ({
      user: match[1]!,
      path: match[2]!,
      status: Number(match[3]),
    }),
  );
}

describe.skipIf(!tools)('RabbitMQ management, real broker', () => {
  let server: RabbitServer;

  beforeAll(async () => {
    server = await startRabbitMQ();
  }, 120_000);
  afterAll(stopAll, 60_000);

  it('reports the reachable management UI as medium and, without --credential-checks, sends no credentials', async () => {
    const before = scannerRequests(server.accessLog()).length;
    const outcome = await scan(server);

    expect(server.port).not.toBe(15672);
    const [finding, ...others] = of(outcome, 'rabbitmq-management-exposed');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'medium',
      confidence: 'confirmed',
      product: 'rabbitmq',
      target: { host: '127.0.0.1', port: server.port, protocol: 'http', tls: false },
      evidence: {
        path: '/',
        signals: expect.arrayContaining([
          'RabbitMQ Management page title',
          '/api/overview answered 401 with the RabbitMQ Management realm',
        ]),
      },
    });
    // Without credentials RabbitMQ names no version.
    expect(finding!.version).toBeUndefined();
    expect(of(outcome, 'rabbitmq-default-credentials')).toEqual([]);
    expect(outcome.services).toEqual([
      expect.objectContaining({ port: server.port, product: 'rabbitmq', access: 'auth-required' }),
    ]);

    // The broker's own log: the root page and one anonymous API call, no request as any user.
    const requests = await eventually(
      () => scannerRequests(server.accessLog()).slice(before),
      (seen) => seen.length >= 2,
    );
    expect(requests).toEqual([
      { user: '-', path: '/', status: 200 },
      { user: '-', path: '/api/overview', status: 401 },
    ]);
  });

  it('with --credential-checks reports guest/guest as critical, with the versions and the user’s tags', async () => {
    const before = scannerRequests(server.accessLog()).length;
    const outcome = await scan(server, true);

    const [finding, ...others] = of(outcome, 'rabbitmq-default-credentials');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'rabbitmq',
      version: tools!.version,
      target: { port: server.port, protocol: 'http' },
      evidence: {
        path: '/api/whoami',
        user: 'guest',
        userTags: ['administrator'],
        managementVersion: tools!.version,
        erlangVersion: expect.stringMatching(/^\d+\.\d+/),
      },
    });
    // The UI finding stands too, now with the version the API gave.
    expect(of(outcome, 'rabbitmq-management-exposed')).toEqual([
      expect.objectContaining({ severity: 'medium', version: tools!.version }),
    ]);
    // Metadata only: nothing of the overview beyond the versions reaches the report.
    expect(JSON.stringify(outcome.findings)).not.toMatch(/object_totals|listeners|cluster_name|exposcan-\d+@localhost/);

    const requests = await eventually(
      () => scannerRequests(server.accessLog()).slice(before),
      (seen) => seen.length >= 4,
    );
    expect(requests).toEqual([
      { user: '-', path: '/', status: 200 },
      { user: '-', path: '/api/overview', status: 401 },
      { user: 'guest', path: '/api/whoami', status: 200 },
      { user: 'guest', path: '/api/overview', status: 200 },
    ]);
  });

  it('identifies the AMQP port from its Connection.Start and, without --credential-checks, logs in as nobody', async () => {
    const before = server.brokerLog().length;
    const outcome = await scan(server, undefined, server.amqpPort);
    expect(server.amqpPort).not.toBe(5672);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: server.amqpPort,
        protocol: 'amqp',
        tls: false,
        product: 'rabbitmq',
        version: tools!.version,
        access: 'auth-required',
      },
    ]);
    expect(of(outcome, 'rabbitmq-amqp-default-credentials')).toEqual([]);
    const log = await eventually(
      () => server.brokerLog().slice(before),
      (text) => /client unexpectedly closed TCP connection/.test(text),
    );
    expect(log).not.toMatch(/authenticated|login refused/);
  });

  it('with --credential-checks reports guest/guest over AMQP as critical; the broker logs the login and a clean close, nothing else', async () => {
    const before = server.brokerLog().length;
    const outcome = await scan(server, true, server.amqpPort);
    const [finding, ...others] = of(outcome, 'rabbitmq-amqp-default-credentials');
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'rabbitmq',
      version: tools!.version,
      target: { port: server.amqpPort, protocol: 'amqp' },
      evidence: { user: 'guest', vhost: '/ opened', mechanisms: expect.arrayContaining(['PLAIN']) },
    });
    const log = await eventually(
      () => server.brokerLog().slice(before),
      (text) => /closing AMQP connection .*vhost: '\/', user: 'guest'\)/.test(text),
    );
    expect(log).toMatch(/user 'guest' authenticated and granted access to vhost '\/'/);
    // Off 5672 the engine's stray GET comes first, which RabbitMQ logs as a bad header; past that, no
    // protocol error, no channel, no queue: the login, the open and the close.
    const rest = log.split('\n').filter((line) => !/closing AMQP connection .*:$|bad_header/.test(line));
    expect(rest.filter((line) => /\[error\]|unexpected method|channel|queue/i.test(line))).toEqual([]);
  });

  it('reports no default credentials once guest’s password is changed, nor once guest is deleted', async () => {
    const password = `pw-${Math.random().toString(36).slice(2)}`;
    expect(
      await rabbitmqApi(server, 'PUT', '/api/users/guest', 'guest:guest', { password, tags: 'administrator' }),
    ).toBe(204);

    const changed = await scan(server, true);
    expect(of(changed, 'rabbitmq-default-credentials')).toEqual([]);
    // Over AMQP too: the broker refuses guest (Connection.Close 403), the service stays identified.
    const logBefore = server.brokerLog().length;
    const amqpChanged = await scan(server, true, server.amqpPort);
    expect(of(amqpChanged, 'rabbitmq-amqp-default-credentials')).toEqual([]);
    expect(amqpChanged.services).toEqual([
      expect.objectContaining({ protocol: 'amqp', product: 'rabbitmq', access: 'auth-required' }),
    ]);
    expect(
      await eventually(
        () => server.brokerLog().slice(logBefore),
        (text) => /PLAIN login refused: user 'guest'/.test(text),
      ),
    ).toMatch(/invalid credentials/);
    expect(of(changed, 'rabbitmq-management-exposed')).toHaveLength(1);
    expect(changed.services).toEqual([expect.objectContaining({ product: 'rabbitmq', access: 'auth-required' })]);

    // An administrator of our own, then guest removed altogether.
    expect(
      await rabbitmqApi(server, 'PUT', '/api/users/operator', `guest:${password}`, { password, tags: 'administrator' }),
    ).toBe(201);
    expect(await rabbitmqApi(server, 'DELETE', '/api/users/guest', `operator:${password}`)).toBe(204);
    const deleted = await scan(server, true);
    expect(of(deleted, 'rabbitmq-default-credentials')).toEqual([]);
    expect(of(await scan(server, true, server.amqpPort), 'rabbitmq-amqp-default-credentials')).toEqual([]);
    expect(of(deleted, 'rabbitmq-management-exposed')).toHaveLength(1);
  });
});
