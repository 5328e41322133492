// The secret shapes the lab scan (secrets.test.ts) found leaking, and their neighbours, one by
// one against src/findings/redact.ts; plus text that must come through untouched. Pure strings.
import { describe, expect, it } from 'vitest';
import { redactDraft, redactText } from '../../src/findings/redact.js';

describe('redaction of the shapes a lab scan found leaking', () => {
  it.each([
    // A Redis URL has no user: the password follows the colon at once.
    ['master redis://:pw-9f8e7d@10.0.0.5:6379/0', 'master redis://:[redacted]@10.0.0.5:6379/0'],
    // A credential scheme after a secret key is not the secret; what follows it is.
    ['auth: Basic dXNlcjpwYXNz', 'auth: Basic [redacted]'],
    ['token=Bearer opaque-1234', 'token=Bearer [redacted]'],
    ['credentials: Token abc123def', 'credentials: Token [redacted]'],
    // JSON inside a string: the quotes arrive escaped.
    ['{\\"password\\":\\"hunter22\\"}', '{\\"password\\":\\"[redacted]\\"}'],
    // A quoted value is redacted up to its closing quote, spaces and all.
    ['passphrase: "correct horse battery staple"', 'passphrase: "[redacted]"'],
    ["password='two words'", "password='[redacted]'"],
    // Temporary AWS key ids, GitHub fine-grained and GitLab tokens.
    ['key ASIAIOSFODNN7EXAMPLE used', 'key [redacted] used'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[redacted]'],
    ['glpat-abcdefghij0123456789', '[redacted]'],
    // PGP private key blocks, whole or cut short.
    [
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----[redacted]-----END PGP PRIVATE KEY BLOCK-----',
    ],
    ['-----BEGIN OPENSSH PRIVATE KEY-----.b3BlbnNzaC1rZXkt', '-----BEGIN OPENSSH PRIVATE KEY-----[redacted]'],
    // Tokens and credentials cut short by a length cap at the very end of the kept text.
    ['220 ready, deploy key ghp_Kq7CutZx', '220 ready, deploy key [redacted]'],
    ['220 ready AKIAIOSF', '220 ready [redacted]'],
    ['session eyJhbGciOiJIUzI1NiJ9.eyJzdWIi', 'session [redacted]'],
    ['Authorization: Bearer abc', 'Authorization: Bearer [redacted]'],
    // A URL password holding `@` or `/` is hidden whole (it runs to the last `@` before the host).
    ['replica redis://:p@ss@10.0.0.5:6379/0', 'replica redis://:[redacted]@10.0.0.5:6379/0'],
    ['replica redis://app:pa/ss@10.0.0.5:6379/0', 'replica redis://app:[redacted]@10.0.0.5:6379/0'],
    ['dsn "postgres://u:a@b/c:d@db.internal/prod"', 'dsn "postgres://u:[redacted]@db.internal/prod"'],
    // Generic names (issue 14): *_KEY=, *SECRET*=, *TOKEN*=, *PASSWORD*=, in any case.
    ['SECRET_KEY=django-insecure-x9', 'SECRET_KEY=[redacted]'],
    ['env AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG more', 'env AWS_SECRET_ACCESS_KEY=[redacted] more'],
    ['GITHUB_TOKEN=abc123 CI=true', 'GITHUB_TOKEN=[redacted] CI=true'],
    ['MYSQL_ROOT_PASSWORD: hunter22', 'MYSQL_ROOT_PASSWORD: [redacted]'],
    ['{"stripe_key":"sk_live_4eC39Hq"}', '{"stripe_key":"[redacted]"}'],
    ['x-api-key: 0123456789', 'x-api-key: [redacted]'],
    ['client_secret_value="two words"', 'client_secret_value="[redacted]"'],
    // A token that ends inside a secret name: the token and the value are both hidden at once.
    ['xoxb-glpat-SECRET_KEY=#-#', '[redacted]_KEY=[redacted]'],
  ])('%s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const text of [
      'password: "a b"',
      'auth: Basic dXNlcjpwYXNz',
      'redis://:pw@h',
      '{\\"token\\":\\"abc\\"}',
      // Found by the fuzz property (seed -1928995826): a token that ends inside a secret name.
      'xoxb-glpat-SECRET_KEY=#-#',
    ]) {
      expect(redactText(redactText(text))).toBe(redactText(text));
    }
  });

  it.each([
    'Elasticsearch 7.17.27, 3 indices',
    'https://registry.example.com:443/path',
    'http://127.0.0.1:9200/_cat/indices',
    'Linux 6.1.0-18-amd64 x86_64',
    'the password prompt appeared',
    'Authorization required',
    'WWW-Authenticate: Basic realm="api"',
    'the AKIA prefix names AWS key ids',
    // Near misses of the URL and generic shapes: no password, a port, a name that is not secret.
    'http://user@example.com/a@b',
    'http://127.0.0.1:9200/_cat/indices?v',
    'monkey=banana',
    'keys: 12',
    'TOKEN_TTL is 3600',
  ])('leaves %j alone', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('redacts a draft kept before it becomes a finding, and nothing else in it', () => {
    const draft = {
      product: 'elasticsearch',
      confidence: 'confirmed' as const,
      message: 'cluster prod password=hunter22',
      version: '7.1 token=abcdef',
      evidence: { names: ['logs', 'AKIAIOSFODNN7EXAMPLE'], count: 2 },
    };
    expect(redactDraft(draft)).toEqual({
      ...draft,
      message: 'cluster prod password=[redacted]',
      version: '7.1 token=[redacted]',
      evidence: { names: ['logs', '[redacted]'], count: 2 },
    });
    expect(redactDraft(redactDraft(draft))).toEqual(redactDraft(draft));
  });
});
