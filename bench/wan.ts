// `npm run bench -- --wan` runs this file inside `unshare -n` (see run.ts): it builds the
// internet-shaped lab of wan-lab.ts, then, `--runs` times, scans the /24 × exposcan's default
// ports with exposcan's default flags and with `nmap -sS -T4` over the same endpoints, and prints
// wall time, endpoints per second, open ports found out of those that exist, and peak RSS.
// `--json` prints the runs as JSON instead (the namespace test reads it).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultPorts } from '../src/engine/registry.js';
import { RULES } from '../rules/index.js';
import { REPO_ROOT, type ExposcanReport } from './exposcan.js';
import { megabytes, rate, seconds, table } from './format.js';
import { machineLines } from './machine.js';
import { measure } from './measure.js';
import { parseNmapXml } from './nmap.js';
import { formatWanProfile, profileWanScan } from './wan-profile.js';
import { startWanLab, SYN_LOSS_PERCENT, WAN_HOSTS, WAN_RANGE, type OpenPort } from './wan-lab.js';

export interface WanScannerRun {
  readonly scanner: 'exposcan' | 'nmap';
  readonly command: string;
  readonly wallMs: number;
  readonly endpoints: number;
  readonly peakRssKb: number;
  /** CPU time of the process (user + system). */
  readonly cpuMs: number;
  /** 1-minute load average when this scanner started (the machine is shared). */
  readonly load: number;
  /** The lab's open ports this scanner reported open. */
  readonly found: readonly string[];
  readonly missed: readonly string[];
  /** Ports reported open that are not open in the lab (never expected). */
  readonly extra: readonly string[];
}

export interface WanRun {
  readonly run: number;
  readonly exposcan: WanScannerRun;
  readonly nmap?: WanScannerRun;
}

const key = (host: string, port: number) => `${host}:${port}`;

function compare(reported: Iterable<string>, open: readonly OpenPort[]) {
  const seen = new Set(reported);
  const wanted = open.map((port) => key(port.host, port.port));
  return {
    found: wanted.filter((k) => seen.has(k)),
    missed: wanted.filter((k) => !seen.has(k)),
    extra: [...seen].filter((k) => !wanted.includes(k)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'no-nmap': { type: 'boolean' },
      json: { type: 'boolean' },
      profile: { type: 'boolean' },
    },
  });
  const runs = Number(values.runs ?? '5');
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a whole number from 1, not '${values.runs}'`);
  const log = (line: string) => console.error(`[wan ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const ports = defaultPorts(RULES, RULES);
  const endpoints = 256 * ports.length;
  const work = mkdtempSync(path.join(os.tmpdir(), 'exposcan-wan-'));
  const machine = machineLines();
  const lab = await startWanLab(log);
  if (values.profile) {
    try {
      for (let run = 1; run <= runs; run++) {
        log(`profile ${run}/${runs}: runScan in-process over ${WAN_RANGE} × ${ports.length} ports`);
        console.log(formatWanProfile(await profileWanScan()));
      }
    } finally {
      await lab.stop();
    }
    return;
  }
  const results: WanRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const out = path.join(work, `exposcan-${run}`);
      const args = ['scan', '--target', WAN_RANGE, '--out', out, '--no-history'];
      log(`run ${run}/${runs}: exposcan (default flags) over ${WAN_RANGE} × ${ports.length} ports`);
      const load = os.loadavg()[0]!;
      const measured = await measure(path.join(REPO_ROOT, 'bin/exposcan.js'), args, { cwd: REPO_ROOT });
      if (measured.code !== 0)
        throw new Error(
          `exposcan exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim().split('\n').slice(-3).join(' | ')}`,
        );
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as ExposcanReport;
      const exposcan: WanScannerRun = {
        scanner: 'exposcan',
        command: `bin/exposcan.js ${args.join(' ')}`,
        wallMs: measured.wallMs,
        endpoints: report.scan.stats.endpoints,
        peakRssKb: measured.peakRssKb,
        cpuMs: measured.cpuMs,
        load,
        ...compare(
          report.services.map((service) => key(service.host, service.port)),
          lab.open,
        ),
      };
      let nmap: WanScannerRun | undefined;
      if (!values['no-nmap']) {
        const xml = path.join(work, `nmap-${run}.xml`);
        const nmapArgs = ['-sS', '-T4', '-Pn', '-n', '-p', ports.join(','), '-oX', xml, WAN_RANGE];
        log(`run ${run}/${runs}: nmap ${nmapArgs.join(' ')}`);
        const nmapLoad = os.loadavg()[0]!;
        const nmapMeasured = await measure('nmap', nmapArgs);
        if (nmapMeasured.code !== 0)
          throw new Error(
            `nmap exited with ${nmapMeasured.code ?? nmapMeasured.signal}: ${nmapMeasured.stderr.trim()}`,
          );
        const scanned = parseNmapXml(readFileSync(xml, 'utf8'));
        nmap = {
          scanner: 'nmap',
          command: `nmap ${nmapArgs.join(' ')}`,
          wallMs: nmapMeasured.wallMs,
          endpoints,
          peakRssKb: nmapMeasured.peakRssKb,
          cpuMs: nmapMeasured.cpuMs,
          load: nmapLoad,
          ...compare(
            scanned.filter((port) => port.state === 'open').map((port) => key(port.host, port.port)),
            lab.open,
          ),
        };
      }
      results.push({ run, exposcan, ...(nmap ? { nmap } : {}) });
      log(
        `run ${run}: exposcan ${seconds(exposcan.wallMs)}, ${exposcan.found.length}/${lab.open.length} open ports${nmap ? `; nmap ${seconds(nmap.wallMs)}, ${nmap.found.length}/${lab.open.length}` : ''}`,
      );
    }
  } finally {
    await lab.stop();
  }
  if (values.json) {
    console.log(JSON.stringify({ open: lab.open, ports, runs: results }, null, 2));
    return;
  }
  const rows = results.flatMap((result) =>
    [result.exposcan, ...(result.nmap ? [result.nmap] : [])].map((scan) => [
      String(result.run),
      scan.scanner,
      scan.load.toFixed(2),
      seconds(scan.wallMs),
      seconds(scan.cpuMs),
      rate(scan.endpoints / (scan.wallMs / 1000)),
      `${scan.found.length}/${lab.open.length}${scan.missed.length > 0 ? ` (missed ${scan.missed.join(', ')})` : ''}${scan.extra.length > 0 ? ` (+${scan.extra.length} not open)` : ''}`,
      megabytes(scan.peakRssKb),
    ]),
  );
  console.log(
    [
      '## exposcan internet-shaped benchmark (npm run bench -- --wan)',
      '',
      ...machine.map((line) => `- ${line}`),
      `- lab: ${WAN_RANGE} in a network namespace of its own; ${WAN_HOSTS.length} live hosts, the other ${256 - WAN_HOSTS.length} addresses drop SYNs; ${SYN_LOSS_PERCENT} % of SYNs to live hosts dropped at random; ${lab.open.length} open ports (${lab.open.map((port) => `${port.server} ${port.host}:${port.port}`).join(', ')})`,
      `- endpoints: 256 × ${ports.length} default ports = ${endpoints}`,
      '',
      table(
        [
          'run',
          'scanner',
          'load (1 min) at start',
          'wall time',
          'CPU time',
          'endpoints/s',
          'open ports found',
          'peak RSS',
        ],
        rows,
      ),
      '',
      'Commands (inside the namespace, from the repository root):',
      '',
      '```sh',
      ...new Set(
        results.flatMap((result) => [
          result.exposcan.command.replace(/exposcan-wan-[^/]+\/exposcan-\d+/, 'exposcan-wan-XXXX/exposcan-N'),
          ...(result.nmap
            ? [result.nmap.command.replace(/exposcan-wan-[^/]+\/nmap-\d+/, 'exposcan-wan-XXXX/nmap-N')]
            : []),
        ]),
      ),
      '```',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`bench --wan: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
