// `npm run bench`: stands up the loopback lab, scans it with exposcan and with nmap in the same run,
// and prints wall time, endpoints per second, peak RSS, the detection parity table, the loopback
// ceiling and what tarpits cost. `npm run bench -- --memory` measures memory against a million
// loopback addresses instead (minutes). `--lab-only` starts the lab and waits for Ctrl-C, to poke
// at it by hand. `npm run bench -- --silent` measures what silent servers (tarpits) cost per
// endpoint, in units of the probe timeout. Everything stays on 127.0.0.0/8; every server started is stopped on exit and on
// SIGINT/SIGTERM.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './exposcan.js';
import { linkFixtures } from './fixtures-link.js';
import { formatLabBench, runLabBench } from './lab-bench.js';
import { machineLines } from './machine.js';
import { killMeasured } from './measure.js';
import {
  formatMemoryBench,
  MEMORY_VARIANTS,
  quietPorts,
  runMemoryBench,
  type MemoryPlan,
  type MemoryVariant,
} from './memory-bench.js';
import { ensureNmap, NMAP_SCRIPTS } from './nmap.js';
import { formatTargetsBench, runTargetsBench } from './targets-bench.js';
import { wanLabMissing } from './wan-lab.js';

const USAGE = `usage: npm run bench -- [--wan [--runs N] [--no-nmap] [--profile]] [--cloud [--accounts N]] [--memory] [--targets [--targets-count N]] [--silent [--timeout-ms MS]] [--lab-only] [--no-nmap] [--hosts N] [--timeout-ms MS] [--slow-ms MS]
  [--concurrency N] [--sweep RANGE] [--sweep-concurrency N] [--raw N] [--memory-ranges RANGE=cli+capped+engine,RANGE=cli] [--memory-concurrency N] [--memory-rate N]`;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`--${name} must be a whole number, not '${value}'`);
  return parsed;
}

function loopbackRange(value: string, name: string): string {
  // The bench only ever knocks on 127.0.0.0/8.
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(8|9|1\d|2\d|3[0-2])$/.test(value))
    fail(`--${name} must be a range inside 127.0.0.0/8, not '${value}'`);
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        memory: { type: 'boolean' },
        cloud: { type: 'boolean' },
        accounts: { type: 'string' },
        targets: { type: 'boolean' },
        silent: { type: 'boolean' },
        'targets-count': { type: 'string' },
        wan: { type: 'boolean' },
        profile: { type: 'boolean' },
        runs: { type: 'string' },
        'lab-only': { type: 'boolean' },
        'no-nmap': { type: 'boolean' },
        hosts: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'slow-ms': { type: 'string' },
        concurrency: { type: 'string' },
        sweep: { type: 'string' },
        'sweep-concurrency': { type: 'string' },
        raw: { type: 'string' },
        'memory-ranges': { type: 'string' },
        'memory-concurrency': { type: 'string' },
        'memory-rate': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const flags = parsed.values;
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  if (flags.wan) {
    // The internet-shaped lab lives in a network namespace of its own: wan.ts runs inside `unshare -n`.
    const missing = wanLabMissing();
    if (missing) fail(`--wan: ${missing}`);
    if (!flags['no-nmap']) ensureNmap((line) => console.error(`[bench] ${line}`));
    const args = [
      '-n',
      process.execPath,
      path.join(REPO_ROOT, 'dist/bench/wan.js'),
      '--runs',
      String(integer(flags.runs, 5, 'runs')),
      ...(flags['no-nmap'] ? ['--no-nmap'] : []),
      ...(flags.profile ? ['--profile'] : []),
    ];
    const result = spawnSync('unshare', args, { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
  const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'exposcan-bench-'));
  log(`work files (targets, reports, nmap XML) in ${workDir}`);

  if (flags.cloud) {
    // A whole AWS Organization read through the emulator (issue 17: 30 accounts × 3 regions in ≤ 15 s).
    const { formatCloudBench, runCloudBench } = await import('./cloud-bench.js');
    console.log(['## exposcan cloud benchmark', '', ...machineLines().map((line) => `- ${line}`), ''].join('\n'));
    console.log(
      formatCloudBench(
        await runCloudBench({
          accounts: integer(flags.accounts, 30, 'accounts'),
          regions: ['eu-west-1', 'us-east-1', 'ap-southeast-1'],
          log,
        }),
      ),
    );
    return;
  }

  if (flags.silent) {
    // Tarpits on every identification path: each must cost one timeout (issue 15).
    const { formatSilentBench, runSilentBench } = await import('./silent-bench.js');
    console.log(
      ['## exposcan silent-server benchmark', '', ...machineLines().map((line) => `- ${line}`), ''].join('\n'),
    );
    console.log(
      formatSilentBench(
        await runSilentBench({ timeoutMs: integer(flags['timeout-ms'], 2000, 'timeout-ms'), workDir, log }),
      ),
    );
    return;
  }

  if (flags.targets) {
    // A long explicit target list: streamed, deduplicated by fingerprint, under 250 MB (issue 12).
    const count = integer(flags['targets-count'], 1_000_000, 'targets-count');
    console.log(
      ['## exposcan target-list memory benchmark', '', ...machineLines().map((line) => `- ${line}`), ''].join('\n'),
    );
    console.log(formatTargetsBench(await runTargetsBench({ count, workDir, log })));
    return;
  }

  if (flags.memory) {
    // RANGE=variant+variant,…: the /16 with every variant (the capped one is slow), the /12 as users run it.
    const plan: MemoryPlan[] = [];
    for (const entry of (flags['memory-ranges'] ?? '127.0.0.0/16=cli+capped+engine,127.0.0.0/12=cli').split(',')) {
      const [range, variantList] = entry.trim().split('=');
      const variants = (variantList ?? 'cli').split('+');
      for (const variant of variants)
        if (!(MEMORY_VARIANTS as readonly string[]).includes(variant))
          fail(`--memory-ranges: '${variant}' is not one of ${MEMORY_VARIANTS.join(', ')}`);
      plan.push({ range: loopbackRange(range ?? '', 'memory-ranges'), variants: variants as MemoryVariant[] });
    }
    const ports = quietPorts(3);
    const concurrency = integer(flags['memory-concurrency'], 256, 'memory-concurrency');
    const rateLimit = integer(flags['memory-rate'], 0, 'memory-rate');
    console.log(['## exposcan memory benchmark', '', ...machineLines().map((line) => `- ${line}`), ''].join('\n'));
    const runs = await runMemoryBench({ plan, ports, workDir, concurrency, rate: rateLimit, log });
    console.log(formatMemoryBench(runs, ports));
    console.log(['Commands:', '', '```sh', ...runs.map((entry) => entry.command), '```'].join('\n'));
    return;
  }

  const timeoutMs = integer(flags['timeout-ms'], 2000, 'timeout-ms');
  const concurrency = integer(flags.concurrency, 64, 'concurrency');
  const sweepConcurrency = integer(flags['sweep-concurrency'], 256, 'sweep-concurrency');
  const nmap = flags['no-nmap'] ? undefined : ensureNmap(log);
  linkFixtures(REPO_ROOT);
  // Imported only now: the emulators read their recordings when they load (see fixtures-link.ts).
  const { startLab } = await import('./lab.js');
  log('starting the lab (real Redis, PostgreSQL, memcached, MariaDB; emulators; tarpits; slow responders)');
  const lab = await startLab({
    hosts: integer(flags.hosts, 16, 'hosts'),
    slowMs: integer(flags['slow-ms'], 1000, 'slow-ms'),
  });
  const stopLab = () => {
    killMeasured();
    void lab.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopLab);
  process.once('SIGTERM', stopLab);
  try {
    for (const line of lab.skipped) log(`left out: ${line}`);
    if (flags['lab-only']) {
      console.log(
        lab.endpoints
          .map((endpoint) => `${endpoint.host}:${endpoint.port}\t${endpoint.role}\t${endpoint.label}`)
          .join('\n'),
      );
      log('the lab is up; Ctrl-C stops it');
      await new Promise(() => undefined);
    }
    const result = await runLabBench({
      lab,
      workDir,
      ...(nmap ? { nmap } : {}),
      timeoutMs,
      concurrency,
      sweepRange: loopbackRange(flags.sweep ?? '127.2.0.0/19', 'sweep'),
      sweepPorts: [80, 5432, 8080, 9200],
      tlsSweepPorts: [443, 6443, 8443, 9243],
      sweepConcurrency,
      rawConnections: integer(flags.raw, 20_000, 'raw'),
      log,
    });
    console.log(
      [
        '## exposcan benchmark',
        '',
        ...machineLines(
          nmap
            ? [`nmap ${nmap.version}${nmap.installed ? ' (installed by this run)' : ''}`]
            : ['nmap: skipped (--no-nmap)'],
        ).map((line) => `- ${line}`),
        '',
        'Commands (from the repository root; work files in a temporary directory):',
        '',
        '```sh',
        result.exposcan.command,
        ...(result.nmap ? [result.nmap.command] : []),
        result.tarpits.run.command,
        result.sweep.command,
        result.tlsSweep.command,
        '```',
        '',
        `NSE scripts: ${NMAP_SCRIPTS.join(', ')} (read-only: nmap's "safe" category, or "version" for docker-version and http-server-header; no brute force).`,
        '',
        formatLabBench(result, { timeoutMs, concurrency, lab, sweepConcurrency }),
      ].join('\n'),
    );
  } finally {
    process.removeListener('SIGINT', stopLab);
    process.removeListener('SIGTERM', stopLab);
    await lab.stop();
  }
}

main().catch((error: unknown) => {
  killMeasured();
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
