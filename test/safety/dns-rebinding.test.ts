// DNS rebinding: a target host name whose answer changes after the first lookup must not move the
// endpoint's later connections (the HTTP follow-ups) to the new address. The resolver is played
// by a preload (test/helpers/rebinding-resolver.mjs: no DNS traffic at all); the first address
// serves a recorded Kibana 7 (emulator of recorded responses), the second is a purpose-built
// listener on 127.0.0.2 counting the connections it gets. The built CLI scans the name.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElasticEmulator, type ElasticEmulator } from '../emulators/elastic.js';
import { runCli } from './run-cli.js';

const RESOLVER = fileURLToPath(new URL('../helpers/rebinding-resolver.mjs', import.meta.url));
const NAME = 'kibana.rebinding.test';

describe('a host name resolved again mid-scan (DNS rebinding)', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-rebinding-'));
  const log = join(work, 'lookups.log');
  let kibana: ElasticEmulator;
  let elsewhere: http.Server;
  let connectionsElsewhere = 0;
  let run: { code: number | string; stdout: string; stderr: string };
  let report: { findings: { ruleId: string; target?: { host: string; port: number; address?: string } }[] };

  beforeAll(async () => {
    kibana = await startElasticEmulator('kibana-7-open');
    // The rebound address listens on the same port, so a follow-up sent there would be answered.
    elsewhere = http.createServer((_req, res) => res.end('not the host that was scanned'));
    elsewhere.on('connection', () => connectionsElsewhere++);
    await new Promise<void>((resolve, reject) => {
      elsewhere.once('error', reject);
      elsewhere.listen(kibana.port, '127.0.0.2', () => resolve());
    });
    const out = join(work, 'out');
    run = await runCli(
      ['scan', '--target', `${NAME}:${kibana.port}`, '--timeout', '3s', '--out', out, '--no-history'],
      {
        nodeArgs: ['--import', RESOLVER],
        env: {
          ...process.env,
          REBIND_NAME: NAME,
          REBIND_FIRST: '127.0.0.1',
          REBIND_THEN: '127.0.0.2',
          REBIND_LOG: log,
        },
      },
    );
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  });

  afterAll(async () => {
    await kibana.close();
    await new Promise((resolve) => elsewhere.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('looks the name up once, for the first connection', () => {
    expect(run.code).toBe(0);
    expect(existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []).toEqual(['127.0.0.1']);
  });

  it('sends the follow-ups to the address the first connection reached, never to the rebound one', () => {
    expect(kibana.requests).toEqual(expect.arrayContaining(['/', '/api/status']));
    expect(connectionsElsewhere).toBe(0);
  });

  it('reports the Kibana under the name, with the address it was reached at', () => {
    const finding = report.findings.find((candidate) => candidate.ruleId === 'kibana-unauthenticated');
    expect(finding?.target).toMatchObject({ host: NAME, port: kibana.port, address: '127.0.0.1' });
  });
});
