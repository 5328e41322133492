// An ApsaraDB for ClickHouse cluster proven open by the probe, end to end: the Alibaba emulator
// (signatures verified) lists one cluster whose whitelist admits every address (its two halves)
// and whose public endpoint is a real ClickHouse (Debian's package) started on free loopback ports,
// its `default` user on an empty password; its HTTP port and TCP port are the entry's HttpPort
// and JdbcPort. The scan probes both ports from the inventory alone (no target given), and
// clickhouse-unauthenticated on each confirms the cloud finding, into which both are folded.
// Nothing leaves 127.0.0.1: the account holds nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { AlibabaAccount } from '../../src/cloud/accounts.js';
import { collectInventory } from '../../src/cloud/collect.js';
import { runScan } from '../../src/engine/run.js';
import type { ScanOutcome } from '../../src/engine/outcome.js';
import { installLoopbackOnlyGuard, type NetworkGuard } from '../emulators/aws-network-guard.js';
import { startAlibabaEmulator, type AlibabaEmulator } from '../emulators/alibaba.js';
import type { EmulatedAccount } from '../emulators/alibaba-products.js';
import { FRONT_DOOR_KEY, frontDoorAlibabaAccount, HANGZHOU } from '../fixtures/cloud/alibaba/front-doors.js';
import { clickhouseBinary, startClickhouse, type ClickhouseServer } from '../helpers/services-observability.js';
import { stopAll } from '../helpers/services.js';

const clickhouse = clickhouseBinary();
const SETTINGS = { concurrency: 4, perHost: 4, rate: 0, timeoutMs: 3000 };
const NOW = new Date('2026-11-25T00:00:00Z');

/** Only the open ClickHouse cluster, its public entry on the real server's ports. */
function accountOn(server: ClickhouseServer): EmulatedAccount {
  const base = frontDoorAlibabaAccount();
  const open = base.warehouses!.clickhouse![HANGZHOU]!.find((entry) => entry.cluster['DBClusterId'] === 'cc-bp1open')!;
  const publicEntry = {
    NetType: 'Public',
    ConnectionString: '127.0.0.1',
    IPAddress: '127.0.0.1',
    HttpPort: String(server.httpPort),
    JdbcPort: String(server.port),
    VpcId: '',
    VSwitchId: '',
  };
  return {
    ...base,
    frontDoors: {},
    warehouses: {
      clickhouse: {
        [HANGZHOU]: [
          { ...open, netInfo: [...open.netInfo.filter((item) => item['NetType'] !== 'Public'), publicEntry] },
        ],
      },
    },
  };
}

describe.skipIf(!clickhouse)('ApsaraDB for ClickHouse, proven by a real server behind its public endpoint', () => {
  let guard: NetworkGuard;
  let server: ClickhouseServer;
  let emulator: AlibabaEmulator;
  let outcome: ScanOutcome;

  beforeAll(async () => {
    guard = installLoopbackOnlyGuard();
    server = await startClickhouse();
    emulator = await startAlibabaEmulator({
      account: accountOn(server),
      keys: { [FRONT_DOOR_KEY.accessKeyId]: FRONT_DOOR_KEY.secretAccessKey },
    });
    const account: AlibabaAccount = { name: 'frontdoor', regions: [HANGZHOU], endpoints: { ...emulator.endpoints } };
    const inventory = await collectInventory(
      { alibaba: [account], aws: [] },
      {
        timeoutMs: 5000,
        concurrency: 2,
        credentials: { accessKeyId: FRONT_DOOR_KEY.accessKeyId, secretAccessKey: FRONT_DOOR_KEY.secretAccessKey },
      },
    );
    outcome = await runScan([], RULES, SETTINGS, { now: () => NOW, inventory });
  }, 90_000);

  afterAll(async () => {
    await emulator?.close();
    await stopAll();
    guard.uninstall();
    expect(guard.refused).toEqual([]);
  });

  it('one confirmed critical finding on the cluster, proven on both the HTTP and the native port', () => {
    const findings = outcome.findings.filter((finding) => finding.resource?.id === 'cc-bp1open');
    expect(findings.map((finding) => finding.ruleId)).toEqual(['alibaba-clickhouse-whitelist-open']);
    expect(findings[0]).toMatchObject({ severity: 'critical', confidence: 'confirmed' });
    expect([...(findings[0]!.evidence['confirmedBy'] as string[])].sort()).toEqual(
      [
        `clickhouse-unauthenticated at 127.0.0.1:${server.httpPort}`,
        `clickhouse-unauthenticated at 127.0.0.1:${server.port}`,
      ].sort(),
    );
    // Folded into the cloud finding, not reported again on their own.
    expect(outcome.findings.filter((finding) => finding.ruleId === 'clickhouse-unauthenticated')).toEqual([]);
  });

  it('the cluster itself is never judged by upstream end-of-life dates; the server the probe met is', () => {
    const endOfLife = outcome.findings.filter((finding) => finding.ruleId === 'software-end-of-life');
    expect(endOfLife.filter((finding) => finding.resource?.id === 'cc-bp1open')).toEqual([]);
    // Debian's 18.16 on the endpoint reported its own version: that judgement stands, on the endpoint.
    expect(endOfLife.length).toBeGreaterThan(0);
    expect(
      endOfLife.every((finding) => finding.target?.host === '127.0.0.1' && finding.version === server.version),
    ).toBe(true);
  });
});
