import { describe, expect, it } from 'vitest';
import { describeUnreached, TargetReach } from '../../src/scan/reach.js';

describe('TargetReach', () => {
  it('lists a target only when every endpoint probed failed before connecting', () => {
    const reach = new TargetReach();
    reach.note(0, 'dns');
    reach.note(0, 'dns');
    reach.note(1, 'timeout');
    reach.note(1, 'refused'); // an answer: the host is there
    reach.note(2, undefined); // connected
    reach.note(2, 'unreachable');
    reach.note(3, 'timeout');
    reach.note(3, 'unreachable');
    reach.note(undefined, 'dns'); // an endpoint a cloud resource implied: no target
    expect(reach.unreached()).toEqual([
      { target: 0, endpoints: 2, failures: { dns: 2 } },
      { target: 3, endpoints: 2, failures: { timeout: 1, unreachable: 1 } },
    ]);
  });

  it('a resumed scan continues from the snapshot: a target reached before stays reached', () => {
    const first = new TargetReach();
    first.note(0, undefined);
    first.note(1, 'dns');
    const resumed = new TargetReach(JSON.parse(JSON.stringify(first.snapshot())));
    resumed.note(0, 'timeout');
    resumed.note(1, 'dns');
    expect(resumed.unreached()).toEqual([{ target: 1, endpoints: 2, failures: { dns: 2 } }]);
  });

  it('a lone target (host:port, URL) that was reached leaves no entry; one never reached is still listed', () => {
    const reach = new TargetReach();
    for (let target = 0; target < 1000; target++) reach.note(target, target === 7 ? 'timeout' : 'refused', true);
    expect(Object.keys(reach.snapshot())).toEqual(['7']);
    expect(reach.unreached()).toEqual([{ target: 7, endpoints: 1, failures: { timeout: 1 } }]);
  });

  it('says why in words', () => {
    expect(describeUnreached({ endpoints: 37, failures: { dns: 37 } })).toBe(
      'the name does not resolve (37 endpoints, none reached)',
    );
    expect(describeUnreached({ endpoints: 4, failures: { unreachable: 1, timeout: 3 } })).toBe(
      'no endpoint reached: no answer before the timeout (3), no route to the host (1)',
    );
  });
});
