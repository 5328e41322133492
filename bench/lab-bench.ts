// The default benchmark: one lab, scanned by exposcan and by nmap -sV with read-only NSE scripts in
// the same run, plus the loopback's raw connect rate, a closed-port sweep (exposcan's engine
// ceiling) and a tarpit-only scan (what a silent endpoint costs). Prints everything as Markdown.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureConnectRate, startAcceptor, type ConnectRate } from './connect-rate.js';
import { runExposcan, type ExposcanRun } from './exposcan.js';
import { megabytes, rate, seconds, table } from './format.js';
import type { Lab } from './lab.js';
import { measure, type Measured } from './measure.js';
import { nmapArgs, parseNmapXml, type NmapPort } from './nmap.js';
import { parityRows, strayPorts, type ParityRow } from './parity.js';

export interface LabBenchOptions {
  readonly lab: Lab;
  readonly workDir: string;
  readonly nmap?: { readonly path: string };
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** The closed-port sweep: a range where nothing listens, and its ports. */
  readonly sweepRange: string;
  readonly sweepPorts: readonly number[];
  /** The same sweep on ports exposcan tries TLS on first. */
  readonly tlsSweepPorts: readonly number[];
  /** Concurrency of the sweep and of the raw connect loop it is compared with. */
  readonly sweepConcurrency: number;
  readonly rawConnections: number;
  readonly log: (line: string) => void;
}

export interface LabBenchResult {
  readonly gridEndpoints: number;
  readonly exposcan: ExposcanRun;
  readonly exposcanConnections: number;
  readonly nmap?: {
    readonly measured: Measured;
    readonly scanMs: number;
    readonly ports: readonly NmapPort[];
    readonly command: string;
  };
  readonly parity?: readonly ParityRow[];
  readonly rawClosed: ConnectRate;
  readonly rawOpen: ConnectRate;
  readonly sweep: ExposcanRun;
  readonly tlsSweep: ExposcanRun;
  readonly tarpits: { readonly run: ExposcanRun; readonly count: number };
}

const timeoutFlag = (ms: number) => `${ms}ms`;

function meanRate(a: ConnectRate, b: ConnectRate): ConnectRate {
  const connections = a.connections + b.connections;
  const ms = a.ms + b.ms;
  return { connections, ms, perSecond: (connections / ms) * 1000, unexpected: a.unexpected + b.unexpected };
}

export async function runLabBench(options: LabBenchOptions): Promise<LabBenchResult> {
  const { lab, workDir, log } = options;
  const targetsFile = path.join(workDir, 'lab-hosts.txt');
  writeFileSync(targetsFile, lab.hosts.join('\n') + '\n');
  const gridEndpoints = lab.hosts.length * lab.ports.length;

  // The raw rate and the sweep back to back (raw, sweep, raw again), at the same concurrency, so
  // both see the same load on a shared machine; the raw figure is the mean of the two.
  const rawRound = async () => {
    const closed = await measureConnectRate(
      '127.3.0.1',
      9,
      'refused',
      options.rawConnections,
      options.sweepConcurrency,
    );
    const acceptor = await startAcceptor('127.3.0.2');
    const open = await measureConnectRate(
      '127.3.0.2',
      acceptor.port,
      'connected',
      options.rawConnections,
      options.sweepConcurrency,
    ).finally(() => acceptor.close());
    return { closed, open };
  };
  log(
    `raw loopback connect rate: ${options.rawConnections} connections each to a closed and an open port, ${options.sweepConcurrency} at a time`,
  );
  const rawBefore = await rawRound();
  const sweepOn = (ports: readonly number[], name: string) => {
    log(
      `exposcan: closed-port sweep of ${options.sweepRange} on ${ports.join(',')}, --rate 0 --concurrency ${options.sweepConcurrency}`,
    );
    return runExposcan({
      targets: [options.sweepRange],
      ports,
      out: path.join(workDir, name),
      timeout: timeoutFlag(options.timeoutMs),
      concurrency: options.sweepConcurrency,
      rate: 0,
    });
  };
  const sweep = await sweepOn(options.sweepPorts, 'exposcan-sweep');
  // Ports where exposcan tries TLS first (443, 8443, …): the same closed ports, through tls.connect.
  const tlsSweep = await sweepOn(options.tlsSweepPorts, 'exposcan-sweep-tls');
  log('raw loopback connect rate again');
  const rawAfter = await rawRound();
  const rawClosed = meanRate(rawBefore.closed, rawAfter.closed);
  const rawOpen = meanRate(rawBefore.open, rawAfter.open);

  log(`exposcan: ${lab.hosts.length} hosts × ${lab.ports.length} ports = ${gridEndpoints} endpoints`);
  const acceptedBefore = lab.accepted();
  const exposcan = await runExposcan({
    targetsFile,
    ports: lab.ports,
    out: path.join(workDir, 'exposcan-lab'),
    timeout: timeoutFlag(options.timeoutMs),
    concurrency: options.concurrency,
  });
  // Connections made: every one a lab listener accepted, plus one refused per closed cell.
  const exposcanConnections = lab.accepted() - acceptedBefore + (exposcan.report.scan.stats.failures.refused ?? 0);

  let nmap: LabBenchResult['nmap'];
  let parity: ParityRow[] | undefined;
  if (options.nmap) {
    const xmlFile = path.join(workDir, 'nmap-lab.xml');
    const args = nmapArgs(targetsFile, lab.ports, xmlFile);
    log(`nmap: ${options.nmap.path} ${args.join(' ')}`);
    const measured = await measure(options.nmap.path, args);
    if (measured.code !== 0)
      throw new Error(`nmap exited with ${measured.code ?? measured.signal}: ${measured.stderr.trim()}`);
    const xml = readFileSync(xmlFile, 'utf8');
    const ports = parseNmapXml(xml);
    // nmap's own figure for its scan, start-up excluded, like exposcan's durationMs.
    const elapsed = Number(/<finished [^>]*elapsed="([\d.]+)"/.exec(xml)?.[1] ?? NaN) * 1000;
    nmap = { measured, ports, scanMs: elapsed, command: `nmap ${args.join(' ')}` };
    parity = parityRows(lab.endpoints, ports, exposcan.report.services, exposcan.report.findings);
  }

  const tarpitTargets = lab.endpoints
    .filter((endpoint) => endpoint.role === 'tarpit')
    .map((endpoint) => `${endpoint.host}:${endpoint.port}`);
  log(`exposcan: the ${tarpitTargets.length} tarpits alone`);
  const tarpitRun = await runExposcan({
    targets: tarpitTargets,
    ports: lab.ports,
    out: path.join(workDir, 'exposcan-tarpits'),
    timeout: timeoutFlag(options.timeoutMs),
    concurrency: options.concurrency,
  });

  return {
    gridEndpoints,
    exposcan,
    exposcanConnections,
    ...(nmap ? { nmap } : {}),
    ...(parity ? { parity } : {}),
    rawClosed,
    rawOpen,
    sweep,
    tlsSweep,
    tarpits: { run: tarpitRun, count: tarpitTargets.length },
  };
}

export function formatLabBench(
  result: LabBenchResult,
  options: Pick<LabBenchOptions, 'timeoutMs' | 'concurrency' | 'lab' | 'sweepConcurrency'>,
): string {
  const out: string[] = [];
  const { exposcan, nmap } = result;
  const perSecond = (endpoints: number, ms: number) => rate((endpoints / ms) * 1000);

  out.push(
    `### Lab scan: ${options.lab.hosts.length} hosts × ${options.lab.ports.length} ports = ${result.gridEndpoints} endpoints, ${options.lab.endpoints.length} listening`,
    '',
  );
  const rows = [
    [
      'exposcan',
      seconds(exposcan.measured.wallMs),
      seconds(exposcan.report.scan.durationMs),
      perSecond(result.gridEndpoints, exposcan.measured.wallMs),
      megabytes(exposcan.measured.peakRssKb),
      '1.0×',
    ],
  ];
  if (nmap) {
    rows.push([
      'nmap -sV + NSE',
      seconds(nmap.measured.wallMs),
      seconds(nmap.scanMs),
      perSecond(result.gridEndpoints, nmap.measured.wallMs),
      megabytes(nmap.measured.peakRssKb),
      `${(nmap.measured.wallMs / exposcan.measured.wallMs).toFixed(1)}× slower`,
    ]);
  }
  out.push(
    table(
      [
        'scanner',
        'wall time (process)',
        'scan time (own report)',
        'endpoints/s (wall)',
        'peak RSS',
        'wall time vs exposcan',
      ],
      rows,
    ),
    '',
  );

  if (result.parity) {
    const missed = result.parity.filter((row) => row.verdict === 'missed');
    const count = (test: (row: ParityRow) => boolean) => result.parity!.filter(test).length;
    out.push(
      `### Detection parity: ${result.parity.length} listening endpoints; identified by nmap ${count((row) => row.nmapIdentified)}, by exposcan ${count((row) => row.exposcanIdentified)}; ` +
        `exposcan missed what nmap found on ${missed.length}; exposcan named a product nmap did not on ${count((row) => row.exposcanMore)}`,
      '',
    );
    out.push(
      table(
        ['endpoint', 'lab', 'nmap -sV (scripts with output)', 'exposcan (findings)', 'parity'],
        result.parity.map((row) => [
          `${row.host}:${row.port}`,
          row.lab,
          `${row.nmap}${row.nmapScripts.length > 0 ? ` (${row.nmapScripts.join(', ')})` : ''}`,
          `${row.exposcan}${row.exposcanFindings.length > 0 ? ` (${row.exposcanFindings.join(', ')})` : ''}`,
          row.verdict === 'ok' ? (row.exposcanMore ? 'ok, exposcan more' : 'ok') : `MISSED: ${row.missed}`,
        ]),
      ),
      '',
    );
    const stray = strayPorts(options.lab.endpoints, nmap!.ports, exposcan.report.services);
    out.push(
      `Open ports reported outside the lab's listening cells: ${stray.length === 0 ? 'none' : stray.join(', ')}`,
      '',
    );
  }

  const labConnRate = (result.exposcanConnections / exposcan.measured.wallMs) * 1000;
  const share = (perSecond: number) => `${Math.round((perSecond / result.rawClosed.perSecond) * 100)}%`;
  const sweepRow = (run: ExposcanRun, what: string) => {
    const stats = run.report.scan.stats;
    const scanRate = (stats.endpoints / run.report.scan.durationMs) * 1000;
    return [
      `exposcan sweep, ${what} (${stats.failures.refused ?? 0} refused; peak RSS ${megabytes(run.measured.peakRssKb)})`,
      String(stats.endpoints),
      `${seconds(run.report.scan.durationMs)} (process ${seconds(run.measured.wallMs)})`,
      `${rate(scanRate)} (process ${rate((stats.endpoints / run.measured.wallMs) * 1000)})`,
      `${share(scanRate)} (process ${share((stats.endpoints / run.measured.wallMs) * 1000)})`,
    ];
  };
  out.push(
    `### Throughput against the loopback ceiling (concurrency ${options.sweepConcurrency}; raw rates are the mean of a run before and a run after the sweeps)`,
    '',
  );
  out.push(
    table(
      ['measurement', 'connections', 'time', 'connections/s', 'share of raw closed-port rate'],
      [
        [
          'raw Node connect, closed port (refused)',
          String(result.rawClosed.connections),
          seconds(result.rawClosed.ms),
          rate(result.rawClosed.perSecond),
          '100%',
        ],
        [
          'raw Node connect+close, open port',
          String(result.rawOpen.connections),
          seconds(result.rawOpen.ms),
          rate(result.rawOpen.perSecond),
          share(result.rawOpen.perSecond),
        ],
        sweepRow(result.sweep, 'closed plain-text ports'),
        sweepRow(result.tlsSweep, 'closed TLS-first ports'),
        [
          'exposcan lab scan (bounded by tarpit and slow-responder timeouts, not by connecting)',
          String(result.exposcanConnections),
          seconds(exposcan.measured.wallMs),
          rate(labConnRate),
          share(labConnRate),
        ],
      ],
    ),
    '',
    'Time and rate are the scan itself (durationMs in its report); "process" includes Node start-up and writing the report.',
    '',
  );

  const tarpitMs = result.tarpits.run.measured.wallMs;
  const tarpitScanMs = result.tarpits.run.report.scan.durationMs;
  // The engine's greeting wait (listening for a server that speaks first) comes before the probe.
  const greetingMs = Math.min(500, Math.max(100, options.timeoutMs / 10));
  const budget = (options.timeoutMs + greetingMs) * Math.ceil(result.tarpits.count / options.concurrency);
  out.push('### Tarpits', '');
  out.push(
    `${result.tarpits.count} tarpits (accept, never answer), --timeout ${options.timeoutMs} ms, --concurrency ${options.concurrency}: ` +
      `the scan took ${seconds(tarpitScanMs)} (the process ${seconds(tarpitMs)}), ${(tarpitScanMs / options.timeoutMs).toFixed(2)} timeouts. ` +
      `One timeout per tarpit is (greeting ${greetingMs} ms + timeout) × ceil(tarpits / concurrency) = ${seconds(budget)}. ` +
      `Verdict: ${tarpitScanMs <= budget * 1.5 ? 'each tarpit cost one timeout' : 'MORE than one timeout per tarpit'}.`,
    '',
  );
  return out.join('\n');
}
