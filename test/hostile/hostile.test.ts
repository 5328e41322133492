// Hostile networks and bad input (issue 6): the built CLI scans purpose-built hostile servers on
// loopback (none is a real product; see test/hostile/servers/) and must, for every one: finish in
// bounded time, stay in bounded memory, write a report.json that passes the schema, and record
// what happened honestly (an unidentified endpoint, a failure counted, no finding unless one is
// genuinely right). Needs a build: `npx tsc -p tsconfig.json`.
//
// Behaviours, one `it` each (the hostile part is on the identifying `GET /` unless it says
// "follow-up": a later request for a product's path, which travels another code path):
//    1 accept and silence                         22 RST in mid-response
//    2 accept and close at once                   23 RST in mid-response on a follow-up
//    3 byte-per-second drip                       24 random bytes in answer to anything
//    4 drip on a follow-up                        25 endless interim 100 Continue responses
//    5 Content-Length that lies (1 TB)            26 a greeting that is not UTF-8
//    6 endless body                               27 a greeting without end
//    7 endless body on a follow-up                28 Redis behind an http:// URL
//    8 a chunk size that lies (2^64 - 1)          29 MongoDB length field that lies (2 GB)
//    9 chunked encoding that never ends           30 MongoDB length field that lies (4 MB, dripped)
//   10 never-ending chunks, slowly, on a follow-up 31 PostgreSQL length field that lies
//   11 gzip bomb (root and follow-up)             32 MySQL greeting length that lies
//   12 deflate bomb (root and follow-up)          33 MySQL login reply length that lies, dripped
//   13 100 MB header                              34 MQTT remaining length that lies
//   14 100 MB header on a follow-up               35 a honeypot of nineteen products stalling all their follow-ups
//   15 a million headers                          36 a honeypot answering every probe with success
//   16 a million headers on a follow-up           37 TLS: expired self-signed certificate, garbage extension
//   17 malformed JSON where JSON is expected      38 TLS: certificate for another host name
//   18 JSON nested 200,000 deep                   39 plain-text reply on a TLS port
//   19 invalid UTF-8 in headers and body          40 TLS handshake dripped
//   20 redirect loop                              41 TLS handshake answered with garbage
//   21 redirects to other hosts, never contacted  42 IPv6 loopback (::1), endless body
//   and, in a scan of its own: 43 HTTP where only Redis is asked.
// How each follow-up ends (timeout, too-large, reset…) is not in the report; follow-up.test.ts
// checks that request by request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_FAILURES, type ProbeFailure } from '../../src/engine/types.js';
import type { Report } from '../../src/report/report.js';
import { reportProblem } from '../../src/report/validate.js';
import { findBinary } from '../helpers/binaries.js';
import { freePort } from '../helpers/ports.js';
import { runCli, type CliRun } from './cli-run.js';
import * as http from './servers/http.js';
import { serve, type HostileServer } from './servers/tcp.js';
import * as tlsServers from './servers/tls.js';
import * as wire from './servers/wire.js';

/** The per-probe timeout: 2 s, so that reading a 1 MB body is never what times out on a loaded machine. */
const TIMEOUT = '2s';
/**
 * Not a performance target: a scan past this is hung. Wide, as the machine is shared (the suite
 * must pass beside stress-ng on both cores); how fast a scan is belongs in `npm run bench`.
 */
const HUNG_AFTER_MS = 180_000;
/**
 * Memory the hostile endpoints may add over a scan of one closed port (about 150 MB here, most of
 * it the CLI's own code): about 80 MB is seen. Anything that buffered a bomb (512 MB inflated) or
 * the 100 MB header would blow through it.
 */
const RSS_ALLOWANCE_MB = 130;

const openssl = findBinary('openssl');
const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

/** What the report must say about one hostile endpoint. */
type Expected =
  /** Nothing listed: the endpoint never got as far as an open conversation (counted under failures). */
  (
    | { readonly listed: 'none' }
    /** Listed as open but unrecognised (protocol `unknown`), optionally with a banner. */
    | { readonly listed: 'unknown'; readonly banner?: RegExp }
    /** Listed as HTTP that no fingerprint claims. */
    | { readonly listed: 'http' }
    /** Listed as HTTP, with these products only, none `open` (a hostile answer proves no access) unless `open`. */
    | { readonly listed: 'http'; readonly products: readonly string[]; readonly open?: true }
    /** Listed as this one service, exactly. */
    | { readonly listed: 'service'; readonly service: Readonly<Record<string, string>> }
  ) & {
    /** The failure the endpoint ends with, counted in `stats.failures`; none when it was identified or answered in a foreign tongue. */
    readonly failure?: ProbeFailure;
  };

interface Behaviour {
  readonly name: string;
  readonly start: () => Promise<HostileServer>;
  /** `host:port` unless given. */
  readonly target?: (server: HostileServer) => string;
  readonly expected: Expected;
  /** Answers as several products at once: `honeypot-suspected` is its one right finding. */
  readonly honeypot?: true;
  /** Anything more to check, with the server (its counters) at hand. */
  readonly also?: (server: HostileServer, report: Report) => void;
}

const url = (scheme: string) => (server: HostileServer) => `${scheme}://${server.host}:${server.port}/`;

/** Made in beforeAll, used by the behaviours' start functions. */
const shared = {
  dir: '',
  /** The "other hosts" redirects point at: listeners on 127.0.0.2 and 127.0.0.3 that only count. */
  offHost: [] as HostileServer[],
};
const bomb = (kind: 'gzip' | 'deflate') => http.compressedZeros(kind, 512);

/** What `GET /` of the every-product honeypot shows by itself (its follow-ups all stall). */
const EVERY_PRODUCT_CLAIMS = [
  'couchdb',
  'docker',
  'grafana',
  'influxdb',
  'jenkins',
  'jupyter',
  'kubernetes',
  'kubernetes-dashboard',
  'opensearch-dashboards',
  'pgadmin',
  'rabbitmq',
  'redis-commander',
  'redisinsight',
  'solr',
];

// An endpoint's failure is the last its probes met. Where HTTP stalled or overflowed and the
// server then hung up on every other probe, that is `closed`: what the endpoint finally did.
const BEHAVIOURS: readonly Behaviour[] = [
  { name: 'accept and silence', start: http.acceptAndSilence, expected: { listed: 'unknown', failure: 'timeout' } },
  { name: 'accept and close at once', start: http.acceptAndClose, expected: { listed: 'unknown', failure: 'closed' } },
  { name: 'byte-per-second drip', start: http.dripRoot, expected: { listed: 'unknown', failure: 'timeout' } },
  {
    name: 'drip on a follow-up, a byte every 200 ms',
    start: http.dripFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  {
    name: 'Content-Length that lies (1 TB, 10 bytes, silence)',
    start: http.contentLengthLie,
    // Status line and headers came whole before the silence: an HTTP server, its body cut at the deadline.
    expected: { listed: 'http' },
  },
  { name: 'endless body', start: () => http.endlessBodyRoot(), expected: { listed: 'http' } },
  {
    name: 'endless body on a follow-up',
    start: http.endlessBodyFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  {
    name: 'a chunk size that lies (2^64 - 1)',
    start: http.chunkSizeLie,
    // Status line and headers came whole before the silence: an HTTP server, its body cut at the deadline.
    expected: { listed: 'http' },
  },
  { name: 'chunked encoding that never ends', start: http.chunkedForeverRoot, expected: { listed: 'http' } },
  {
    name: 'chunks that never end, slowly, on a follow-up',
    start: http.chunkedForeverSlowFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  {
    name: 'gzip bomb (root and follow-up)',
    start: async () => http.compressionBomb('gzip', await bomb('gzip'), { 'kbn-name': 'kibana' }),
    expected: { listed: 'http', products: ['kibana'] },
  },
  {
    name: 'deflate bomb (root and follow-up)',
    start: async () => http.compressionBomb('deflate', await bomb('deflate'), { 'X-Jenkins': '2.440.1' }),
    expected: { listed: 'http', products: ['jenkins'] },
  },
  { name: '100 MB header', start: http.hugeHeaderRoot, expected: { listed: 'unknown', failure: 'closed' } },
  {
    name: '100 MB header on a follow-up',
    start: http.hugeHeaderFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  { name: 'a million headers', start: http.millionHeadersRoot, expected: { listed: 'unknown', failure: 'closed' } },
  {
    name: 'a million headers on a follow-up',
    start: http.millionHeadersFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  { name: 'malformed JSON where a JSON banner is expected', start: http.malformedJson, expected: { listed: 'http' } },
  {
    name: 'JSON nested 200,000 deep',
    start: http.deeplyNestedJson,
    expected: { listed: 'http', products: ['kibana'] },
  },
  { name: 'invalid UTF-8 in headers and body', start: http.invalidUtf8, expected: { listed: 'http' } },
  {
    name: 'redirect loop, never followed',
    start: http.redirectLoop,
    // The login redirect makes Kibana's status worth asking; its answer (another redirect) proves nothing.
    expected: { listed: 'http' },
    also: (server) => {
      expect(server.paths).toContain('/api/status');
      // Each path asked once: a redirect is evidence, not a place to go.
      expect(new Set(server.paths).size).toBe(server.paths.length);
    },
  },
  {
    name: 'redirects to other hosts (127.0.0.2, 127.0.0.3), never contacted',
    start: () =>
      http.redirectOffHost(
        `http://127.0.0.2:${shared.offHost[0]!.port}/app/kibana`,
        `http://127.0.0.3:${shared.offHost[1]!.port}/api/status`,
      ),
    expected: { listed: 'http', products: ['kibana'] },
    also: (server) => {
      expect(server.paths).toContain('/api/status');
      expect(shared.offHost.map((other) => other.connections())).toEqual([0, 0]);
    },
  },
  { name: 'RST in mid-response', start: http.resetMidResponse, expected: { listed: 'http' } },
  {
    name: 'RST in mid-response on a follow-up',
    start: http.resetMidFollowUp,
    expected: { listed: 'http', products: ['kibana'] },
  },
  { name: 'random bytes in answer to anything', start: http.garbageReply, expected: { listed: 'unknown' } },
  { name: 'endless interim 100 Continue responses', start: http.interimForever, expected: { listed: 'http' } },
  {
    name: 'a greeting that is not UTF-8',
    start: wire.greetingInvalidUtf8,
    expected: { listed: 'unknown', banner: /^[\x20-\x7e]+$/ },
  },
  { name: 'a greeting without end', start: wire.greetingFlood, expected: { listed: 'unknown', banner: /^Z{1,160}$/ } },
  {
    name: 'Redis behind an http:// URL',
    start: wire.redisSpeaker,
    target: url('http'),
    expected: { listed: 'unknown' },
  },
  {
    name: 'MongoDB length field that lies (2 GB)',
    start: wire.mongoLengthHuge,
    expected: { listed: 'unknown', failure: 'closed' },
  },
  {
    name: 'MongoDB length field that lies (4 MB, dripped)',
    start: wire.mongoLengthDrip,
    expected: { listed: 'unknown', failure: 'timeout' },
  },
  {
    name: 'PostgreSQL length field that lies (2 GB)',
    start: wire.postgresLengthHuge,
    expected: { listed: 'unknown', failure: 'closed' },
  },
  {
    name: 'MySQL greeting length that lies (16 MB)',
    start: wire.mysqlGreetingLengthHuge,
    expected: { listed: 'unknown' },
  },
  {
    name: 'MySQL login reply length that lies (60 KB, dripped)',
    start: wire.mysqlAuthLengthDrip,
    // The greeting is honest, so MySQL it is; the login never completed, so access stays unknown.
    expected: {
      listed: 'service',
      service: { protocol: 'mysql', product: 'mysql', version: '8.4.3', access: 'unknown' },
    },
  },
  {
    name: 'MQTT remaining length that lies (256 MB)',
    start: wire.mqttLengthHuge,
    expected: { listed: 'unknown', failure: 'closed' },
  },
  {
    name: 'a honeypot claiming nineteen products, stalling each of their thirty follow-ups',
    start: http.everyProductStallingFollowUps,
    // What `GET /` alone shows; no product open. The time bound of the whole run is the real check.
    expected: { listed: 'http', products: EVERY_PRODUCT_CLAIMS },
    honeypot: true,
    // Some follow-ups asked (each stalling), far fewer than the thirty suggested: the endpoint's time ran out.
    also: (server) => {
      expect(server.paths.length).toBeGreaterThan(1);
      expect(server.paths.length).toBeLessThan(10);
    },
  },
  {
    name: 'a honeypot: every probe answered with success',
    honeypot: true,
    start: http.honeypot,
    expected: { listed: 'http', products: ['elasticsearch', 'jenkins', 'kibana'], open: true },
  },
  ...(openssl
    ? [
        {
          name: 'TLS: expired self-signed certificate with a garbage critical extension',
          start: () => tlsServers.tlsWithCertificate(tlsServers.garbageCertificate(openssl, shared.dir)),
          target: url('https'),
          expected: { listed: 'http' },
        } as const,
        {
          name: 'TLS: certificate for another host name',
          start: () => tlsServers.tlsWithCertificate(tlsServers.wrongHostCertificate(openssl, shared.dir)),
          target: url('https'),
          expected: { listed: 'http' },
        } as const,
      ]
    : []),
  {
    name: 'plain-text reply on a TLS port',
    start: tlsServers.plainTextOnTlsPort,
    target: url('https'),
    // Open: discovery saw the handshake; what followed was not TLS (listed, never 'closed').
    expected: { listed: 'unknown', failure: 'tls' },
  },
  {
    name: 'TLS handshake dripped, a byte every 200 ms',
    start: tlsServers.tlsHandshakeDrip,
    target: url('https'),
    // Open: discovery saw the handshake; what followed was not TLS (listed, never 'closed').
    expected: { listed: 'unknown', failure: 'timeout' },
  },
  {
    name: 'TLS handshake answered with garbage',
    start: tlsServers.tlsGarbageHandshake,
    target: url('https'),
    // Open: discovery saw the handshake; what followed was not TLS (listed, never 'closed').
    expected: { listed: 'unknown', failure: 'tls' },
  },
  ...(ipv6
    ? [
        {
          name: 'IPv6 loopback (::1): endless body',
          start: () => http.endlessBodyRoot('::1'),
          target: (server: HostileServer) => `[::1]:${server.port}`,
          expected: { listed: 'http' },
        } as const,
      ]
    : []),
];

describe.skipIf(process.platform !== 'linux')('hostile servers, one CLI scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-hostile-'));
  const servers = new Map<Behaviour, HostileServer>();
  let baseline: CliRun;
  let run: CliRun;
  let report: Report;

  beforeAll(async () => {
    shared.dir = dir;
    shared.offHost.push(
      await serve(() => undefined, { host: '127.0.0.2' }),
      await serve(() => undefined, { host: '127.0.0.3' }),
    );
    for (const behaviour of BEHAVIOURS) servers.set(behaviour, await behaviour.start());
    const targets = BEHAVIOURS.flatMap((behaviour) => {
      const server = servers.get(behaviour)!;
      return ['--target', behaviour.target?.(server) ?? `${server.host}:${server.port}`];
    });
    // The same scan of one closed port: what the CLI costs when nobody is hostile.
    const closed = join(dir, 'closed');
    baseline = await runCli(
      [
        'scan',
        '--target',
        `127.0.0.1:${await freePort()}`,
        '--timeout',
        TIMEOUT,
        '--out',
        closed,
        '--no-history',
        '--format',
        'sarif',
      ],
      closed,
      HUNG_AFTER_MS,
    );
    const out = join(dir, 'out');
    // Every endpoint at once (per-host high, no rate limit): the run takes as long as the slowest endpoint.
    run = await runCli(
      [
        'scan',
        ...targets,
        '--timeout',
        TIMEOUT,
        '--out',
        out,
        '--no-history',
        '--format',
        'sarif',
        '--per-host',
        '64',
        '--rate',
        '0',
      ],
      out,
      HUNG_AFTER_MS,
    );
    report = run.report as Report;
  }, HUNG_AFTER_MS + 30_000);

  afterAll(async () => {
    await Promise.all([...servers.values(), ...shared.offHost].map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the scan ends by itself, in bounded time and memory, and writes a valid report', () => {
    expect(run.killed, 'the scan hung').toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(baseline.peakRssMb, 'no memory sample was read from /proc').toBeGreaterThan(0);
    expect(
      run.peakRssMb,
      `peak ${run.peakRssMb.toFixed(0)} MB against ${baseline.peakRssMb.toFixed(0)} MB for a closed port`,
    ).toBeLessThan(baseline.peakRssMb + RSS_ALLOWANCE_MB);
    expect(reportProblem(report)).toBeUndefined();
    // The other format asked for is written too, whole.
    expect(JSON.parse(readFileSync(join(dir, 'out', 'report.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(report.scan.partial).toBe(false);
    expect(report.scan.stats.endpoints).toBe(BEHAVIOURS.length);
  });

  it('counts each endpoint that failed once, under the failure it met', () => {
    const expected: Partial<Record<ProbeFailure, number>> = {};
    for (const {
      expected: { failure },
    } of BEHAVIOURS)
      if (failure) expected[failure] = (expected[failure] ?? 0) + 1;
    expect(report.scan.stats.failures).toEqual(expected);
    for (const name of Object.keys(report.scan.stats.failures)) expect(PROBE_FAILURES).toContain(name);
  });

  it('reports no finding but the honeypots, each once, as that', () => {
    const honeypots = BEHAVIOURS.filter((behaviour) => behaviour.honeypot).map(
      (behaviour) => servers.get(behaviour)!.port,
    );
    expect(honeypots.length).toBeGreaterThan(0);
    const found = report.findings.map((finding) => [finding.ruleId, finding.target?.port]);
    expect(found.sort()).toEqual(honeypots.map((port) => ['honeypot-suspected', port]).sort());
  });

  it.each(BEHAVIOURS.map((behaviour) => [behaviour.name, behaviour] as const))('%s', (name, behaviour) => {
    const server = servers.get(behaviour)!;
    const listed = report.services.filter((service) => service.port === server.port && service.host === server.host);
    const expected = behaviour.expected;
    if (expected.listed === 'none') expect(listed, name).toEqual([]);
    if (expected.listed === 'unknown') {
      expect(listed, name).toEqual([expect.objectContaining({ protocol: 'unknown' })]);
      if (expected.banner) expect(listed[0]!.banner, name).toMatch(expected.banner);
    }
    if (expected.listed === 'http') {
      expect(listed.length, name).toBeGreaterThan(0);
      expect(
        listed.every((service) => service.protocol === 'http'),
        name,
      ).toBe(true);
      const products = 'products' in expected ? expected.products : [];
      expect(listed.flatMap((service) => (service.product ? [service.product] : [])).sort(), name).toEqual(products);
      // A hostile answer proves no access; only the honeypot's own (disbelieved) claims say open.
      if (!('open' in expected))
        expect(
          listed.filter((service) => service.access === 'open'),
          name,
        ).toEqual([]);
    }
    if (expected.listed === 'service') expect(listed, name).toEqual([expect.objectContaining(expected.service)]);
    behaviour.also?.(server, report);
  });
});

// Port 6379 here belongs to a Redis this machine runs, so "HTTP on the Redis port" is staged the
// other way round: a scan whose only rule reads Redis sends nothing but the Redis probe.
describe.skipIf(process.platform !== 'linux')('HTTP where only Redis is asked, a CLI scan of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-hostile-redis-'));
  let server: HostileServer;
  let run: CliRun;

  beforeAll(async () => {
    server = await http.badRequestToAnything();
    run = await runCli(
      [
        'scan',
        '--target',
        `127.0.0.1:${server.port}`,
        '--rules',
        'redis-unauthenticated',
        '--timeout',
        TIMEOUT,
        '--out',
        dir,
        '--no-history',
      ],
      dir,
      HUNG_AFTER_MS,
    );
  }, HUNG_AFTER_MS + 10_000);

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is listed as unknown, not Redis, with no finding, and the scan ends by itself', () => {
    expect(run.killed, 'the scan hung').toBe(false);
    expect(run.code, run.stderr).toBe(0);
    const report = run.report as Report;
    expect(reportProblem(report)).toBeUndefined();
    expect(report.services).toEqual([expect.objectContaining({ port: server.port, protocol: 'unknown' })]);
    expect(report.findings).toEqual([]);
    // It was asked (in Redis), and answered in HTTP.
    expect(server.connections()).toBeGreaterThan(0);
  });
});
