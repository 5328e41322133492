import { describe, expect, it } from 'vitest';
import { endpointFingerprint as fingerprint } from '../../src/findings/fingerprint.js';
import { redactEvidence, redactText } from '../../src/findings/redact.js';
import { addressScope, score } from '../../src/findings/score.js';

describe('fingerprint', () => {
  it('is stable and ignores letter case of the host', () => {
    const a = fingerprint({ ruleId: 'redis-unauthenticated', host: 'Cache.example.com', port: 6379 });
    expect(a).toBe(fingerprint({ ruleId: 'redis-unauthenticated', host: 'cache.example.com', port: 6379 }));
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });

  it('differs by rule, port and resource', () => {
    const base = { ruleId: 'software-end-of-life', host: '192.0.2.1', port: 443 };
    const ids = new Set([
      fingerprint(base),
      fingerprint({ ...base, port: 444 }),
      fingerprint({ ...base, ruleId: 'x-y' }),
      fingerprint({ ...base, resource: 'kibana' }),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('score', () => {
  const base = { severity: 'critical', confidence: 'confirmed', endOfLifeOnEndpoint: false } as const;

  it('ranks a public, large, outdated exposure above the same rule on loopback', () => {
    const loopback = score({ ...base, address: '127.0.0.1' });
    const worst = score({
      ...base,
      address: '2a00:1450:4001::1',
      exposure: { documents: 2_000_000_000, bytes: 5 * 1024 ** 3 },
      endOfLifeOnEndpoint: true,
    });
    expect(worst.score).toBeGreaterThan(loopback.score);
    expect(worst.score).toBe(10);
    expect(worst.why).toContain('public address');
    expect(worst.why).toContain('2000.0M records exposed');
    expect(loopback.why).toContain('non-public address');
    expect(worst.why).toContain('capped at 10');
  });

  it('keeps scores within 0–10 and moves by data volume steps', () => {
    const small = score({ ...base, exposure: { keys: 10 } }).score;
    const medium = score({ ...base, exposure: { keys: 5_000 } }).score;
    const large = score({ ...base, exposure: { keys: 5_000_000 } }).score;
    expect(small).toBeLessThan(medium);
    expect(medium).toBeLessThan(large);
    expect(
      score({ severity: 'info', confidence: 'tentative', endOfLifeOnEndpoint: false, address: '10.0.0.1' }).score,
    ).toBe(0);
  });

  it('classifies addresses', () => {
    expect(addressScope('2a00:1450:4001::1')).toBe('public');
    // Documentation ranges are not public: nothing in them is reachable.
    expect(addressScope('203.0.113.5')).toBe('private');
    expect(addressScope('10.1.2.3')).toBe('private');
    expect(addressScope('::1')).toBe('private');
    expect(addressScope('::ffff:127.0.0.1')).toBe('private');
    expect(addressScope('db.example.com')).toBe('unknown');
  });
});

describe('redaction', () => {
  it.each([
    ['requirepass=hunter22 maxmemory=1gb', 'requirepass=[redacted] maxmemory=1gb'],
    ['password: "s3cr3t!"', 'password: "[redacted]"'],
    ['url: postgres://app:topsecret@db.internal:5432/app', 'url: postgres://app:[redacted]@db.internal:5432/app'],
    ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer [redacted]'],
    ['key AKIAIOSFODNN7EXAMPLE in config', 'key [redacted] in config'],
  ])('%s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it('leaves ordinary metadata alone and redacts inside lists', () => {
    expect(redactText('Elasticsearch 7.17.27, 3 indices')).toBe('Elasticsearch 7.17.27, 3 indices');
    expect(redactEvidence({ names: ['logs', 'token=abcdef123'], count: 3 })).toEqual({
      names: ['logs', 'token=[redacted]'],
      count: 3,
    });
  });
});

describe('redaction of credentials in headers and keys', () => {
  it('redacts Basic credentials and PEM private keys', () => {
    expect(redactText('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe('Authorization: Basic [redacted]');
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----')).toBe(
      '-----BEGIN RSA PRIVATE KEY-----[redacted]-----END RSA PRIVATE KEY-----',
    );
  });
});
