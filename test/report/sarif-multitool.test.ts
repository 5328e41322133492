// SARIF checked by Microsoft's own validator (@microsoft/sarif-multitool, which runs here): no
// errors, with findings, with zero findings, with a cloud finding and coverage notifications. The
// tool exits 0 even when it finds errors, so the test reads its result log.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { renderSarif } from '../../src/report/sarif.js';
import { hostileFinding, reportWith } from './fixtures.js';

const require = createRequire(import.meta.url);
const multitool = join(dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');

function validate(sarif: string): { level: string; ruleId: string; text: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'exposcan-sarif-'));
  writeFileSync(join(dir, 'report.sarif'), sarif);
  execFileSync(multitool, ['validate', join(dir, 'report.sarif'), '-o', join(dir, 'out.sarif')], {
    stdio: 'ignore',
    timeout: 60_000,
  });
  const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as {
    runs: { results?: { level?: string; ruleId: string; message: { text?: string } }[] }[];
  };
  return log.runs
    .flatMap((run) => run.results ?? [])
    .map((result) => ({ level: result.level ?? 'warning', ruleId: result.ruleId, text: result.message.text ?? '' }));
}

const cloudFinding = {
  ...hostileFinding,
  id: 'abcdefabcdefabcdefabcdef',
  ruleId: 'alibaba-kibana-public',
  target: undefined,
  resource: {
    provider: 'alibaba' as const,
    account: '1234567890123456',
    region: 'cn-shanghai',
    type: 'elasticsearch:instance',
    id: 'es-cn-1',
  },
  // The exact fix rides in the result's property bag: the validator must accept it.
  fix: {
    summary: 'Turn the Kibana public network of Elasticsearch cluster es-cn-1 off.',
    commands: [
      {
        tool: 'aliyun' as const,
        operation: 'elasticsearch TriggerNetwork',
        parameters: { InstanceId: 'es-cn-1', nodeType: 'KIBANA', networkType: 'PUBLIC', actionType: 'CLOSE' },
        region: 'cn-shanghai',
        argv: ['aliyun', 'elasticsearch', 'POST', '/openapi/instances/es-cn-1/actions/network-trigger'],
        shell: 'aliyun elasticsearch POST /openapi/instances/es-cn-1/actions/network-trigger',
      },
    ],
  },
};

describe.skipIf(!existsSync(multitool))('SARIF against the official validator', () => {
  it.each([
    ['with findings', reportWith([hostileFinding])],
    ['with zero findings', reportWith([])],
    [
      'with a cloud finding and coverage gaps',
      {
        ...reportWith([cloudFinding], true),
        coverage: [
          {
            provider: 'aws' as const,
            account: '123456789012',
            region: 'eu-west-1',
            call: 's3:GetBucketAcl',
            reason: 'denied' as const,
            message: 'AccessDenied',
          },
        ],
      },
    ],
  ])(
    '%s: no errors',
    (_name, report) => {
      const problems = validate(renderSarif(report, RULES));
      expect(problems.filter((problem) => problem.level === 'error')).toEqual([]);
    },
    90_000,
  );
});
