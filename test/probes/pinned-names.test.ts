// PinnedNames: a name pinned while any of its endpoints is probed, answered from the pin in both
// lookup shapes Node uses (one address, or `all` for happy eyeballs). No DNS traffic: only
// pinned names are looked up here.
import { describe, expect, it } from 'vitest';
import { PinnedNames } from '../../src/probes/pinned-names.js';

function lookup(pins: PinnedNames, name: string, all: boolean): Promise<unknown[]> {
  return new Promise((resolve) => pins.lookup(name, { all }, (...args: unknown[]) => resolve(args)));
}

describe('PinnedNames', () => {
  it('keeps a pin while any holder holds it, the first address winning, and forgets it after the last release', () => {
    const pins = new PinnedNames();
    const first = pins.hold('Kibana.Example.com', '192.0.2.10');
    const second = pins.hold('kibana.example.com', '192.0.2.99');
    expect(pins.addressOf('KIBANA.example.com')).toBe('192.0.2.10');
    first();
    first();
    expect(pins.addressOf('kibana.example.com')).toBe('192.0.2.10');
    second();
    expect(pins.addressOf('kibana.example.com')).toBeUndefined();
    expect(pins.size).toBe(0);
  });

  it('answers a pinned name from the pin, as one address or as a list', async () => {
    const pins = new PinnedNames();
    pins.hold('db.example.com', '2001:db8::5');
    expect(await lookup(pins, 'db.example.com', false)).toEqual([null, '2001:db8::5', 6]);
    expect(await lookup(pins, 'db.example.com', true)).toEqual([null, [{ address: '2001:db8::5', family: 6 }]]);
  });
});
