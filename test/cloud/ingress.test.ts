// Firewall semantics as Alibaba and AWS document them, including the cases peers get wrong:
// a Drop at higher priority shadows an Accept, Drop wins a tie, ::/0 counts, 10.0.0.0/8 is not open.
import { describe, expect, it } from 'vitest';
import { openWhitelistEntries, portVerdict, publicIngress, type IngressRule } from '../../src/cloud/ingress.js';

const rule = (overrides: Partial<IngressRule>): IngressRule => ({
  protocol: 'tcp',
  fromPort: 9200,
  toPort: 9200,
  sources: ['0.0.0.0/0'],
  policy: 'accept',
  priority: 1,
  ...overrides,
});

describe('portVerdict', () => {
  it('an Accept from 0.0.0.0/0 opens the port', () => {
    expect(portVerdict([rule({ id: 'sgr-1' })], 9200)).toMatchObject({
      state: 'open',
      source: '0.0.0.0/0',
      rule: { id: 'sgr-1' },
    });
  });

  it('IPv6 ::/0 opens the port too', () => {
    expect(portVerdict([rule({ sources: ['::/0'] })], 9200).state).toBe('open');
  });

  it('a Drop from everywhere at a higher priority (lower number) shadows the Accept', () => {
    expect(portVerdict([rule({ priority: 50 }), rule({ policy: 'drop', priority: 10 })], 9200).state).toBe('closed');
  });

  it('at equal priority Drop beats Accept, whatever their order', () => {
    expect(portVerdict([rule({ priority: 5 }), rule({ policy: 'drop', priority: 5 })], 9200).state).toBe('closed');
  });

  it('a Drop of only private space does not close a port open to everyone', () => {
    expect(
      portVerdict(
        [rule({ policy: 'drop', sources: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] }), rule({ priority: 2 })],
        9200,
      ).state,
    ).toBe('open');
  });

  it('a Drop of all IPv4 leaves an IPv6-wide Accept open', () => {
    expect(
      portVerdict(
        [rule({ policy: 'drop', sources: ['0.0.0.0/0'] }), rule({ sources: ['0.0.0.0/0', '::/0'], priority: 2 })],
        9200,
      ).state,
    ).toBe('open');
  });

  it('two Drops covering both halves of IPv4 close it', () => {
    expect(
      portVerdict([rule({ policy: 'drop', sources: ['0.0.0.0/1', '128.0.0.0/1'] }), rule({ priority: 2 })], 9200).state,
    ).toBe('closed');
  });

  it('port ranges, "all" protocol and -1/-1 are honoured; other ports and protocols are not', () => {
    expect(portVerdict([rule({ fromPort: 9000, toPort: 9300 })], 9200).state).toBe('open');
    expect(portVerdict([rule({ protocol: 'all', fromPort: 1, toPort: 65535 })], 6379).state).toBe('open');
    expect(portVerdict([rule({ protocol: 'udp' })], 9200).state).toBe('closed');
    expect(portVerdict([rule({ fromPort: 9300, toPort: 9400 })], 9200).state).toBe('closed');
  });

  it('an Accept from a private range or one office address is not "open to the internet"', () => {
    expect(portVerdict([rule({ sources: ['10.0.0.0/8'] })], 9200).state).toBe('closed');
    expect(portVerdict([rule({ sources: ['198.51.100.7/32'] })], 9200).state).toBe('closed');
  });

  it('an unresolved prefix list is unknown, never closed', () => {
    expect(portVerdict([rule({ sources: [], unresolvedSources: ['pl-123'] })], 9200)).toMatchObject({
      state: 'unknown',
    });
    expect(
      portVerdict([rule({ policy: 'drop', sources: [], unresolvedSources: ['pl-9'] }), rule({ priority: 2 })], 9200),
    ).toMatchObject({ state: 'unknown' });
  });

  it('publicIngress answers every port asked', () => {
    expect(publicIngress([rule({})], [9200, 5601]).map((verdict) => verdict.state)).toEqual(['open', 'closed']);
  });
});

describe('openWhitelistEntries', () => {
  it.each([
    [['0.0.0.0/0'], ['0.0.0.0/0']],
    [['127.0.0.1,0.0.0.0'], ['0.0.0.0']],
    [['::/0'], ['::/0']],
    [['10.0.0.0/8'], []],
    [['100.100.0.0/16', '192.0.2.1'], []],
    [['0.0.0.0/8'], []],
    [['not an address'], []],
  ])('%j → %j', (entries, open) => {
    expect(openWhitelistEntries(entries)).toEqual(open);
  });
});
