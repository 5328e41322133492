// `npm run bench -- --wan --profile`: where a default-flags scan of the internet-shaped lab spends
// its time. runScan runs in this process (inside the lab's namespace) with the CLI's default
// settings and a meter (src/engine/run.ts ScanMeter) sampled every PERIOD_MS: endpoints in
// discovery, SYNs sent per second, the handshake deadline of the latest SYN, how busy the event loop was,
// endpoints in identification; then how many SYNs each endpoint took, and the CPU time spent.
import os from 'node:os';
import { defaultPorts } from '../src/engine/registry.js';
import { RULES } from '../rules/index.js';
import { runScan, type ScanMeter } from '../src/engine/run.js';
import { DEFAULT_CONNECT_RETRIES } from '../src/engine/discover.js';
import { planConnections, readFdLimit } from '../src/scan/fd-budget.js';
import { scanConfigSchema } from '../src/config/schema.js';
import { expandTargets } from '../src/targets/expand.js';
import { parseTarget } from '../src/targets/target.js';
import { seconds, table } from './format.js';
import { WAN_RANGE } from './wan-lab.js';

const PERIOD_MS = 500;

export interface WanProfile {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly load: number;
  readonly endpoints: number;
  readonly open: number;
  readonly timeline: readonly {
    atMs: number;
    discovering: number;
    attemptsPerS: number;
    deadlineMs: number;
    busy: number;
    identifying: number;
    done: number;
  }[];
  /** Endpoints by SYNs sent: [attempts, closed endpoints, open endpoints]. */
  readonly attempts: readonly [number, number, number][];
  readonly totalAttempts: number;
}

export async function profileWanScan(): Promise<WanProfile> {
  const defaults = scanConfigSchema.parse({});
  const rules = RULES;
  const ports = defaultPorts(rules, rules);
  const meter: ScanMeter = { discovering: 0, attempts: 0, deadlineMs: 0, identifying: 0 };
  let elu = performance.eventLoopUtilization();
  const byAttempts = new Map<number, [number, number]>();
  const timeline: WanProfile['timeline'][number][] = [];
  let done = 0;
  let lastAttempts = 0;
  const load = os.loadavg()[0]!;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const busy = performance.eventLoopUtilization(elu).utilization;
    elu = performance.eventLoopUtilization();
    timeline.push({
      atMs: performance.now() - started,
      discovering: meter.discovering,
      attemptsPerS: ((meter.attempts - lastAttempts) * 1000) / PERIOD_MS,
      deadlineMs: meter.deadlineMs,
      busy,
      identifying: meter.identifying,
      done,
    });
    lastAttempts = meter.attempts;
  }, PERIOD_MS);
  const connections = planConnections(undefined, defaults.concurrency, readFdLimit());
  const outcome = await runScan(
    expandTargets([parseTarget(WAN_RANGE)], ports),
    rules,
    {
      concurrency: defaults.concurrency,
      connectConcurrency: connections.connectConcurrency,
      connectRetries: defaults.connectRetries ?? DEFAULT_CONNECT_RETRIES,
      perHost: defaults.perHost,
      rate: defaults.rate,
      timeoutMs: defaults.timeout,
    },
    {
      meter,
      onEndpoint: (count) => (done = count),
      onDiscovered: ({ open, attempts }) => {
        const row = byAttempts.get(attempts) ?? [0, 0];
        row[open ? 1 : 0]++;
        byAttempts.set(attempts, row);
      },
    },
  );
  clearInterval(timer);
  const used = process.cpuUsage(cpu);
  return {
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    load,
    endpoints: outcome.stats.endpoints,
    open: outcome.stats.open,
    timeline,
    attempts: [...byAttempts].sort((a, b) => a[0] - b[0]).map(([attempts, [closed, open]]) => [attempts, closed, open]),
    totalAttempts: meter.attempts,
  };
}

export function formatWanProfile(profile: WanProfile): string {
  return [
    `### Profile: runScan in-process, default settings, ${profile.endpoints} endpoints, ${profile.open} open`,
    '',
    `wall ${seconds(profile.wallMs)}, CPU ${seconds(profile.cpuMs)} (scan only, no CLI start-up), load average ${profile.load.toFixed(2)} at start; ${profile.totalAttempts} SYNs (${(profile.totalAttempts / profile.endpoints).toFixed(2)} per endpoint)`,
    '',
    table(
      ['t', 'in discovery', 'SYNs/s', 'deadline', 'event loop busy', 'identifying', 'endpoints done'],
      profile.timeline.map((row) => [
        seconds(row.atMs),
        String(row.discovering),
        String(Math.round(row.attemptsPerS)),
        `${row.deadlineMs} ms`,
        `${Math.round(row.busy * 100)} %`,
        String(row.identifying),
        String(row.done),
      ]),
    ),
    '',
    table(
      ['SYNs sent', 'endpoints closed or filtered', 'endpoints open'],
      profile.attempts.map(([attempts, closed, open]) => [String(attempts), String(closed), String(open)]),
    ),
  ].join('\n');
}
