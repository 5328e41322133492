import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, mergeConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'exposcan-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('config', () => {
  it('reads every option from YAML and lets flags win', () => {
    const config = mergeConfig(
      loadConfigFile(
        file('ok.yaml', 'targets: [127.0.0.1]\nperHost: 2\ntimeout: 1500ms\nformat: [md]\nfailOn: high\n'),
      ),
      { perHost: 8 },
    );
    expect(config).toMatchObject({
      targets: ['127.0.0.1'],
      perHost: 8,
      timeout: 1500,
      format: ['md'],
      failOn: 'high',
      concurrency: 64,
      rate: 5000,
      out: 'reports',
    });
  });

  it('accepts durations as 500ms, 5s, 2m or seconds', () => {
    expect(mergeConfig({}, { timeout: '500ms' }).timeout).toBe(500);
    expect(mergeConfig({}, { timeout: '2m' }).timeout).toBe(120_000);
    expect(mergeConfig({}, { timeout: 3 }).timeout).toBe(3000);
  });

  it.each([
    ['unknown key', 'targets: [a]\nconcurrencyy: 3\n', /^unknown config key 'concurrencyy'/],
    ['bad type', 'perHost: many\n', /^config key 'perHost' in .*: expected number$/],
    ['out of range', 'perHost: 0\n', /^config key 'perHost' in .*: must be at least 1$/],
    [
      'bad enum',
      'failOn: severe\n',
      /^config key 'failOn' in .*: must be one of critical, high, medium, low, info, none$/,
    ],
    [
      'bad list item',
      'format: [md, pdf]\n',
      /^config key 'format' in .* \(item 2\): must be one of json, md, sarif, html, junit, csv, ocsf, asff$/,
    ],
    ['bad duration', 'timeout: soon\n', /^config key 'timeout' in .*: expected a duration/],
    ['not a mapping', '- a\n- b\n', /must be a mapping/],
    ['not YAML', 'a: [\n', /is not valid YAML/],
  ])('%s gives one line naming the key', (_name, text, message) => {
    const path = file(`${_name.replace(/\W/g, '-')}.yaml`, text);
    expect(() => loadConfigFile(path)).toThrow(message);
  });

  it('names the flag when a flag value is wrong', () => {
    expect(() => mergeConfig({}, { concurrency: 0 })).toThrow(/^--concurrency: must be at least 1$/);
    expect(() => mergeConfig({}, { timeout: '-1s' })).toThrow(/^--timeout: expected a duration/);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadConfigFile(join(dir, 'missing.yaml'))).toThrow(/cannot be read: ENOENT/);
  });
});

describe('cloud accounts in the config', () => {
  it('reads accounts with regions and endpoint overrides', () => {
    const path = file(
      'cloud.yaml',
      'cloud:\n  alibaba:\n    - name: prod\n      regions: [cn-hangzhou]\n      endpoints: { ecs: "http://127.0.0.1:8080", elasticsearch: "http://127.0.0.1:8081" }\n  aws:\n    - name: lab\n',
    );
    expect(mergeConfig(loadConfigFile(path), {}).cloud).toEqual({
      alibaba: [
        {
          name: 'prod',
          regions: ['cn-hangzhou'],
          endpoints: { ecs: 'http://127.0.0.1:8080', elasticsearch: 'http://127.0.0.1:8081' },
        },
      ],
      aws: [{ name: 'lab', regions: [], endpoints: {} }],
    });
  });

  it('names the exact nested key that is wrong', () => {
    expect(() =>
      loadConfigFile(
        file('cloud-bad-url.yaml', 'cloud:\n  aws:\n    - name: lab\n      endpoints: { s3: "not a url" }\n'),
      ),
    ).toThrow(/^config key 'cloud\.aws\[0\]\.endpoints\.s3' in .*: expected a base URL/);
    expect(() =>
      loadConfigFile(file('cloud-secret.yaml', 'cloud:\n  aws:\n    - name: lab\n      secretAccessKey: abc\n')),
    ).toThrow(/^unknown config key 'cloud\.aws\[0\]\.secretAccessKey' \(credentials are read from the environment/);
  });
});
