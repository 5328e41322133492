// The scan journal (spool and checkpoint in --out, src/scan/journal.ts) is written while a scan
// runs and kept after an interruption, for --resume: it is output too, and must hold no secret a
// server showed. Through the built CLI: an Alibaba Cloud account on the local emulator (recorded
// API shapes, signatures verified) whose Elasticsearch public endpoint is the purpose-built
// Elasticsearch of secret-servers.ts (secret-shaped cluster and index names), and a tarpit target
// (accepts, never answers) that keeps the scan running. The journal is searched while the scan
// runs and again after SIGINT, with every other file in --out.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedAccount } from '../emulators/alibaba-account.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import { leaksIn } from './canaries.js';
import { toLoopback } from './cloud-lab.js';
import { startCli } from './run-cli.js';
import { startElasticsearchLike, type LabServer } from './secret-servers.js';

const ALIBABA_KEY = { id: 'LTAI5tJournalEmulatorKey', secret: 'journal-emulator-secret-01' };
const SPOOL = 'exposcan.spool.jsonl';

describe('the scan journal holds no secret a server showed', () => {
  const work = mkdtempSync(join(tmpdir(), 'exposcan-safety-journal-'));
  const out = join(work, 'reports');
  let elastic: LabServer;
  let alibaba: AlibabaEmulator;
  let tarpit: net.Server;
  const held = new Set<net.Socket>();
  /** The spool as read while the scan was still running, and every file in --out after SIGINT. */
  let spoolWhileRunning = '';
  const afterInterrupt = new Map<string, Buffer>();
  let exitCode: number | string;

  beforeAll(async () => {
    elastic = await startElasticsearchLike();
    tarpit = net.createServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
      socket.resume();
    });
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', () => resolve()));
    const account = toLoopback(emulatedAccount());
    for (const instance of account.elasticsearch['cn-shanghai'] ?? []) {
      if (instance.instanceId === 'es-cn-2022open')
        Object.assign(instance, { publicDomain: '127.0.0.1', publicPort: elastic.port });
    }
    alibaba = await startAlibabaEmulator({ account, keys: { [ALIBABA_KEY.id]: ALIBABA_KEY.secret } });
    const config = join(work, 'scan.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        targets: [`127.0.0.1:${(tarpit.address() as net.AddressInfo).port}`],
        cloud: { alibaba: [{ name: 'journal-alibaba', regions: ['cn-shanghai'], endpoints: alibaba.endpoints }] },
        timeout: '60s',
        concurrency: 2,
        out,
      }),
    );
    const scan = startCli(['scan', '--config', config, '--no-history'], {
      env: {
        PATH: process.env.PATH,
        HOME: work,
        ALIBABA_CLOUD_ACCESS_KEY_ID: ALIBABA_KEY.id,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALIBABA_KEY.secret,
      },
      timeoutMs: 150_000,
    });
    // The implied Elasticsearch endpoint is done once its line is in the spool; the tarpit holds the scan open.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && scan.child.exitCode === null) {
      const spool = join(out, SPOOL);
      spoolWhileRunning = existsSync(spool) ? readFileSync(spool, 'utf8') : '';
      if (spoolWhileRunning.includes(String(elastic.port))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    scan.child.kill('SIGINT');
    exitCode = await scan.exited;
    for (const file of readdirSync(out)) afterInterrupt.set(file, readFileSync(join(out, file)));
  }, 180_000);

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await Promise.all([elastic?.close(), alibaba?.close(), new Promise((resolve) => tarpit?.close(resolve))]);
  });

  it('the scan reached the implied Elasticsearch and was interrupted with its journal kept', () => {
    expect(spoolWhileRunning).toContain(String(elastic.port));
    expect(exitCode).not.toBe(0);
    expect([...afterInterrupt.keys()]).toEqual(expect.arrayContaining(['report.json', SPOOL]));
    const report = JSON.parse(afterInterrupt.get('report.json')!.toString('utf8')) as { scan: { partial: boolean } };
    expect(report.scan.partial).toBe(true);
  });

  // The drafts of implied endpoints are spooled (they are folded into cloud findings at the end):
  // they are redacted before they reach the disk, like everything else.
  it('the spool, while the scan runs, holds no planted secret', () => {
    expect(leaksIn(spoolWhileRunning)).toEqual([]);
  });

  it('no file left in --out after the interruption holds a planted secret', () => {
    const leaks = [...afterInterrupt].flatMap(([file, content]) => leaksIn(content).map((leak) => `${file}: ${leak}`));
    expect(leaks).toEqual([]);
  });
});
