// MongoDB cannot be installed here, so the whole scan runs against test/emulators/mongodb.ts: a
// loopback server speaking the documented wire protocol with its own BSON writer, answering with
// the recorded buildInfo and a real mongod's reply to HTTP. Three profiles: a 3.4 server that only
// speaks OP_QUERY (and ignores OP_MSG), a 6.0 server that runs commands only over OP_MSG, and a 6.0
// server with authorization on.
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import {
  DEFAULT_DATABASES,
  startMongoEmulator,
  type MongoEmulator,
  type MongoEmulatorOptions,
  type MongoProfile,
} from '../emulators/mongodb.js';

const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const started: MongoEmulator[] = [];
afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

async function emulator(profile: MongoProfile, options: MongoEmulatorOptions = {}): Promise<MongoEmulator> {
  const server = await startMongoEmulator(profile, options);
  started.push(server);
  return server;
}

function scan(server: MongoEmulator): Promise<ScanOutcome> {
  return runScan(expandTargets([parseTarget(`127.0.0.1:${server.port}`)], []), RULES, SETTINGS, {
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

const findingsOf = (outcome: ScanOutcome) =>
  outcome.findings.filter((finding) => finding.ruleId === 'mongodb-unauthenticated');
const TOTAL = DEFAULT_DATABASES.reduce((sum, database) => sum + database.sizeOnDisk, 0);
/** The commands exposcan may send; anything else (find, count, getLog …) would be a bug. */
const ALLOWED = ['hello', 'isMaster', 'buildInfo', 'listDatabases'];

describe('MongoDB, emulated', () => {
  it('reports a 3.4 server over OP_QUERY (it ignores OP_MSG), critical, with names, count and size', async () => {
    const server = await emulator('legacy-3.4');
    const outcome = await scan(server);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      confidence: 'confirmed',
      product: 'mongodb',
      version: '3.4.24',
      target: { host: '127.0.0.1', port: server.port, protocol: 'mongodb', tls: false },
      evidence: {
        command: 'listDatabases',
        wire: 'OP_QUERY',
        role: 'standalone',
        databases: ['admin', 'config', 'local', 'shop'],
        databaseCount: 4,
        totalSizeBytes: TOTAL,
        ransomNotes: [],
      },
    });
    // Over 1 GiB of data: the score says so.
    expect(findings[0]!.why).toMatch(/over 1 GiB of data/);
    const commands = server.requests.map((request) => `${request.opCode}:${request.command}`);
    expect(commands).toEqual(['2013:hello', '2004:isMaster', '2004:buildInfo', '2004:listDatabases']);
    expect(
      server.requests
        .filter((request) => request.opCode === 2004)
        .every((request) => request.namespace === 'admin.$cmd'),
    ).toBe(true);
  });

  it('reports a 6.0 server over OP_MSG, where OP_QUERY commands are refused (the OP_QUERY-only false negative)', async () => {
    const server = await emulator('modern-6');
    const outcome = await scan(server);
    const findings = findingsOf(outcome);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      version: '6.0.19',
      evidence: { wire: 'OP_MSG', databaseCount: 4, totalSizeBytes: TOTAL },
    });
    expect(server.requests.map((request) => `${request.opCode}:${request.command}`)).toEqual([
      '2013:hello',
      '2004:isMaster',
      '2013:buildInfo',
      '2013:listDatabases',
    ]);
    const list = server.requests.find((request) => request.command === 'listDatabases')!;
    expect(list.keys).toEqual(['listDatabases', 'nameOnly', '$db', '$readPreference']);
  });

  it('does not report a server with authorization on (Unauthorized, code 13), and lists it as auth-required', async () => {
    const server = await emulator('auth-6');
    const outcome = await scan(server);
    expect(findingsOf(outcome)).toEqual([]);
    expect(outcome.services).toEqual([
      {
        host: '127.0.0.1',
        port: server.port,
        protocol: 'mongodb',
        tls: false,
        product: 'mongodb',
        version: '6.0.19',
        access: 'auth-required',
      },
    ]);
  });

  it('raises the score for a ransom note among the databases, and keeps at most 20 names', async () => {
    const databases = [
      { name: 'READ__ME_TO_RECOVER_YOUR_DATA', sizeOnDisk: 8192 },
      ...Array.from({ length: 24 }, (_, index) => ({
        name: `tenant_${String(index).padStart(2, '0')}`,
        sizeOnDisk: 65_536,
      })),
    ];
    const server = await emulator('modern-6', { databases });
    const [finding] = findingsOf(await scan(server));
    expect(finding).toMatchObject({ evidence: { databaseCount: 25, ransomNotes: ['READ__ME_TO_RECOVER_YOUR_DATA'] } });
    expect(finding!.evidence.databases).toHaveLength(20);
    expect(finding!.message).toMatch(/ransom note \('READ__ME_TO_RECOVER_YOUR_DATA'\)/);
    expect(finding!.why).toMatch(/\+1 ransom note left by an attacker/);
    const [plain] = findingsOf(await scan(await emulator('modern-6', { databases: databases.slice(1) })));
    expect(finding!.score - plain!.score).toBe(1);
  });

  it('sends nothing but hello, isMaster, buildInfo and listDatabases to any profile', () => {
    const commands = new Set(started.flatMap((server) => server.requests.map((request) => request.command)));
    expect(
      [...commands].every((command) => ALLOWED.includes(command)),
      [...commands].join(', '),
    ).toBe(true);
  });
});
