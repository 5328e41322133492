// One host running every Debian-installable service the rule library covers, each on a loopback
// port of its own, open and protected side by side; ONE scan through the CLI, as a user runs it.
// Every open service must come back with the right rule, product and severity; the protected
// ones with nothing. Real servers, started here (the lifecycle rules are left out: a protected
// service past end of life is a finding of its own, tested elsewhere). Beside them, from npm:
// PGlite's socket server (devDependency), which has no protected configuration: it lets anyone in.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import {
  postgresTools,
  redisBinary,
  startPostgres,
  startRedis,
  stopAll,
  type RunningService,
} from '../helpers/services.js';
import { adminerVersion, startAdminer } from '../helpers/services-consoles.js';
import {
  clickhouseBinary,
  etcdBinary,
  prometheusBinary,
  startClickhouse,
  startEtcd,
  startPrometheus,
} from '../helpers/services-observability.js';
import { dockerdBinary, startDockerd } from '../helpers/services-containers.js';
import { influxdBinary, startInfluxdb } from '../helpers/services-influxdb.js';
import { startPglite } from '../helpers/services-pglite.js';
import {
  mariadbTools,
  memcachedBinary,
  mosquittoBinary,
  saslpasswdBinary,
  startMariadb,
  startMemcached,
  startMosquitto,
  startZookeeper,
  zookeeperTools,
} from '../helpers/services-wire.js';

const bin = fileURLToPath(new URL('../../bin/exposcan.js', import.meta.url));

interface Expectation {
  readonly name: string;
  readonly port: () => number;
  /** The rule that must fire, or undefined: nothing may. */
  readonly rule?: string;
  readonly product?: string;
  readonly severity?: Finding['severity'];
}

const available =
  redisBinary() &&
  postgresTools() &&
  memcachedBinary() &&
  saslpasswdBinary() &&
  mariadbTools() &&
  mosquittoBinary() &&
  zookeeperTools() &&
  etcdBinary() &&
  prometheusBinary() &&
  clickhouseBinary() &&
  adminerVersion() &&
  dockerdBinary() &&
  influxdBinary();

describe.skipIf(!available)('a lab host with every Debian service, open and protected', () => {
  const started: Record<string, RunningService & { httpPort?: number }> = {};
  let findings: Finding[] = [];
  let exitCode: number | null = null;

  beforeAll(async () => {
    const entries = await Promise.all(
      Object.entries({
        redisOpen: () => startRedis(),
        redisPassword: () => startRedis({ password: 'lab-secret-1' }),
        memcachedOpen: () => startMemcached('none'),
        memcachedSasl: () => startMemcached('sasl'),
        postgresTrust: () => startPostgres({ auth: 'trust' }),
        postgresScram: () => startPostgres({ auth: 'scram-sha-256' }),
        postgresHostsslTrust: () => startPostgres({ auth: 'trust', hostssl: true }),
        postgresHostsslScram: () => startPostgres({ auth: 'scram-sha-256', hostssl: true }),
        mariadbEmptyRoot: () => startMariadb('empty-root'),
        mariadbPassword: () => startMariadb('root-password'),
        mosquittoAnonymous: () => startMosquitto({ anonymous: true }),
        mosquittoPassword: () => startMosquitto({ anonymous: false }),
        mosquittoWsAnonymous: () => startMosquitto({ anonymous: true, websockets: true }),
        mosquittoWsPassword: () => startMosquitto({ anonymous: false, websockets: true }),
        pglite: () => startPglite(),
        zookeeperOpen: () => startZookeeper({ whitelist: 'mntr, srvr, ruok' }),
        zookeeperDefault: () => startZookeeper(),
        zookeeperEnforced: () => startZookeeper({ enforceAuth: true }),
        dockerOpen: () => startDockerd(),
        dockerTlsverify: () => startDockerd({ tlsverify: true }),
        influxdbOpen: () => startInfluxdb(),
        influxdbAuth: () => startInfluxdb({ auth: true }),
        etcdOpen: () => startEtcd({ keys: 3 }),
        etcdAuth: () => startEtcd({ auth: true }),
        prometheusOpen: () => startPrometheus(),
        prometheusBasicAuth: () => startPrometheus({ basicAuth: true }),
        clickhouseOpen: () => startClickhouse(),
        clickhousePassword: () => startClickhouse({ password: 'lab-secret-2' }),
        adminer: () => startAdminer({ layout: 'root' }),
      }).map(async ([name, start]) => [name, await start()] as const),
    );
    for (const [name, service] of entries) started[name] = service;

    const out = mkdtempSync(join(tmpdir(), 'exposcan-lab-'));
    const targets = expectations.flatMap((expectation) => ['--target', `127.0.0.1:${expectation.port()}`]);
    const result = spawnSync(
      process.execPath,
      [
        bin,
        'scan',
        ...targets,
        '--exclude-rules',
        'software-end-of-life,software-known-vulnerable',
        '--timeout',
        '3s',
        '--out',
        out,
        '--fail-on',
        'high',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    exitCode = result.status;
    findings = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).findings as Finding[];
  }, 180_000);

  afterAll(() => stopAll(), 60_000);

  const port =
    (name: string, which: 'port' | 'httpPort' = 'port') =>
    () => {
      const service = started[name]!;
      return which === 'httpPort' ? service.httpPort! : service.port;
    };

  const expectations: readonly Expectation[] = [
    {
      name: 'Redis without a password',
      port: port('redisOpen'),
      rule: 'redis-unauthenticated',
      product: 'redis',
      severity: 'critical',
    },
    { name: 'Redis with requirepass', port: port('redisPassword') },
    {
      name: 'Memcached without SASL',
      port: port('memcachedOpen'),
      rule: 'memcached-unauthenticated',
      product: 'memcached',
      severity: 'high',
    },
    { name: 'Memcached with SASL', port: port('memcachedSasl') },
    {
      name: 'PostgreSQL with trust',
      port: port('postgresTrust'),
      rule: 'postgres-trust-auth',
      product: 'postgresql',
      severity: 'critical',
    },
    { name: 'PostgreSQL with SCRAM', port: port('postgresScram') },
    // Plain text refused for want of encryption: the same startup inside TLS decides.
    {
      name: 'PostgreSQL with hostssl trust',
      port: port('postgresHostsslTrust'),
      rule: 'postgres-trust-auth',
      product: 'postgresql',
      severity: 'critical',
    },
    { name: 'PostgreSQL with hostssl scram-sha-256', port: port('postgresHostsslScram') },
    {
      name: 'MariaDB root without a password',
      port: port('mariadbEmptyRoot'),
      rule: 'mysql-empty-password',
      product: 'mariadb',
      severity: 'critical',
    },
    { name: 'MariaDB root with a password', port: port('mariadbPassword') },
    {
      name: 'Mosquitto allowing anonymous clients',
      port: port('mosquittoAnonymous'),
      rule: 'mqtt-anonymous',
      severity: 'high',
    },
    { name: 'Mosquitto with a password file', port: port('mosquittoPassword') },
    // MQTT over WebSockets (`protocol websockets`): the upgrade on /mqtt, then the same CONNECT.
    {
      name: 'Mosquitto websockets listener allowing anonymous clients',
      port: port('mosquittoWsAnonymous'),
      rule: 'mqtt-anonymous',
      severity: 'high',
    },
    { name: 'Mosquitto websockets listener with a password file', port: port('mosquittoWsPassword') },
    // Silent to the stray GET: found by the PostgreSQL startup sent beside it.
    {
      name: 'PGlite socket server (silent to GET, trusts everyone)',
      port: port('pglite'),
      rule: 'postgres-trust-auth',
      product: 'postgresql',
      severity: 'critical',
    },
    {
      name: 'ZooKeeper with mntr whitelisted',
      port: port('zookeeperOpen'),
      rule: 'zookeeper-unauthenticated',
      product: 'zookeeper',
      severity: 'high',
    },
    // The words are whitelisted away, but a session without credentials lists /.
    {
      name: 'ZooKeeper with the default whitelist',
      port: port('zookeeperDefault'),
      rule: 'zookeeper-unauthenticated',
      product: 'zookeeper',
      severity: 'high',
    },
    { name: 'ZooKeeper with enforce.auth.enabled (SASL)', port: port('zookeeperEnforced') },
    // Off 2375/2376: found through the pilot /_ping their bare 404 at / earns.
    {
      name: 'dockerd on TCP without TLS',
      port: port('dockerOpen'),
      rule: 'docker-api-unauthenticated',
      product: 'docker',
      severity: 'critical',
    },
    { name: 'dockerd with --tlsverify', port: port('dockerTlsverify') },
    {
      name: 'InfluxDB with auth off',
      port: port('influxdbOpen'),
      rule: 'influxdb-unauthenticated',
      product: 'influxdb',
      severity: 'high',
    },
    // Partial protection: /query asks for credentials, /debug/vars does not.
    {
      name: 'InfluxDB with auth-enabled (metadata only)',
      port: port('influxdbAuth'),
      rule: 'influxdb-debug-vars-exposed',
      product: 'influxdb',
      severity: 'medium',
    },
    {
      name: 'etcd without auth',
      port: port('etcdOpen'),
      rule: 'etcd-unauthenticated',
      product: 'etcd',
      severity: 'critical',
    },
    { name: 'etcd with auth enabled', port: port('etcdAuth') },
    {
      name: 'Prometheus without auth',
      port: port('prometheusOpen'),
      rule: 'prometheus-unauthenticated',
      product: 'prometheus',
      severity: 'high',
    },
    { name: 'Prometheus with basic auth', port: port('prometheusBasicAuth') },
    {
      name: 'ClickHouse HTTP, default user without a password',
      port: port('clickhouseOpen', 'httpPort'),
      rule: 'clickhouse-unauthenticated',
      product: 'clickhouse',
      severity: 'critical',
    },
    {
      name: 'ClickHouse native, default user without a password',
      port: port('clickhouseOpen'),
      rule: 'clickhouse-unauthenticated',
      product: 'clickhouse',
      severity: 'critical',
    },
    { name: 'ClickHouse HTTP with a password', port: port('clickhousePassword', 'httpPort') },
    { name: 'ClickHouse native with a password', port: port('clickhousePassword') },
    {
      name: 'Adminer login page',
      port: port('adminer'),
      rule: 'adminer-exposed',
      product: 'adminer',
      severity: 'medium',
    },
  ];

  it('exits 1: findings at or above high exist', () => {
    expect(exitCode).toBe(1);
  });

  for (const expectation of expectations) {
    it(expectation.rule ? `${expectation.name}: ${expectation.rule}` : `${expectation.name}: nothing`, () => {
      const here = findings.filter((finding) => finding.target?.port === expectation.port());
      if (!expectation.rule) {
        expect(here.map((finding) => finding.ruleId)).toEqual([]);
        return;
      }
      expect(here.map((finding) => finding.ruleId)).toEqual([expectation.rule]);
      expect(here[0]).toMatchObject({
        severity: expectation.severity,
        ...(expectation.product ? { product: expectation.product } : {}),
      });
      expect(here[0]!.version ?? here[0]!.product, 'a version or at least the product').toBeTruthy();
    });
  }
});
