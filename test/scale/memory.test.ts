// Memory flat in the size of the target list, in process: 65,536 loopback endpoints on a closed
// port (no server: every connection is refused by this machine's kernel). The heap after a full
// garbage collection must not grow between an early sample and the end, whatever the count.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import { RULES } from '../../rules/index.js';
import { expandTargets } from '../../src/targets/expand.js';
import { parseTarget } from '../../src/targets/target.js';
import { freePort } from '../helpers/ports.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('memory over a large target list', () => {
  it('the heap after 65,536 endpoints is what it was after 8,192: under 1 MB more, i.e. nothing kept per endpoint (even 20 bytes each would show)', async () => {
    const port = await freePort();
    const samples: number[] = [];
    const outcome = await runScan(
      expandTargets([parseTarget('127.0.0.0/16')], [port]),
      RULES,
      { concurrency: 64, perHost: 4, rate: 0, timeoutMs: 2000 },
      {
        onEndpoint: (done) => {
          if (done === 8192 || done === 65_536) samples.push(heapAfterGc());
        },
      },
    );
    expect(outcome.stats).toMatchObject({ endpoints: 65_536, open: 0 });
    expect(outcome.services).toEqual([]);
    expect(samples).toHaveLength(2);
    expect(samples[1]! - samples[0]!).toBeLessThan(1024 * 1024);
  }, 240_000);
});
