// Real container engines on ports other than 2375/2376 (free loopback ports): Debian's dockerd
// 20.10 (package docker.io) and podman 4.3's Docker-compatible service (package podman), each
// started by the test with state directories of its own; the near miss is dockerd run with
// `--tlsverify`, as Docker's "protect the daemon socket" page says. Neither engine puts a product
// header on its 404 at `/`: they are found through the pilot `GET /_ping` that the bare 404 earns.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  dockerdBinary,
  podmanBinary,
  startDockerd,
  startPodman,
  type ContainerEngine,
} from '../helpers/services-containers.js';
import { stopAll } from '../helpers/services.js';

// A bound, not a wait: podman's first /info takes seconds (it inspects its storage and
// runtimes), more on a loaded machine, and a /info that times out would make the finding `firm`.
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 20_000 };
const dockerd = dockerdBinary();
const podman = podmanBinary();

function scan(port: number): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

function getRoot(port: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/' }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}

afterAll(stopAll);

describe('a Go server that is not a container engine (its 404s as net/http writes them)', () => {
  it('costs the Docker fingerprint one pilot /_ping and nothing more, and is not reported as Docker', async () => {
    const requests: string[] = [];
    const server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      response
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
        .end('404 page not found\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const outcome = await scan((server.address() as AddressInfo).port);
      expect(outcome.findings).toEqual([]);
      // (The kubelet fingerprint asks its own /pods of a Go 404, as it did before the pilot.)
      expect(requests).toContain('/_ping');
      expect(requests).not.toContain('/version');
      expect(requests).not.toContain('/info');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe.skipIf(!dockerd)('Docker Engine API, real dockerd off the default ports', () => {
  let open: ContainerEngine;
  let tls: ContainerEngine;
  let version: string;

  beforeAll(async () => {
    [open, tls] = await Promise.all([startDockerd(), startDockerd({ tlsverify: true })]);
    // "Docker version 20.10.24+dfsg1, build 297e128"
    version = /Docker version (\S+),/.exec(execFileSync(dockerd!, ['--version'], { encoding: 'utf8' }))![1]!;
  }, 120_000);

  it('answers / with a bare 404 and no Docker header (what the fingerprint has to start from)', async () => {
    const root = await getRoot(open.port);
    expect(root.status).toBe(404);
    expect(JSON.parse(root.body)).toEqual({ message: 'page not found' });
    expect(root.headers.server).toBeUndefined();
    expect(root.headers['api-version']).toBeUndefined();
  });

  it('is reported critical on a port that is not 2375, with its real version and counts', async () => {
    const outcome = await scan(open.port);
    const findings = outcome.findings.filter((finding) => finding.ruleId === 'docker-api-unauthenticated');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'docker',
      version,
      message: `Docker ${version} Engine API answered without credentials: 0 containers, 0 images.`,
      evidence: { path: '/version', apiVersion: expect.stringMatching(/^\d+\.\d+$/), containers: 0, images: 0 },
    });
    expect(outcome.services).toContainEqual(
      expect.objectContaining({ port: open.port, product: 'docker', access: 'open', version }),
    );
  });

  it('near miss: --tlsverify refuses a client without a certificate, and nothing is reported', async () => {
    const outcome = await scan(tls.port);
    expect(outcome.findings.filter((finding) => finding.product === 'docker')).toEqual([]);
    expect(outcome.services.filter((service) => service.product === 'docker')).toEqual([]);
  });
});

describe.skipIf(!podman)('podman’s Docker-compatible API, real podman system service', () => {
  let server: ContainerEngine;
  let version: string;

  beforeAll(async () => {
    server = await startPodman();
    // "podman version 4.3.1"
    version = /podman version (\S+)/.exec(execFileSync(podman!, ['--version'], { encoding: 'utf8' }))![1]!;
  }, 120_000);

  it('answers / with a plain-text 404 and no product header', async () => {
    const root = await getRoot(server.port);
    expect(root.status).toBe(404);
    expect(root.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(root.headers.server).toBeUndefined();
  });

  it('is reported as podman, critical, and judged by no Docker Engine lifecycle', async () => {
    const outcome = await scan(server.port);
    const api = outcome.findings.filter((finding) => finding.ruleId === 'docker-api-unauthenticated');
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'podman',
      version,
      message: `Podman ${version} Engine API answered without credentials: 0 containers, 0 images.`,
    });
    // podman 4.3.1 is not Docker 4.3.1: no end-of-life or CVE verdict from Docker Engine's tables.
    expect(outcome.findings.filter((finding) => finding.ruleId.startsWith('software-'))).toEqual([]);
    expect(outcome.services).toContainEqual(
      expect.objectContaining({ port: server.port, product: 'podman', access: 'open', version }),
    );
  });
});
