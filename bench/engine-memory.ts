// A diagnostic for `--memory`: the scan engine alone (runScan over every rule, as the CLI calls
// it) without the CLI's start-up imports, run as a child process so its RSS is its own. The gap
// between this and the CLI's figure is what start-up loads, not what the scan holds.
// Usage (from the repository root): node dist/bench/engine-memory.js RANGE PORTS CONCURRENCY
import { RULES } from '../rules/index.js';
import { runScan } from '../src/engine/run.js';
import { expandTargets } from '../src/targets/expand.js';
import { parseTarget } from '../src/targets/target.js';

const [range, ports, concurrency] = process.argv.slice(2);
if (!range?.startsWith('127.') || !ports || !concurrency) {
  console.error(
    'usage: node dist/bench/engine-memory.js 127.x.y.z/NN PORT,PORT,... CONCURRENCY (loopback ranges only)',
  );
  process.exit(2);
}
const outcome = await runScan(expandTargets([parseTarget(range)], ports.split(',').map(Number)), RULES, {
  concurrency: Number(concurrency),
  perHost: 4,
  rate: 0,
  timeoutMs: 2000,
});
console.log(
  JSON.stringify({ endpoints: outcome.stats.endpoints, open: outcome.stats.open, services: outcome.services.length }),
);
