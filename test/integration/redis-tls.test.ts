// A real redis-server speaking only TLS (a self-signed certificate made here with openssl), on a
// port of its own that is not a TLS-typical one: the plain-text probes are hung up on, the TLS
// alert sends identification into TLS, and the open Redis inside is found.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRules } from '../../src/engine/registry.js';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { findBinary } from '../helpers/binaries.js';
import { freePort } from '../helpers/ports.js';
import { redisBinary } from '../helpers/services.js';

const redis = redisBinary();
const openssl = findBinary('openssl');

describe.skipIf(!redis || !openssl)('Redis over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-redis-tls-'));
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    execFileSync(
      openssl!,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    port = await freePort();
    server = spawn(
      redis!.path,
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--tls-cert-file',
        join(dir, 'cert.pem'),
        '--tls-key-file',
        join(dir, 'key.pem'),
        '--tls-ca-cert-file',
        join(dir, 'cert.pem'),
        '--tls-auth-clients',
        'no',
      ],
      { stdio: 'ignore' },
    );
    // Poll until the TLS port accepts connections.
    for (let tries = 0; tries < 50; tries++) {
      const up = await new Promise<boolean>((resolve) =>
        net
          .connect(port, '127.0.0.1')
          .once('connect', function (this: net.Socket) {
            this.destroy();
            resolve(true);
          })
          .once('error', () => resolve(false)),
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is found open, inside TLS', async () => {
    const outcome = await runScan(
      expandTargets([parseTarget(`127.0.0.1:${port}`)], []),
      selectRules(RULES, ['redis-unauthenticated'], []),
      { concurrency: 2, perHost: 2, rate: 0, timeoutMs: 3000 },
    );
    expect(outcome.services).toEqual([
      expect.objectContaining({
        port,
        protocol: 'redis',
        tls: true,
        product: 'redis',
        version: redis!.version,
        access: 'open',
      }),
    ]);
    expect(outcome.findings.map((finding) => [finding.ruleId, finding.target?.tls])).toEqual([
      ['redis-unauthenticated', true],
    ]);
  });
});
