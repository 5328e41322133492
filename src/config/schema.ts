// One schema for everything a scan can be told, whether it comes from the YAML file or from
// flags. Validated once, after merging (flags win); errors name the key and the flag.
import { TARGETS_FORMATS } from '../targets/formats/index.js';
import { notifySchema } from '../notify/config.js';
import { z } from 'zod';
import { SEVERITIES } from '../engine/types.js';
import { parseShard, SHARD_FORMAT } from '../scan/shard.js';

export const FORMATS = ['json', 'md', 'sarif', 'html', 'junit', 'csv', 'ocsf', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

export const FAIL_ON = [...SEVERITIES, 'none'] as const;

const port = z.number().int().min(1).max(65535);

/** "500ms", "5s", "2m" or a bare number of seconds → milliseconds. */
const DURATION_EXPECTED = 'expected a duration from 50ms to 10m such as 500ms, 5s or 2m';
const duration = z.union([z.number(), z.string()], { error: DURATION_EXPECTED }).transform((value, ctx) => {
  const match =
    typeof value === 'number' ? [String(value), String(value), 's'] : /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  const ms = match ? amount * { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm'] : Number.NaN;
  if (!Number.isFinite(ms) || ms < 50 || ms > 600_000) {
    ctx.addIssue({ code: 'custom', message: `${DURATION_EXPECTED}, got '${value}'` });
    return z.NEVER;
  }
  return Math.round(ms);
});

/** An endpoint override: a base URL (tests point these at local emulators, private clouds at their own hosts). */
const endpointUrl = z.string().regex(/^https?:\/\/[^\s/]+\/?$/, 'expected a base URL such as http://127.0.0.1:8080');

/** Member accounts by id or exact name. */
const accountList = z.array(z.string().min(1)).min(1);
/** A role name as IAM and RAM accept them: letters, digits and +=,.@_- (paths are not supported). */
const roleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'expected a role name such as OrganizationAccountAccessRole (no path, no ARN)');

const alibabaAccount = z.strictObject({
  name: z.string().min(1),
  regions: z.array(z.string().min(1)).default([]),
  endpoints: z
    .strictObject({
      ecs: endpointUrl,
      rds: endpointUrl,
      'r-kvstore': endpointUrl,
      dds: endpointUrl,
      elasticsearch: endpointUrl,
      oss: endpointUrl,
      sts: endpointUrl,
      resourcemanager: endpointUrl,
      slb: endpointUrl,
      alb: endpointUrl,
      alidns: endpointUrl,
      cs: endpointUrl,
      polardb: endpointUrl,
      clickhouse: endpointUrl,
      'amqp-open': endpointUrl,
    })
    .partial()
    .default({}),
  /** Probe the Alibaba Cloud DNS names that lead to the account's resources (never more names than the zones list). */
  probeNames: z.boolean().optional(),
  resourceDirectory: z
    .strictObject({ roleName, include: accountList.optional(), exclude: accountList.optional() })
    .optional(),
});

const awsAccount = z.strictObject({
  name: z.string().min(1),
  regions: z.array(z.string().min(1)).default([]),
  profile: z.string().min(1).optional(),
  endpoints: z
    .strictObject({
      s3: endpointUrl,
      s3control: endpointUrl,
      ec2: endpointUrl,
      rds: endpointUrl,
      opensearch: endpointUrl,
      sts: endpointUrl,
      elbv2: endpointUrl,
      elb: endpointUrl,
      route53: endpointUrl,
      eks: endpointUrl,
      redshift: endpointUrl,
      mq: endpointUrl,
      kafka: endpointUrl,
      organizations: endpointUrl,
    })
    .partial()
    .default({}),
  /** Probe the public DNS names that lead to the account's resources (never more names than the zones list). */
  probeNames: z.boolean().optional(),
  organization: z
    .strictObject({
      roleName,
      // AWS: 2 to 1224 characters of [\w+=,.@:/-].
      externalId: z
        .string()
        .regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected 2 to 1224 characters of letters, digits and +=,.@:/-')
        .optional(),
      include: accountList.optional(),
      exclude: accountList.optional(),
    })
    .optional(),
});

/** Accounts to read. Credentials are never here: the SDKs' default chains and the environment provide them. */
const cloudSchema = z.strictObject({
  alibaba: z.array(alibabaAccount).default([]),
  aws: z.array(awsAccount).default([]),
});

export const scanConfigSchema = z.strictObject({
  /** --notify: announce what opened to webhooks, Slack or a command (src/notify/config.ts). */
  notify: notifySchema.optional(),
  targets: z.array(z.string()).default([]),
  targetsFile: z.string().min(1).optional(),
  /** What the targets file holds: a target list or a discovery tool's output (src/targets/formats); `auto` reads its first line. */
  targetsFormat: z.enum(TARGETS_FORMATS).default('auto'),
  ports: z.array(port).min(1).optional(),
  /** Hosts and ranges never to probe (see src/targets/exclude.ts). */
  exclude: z.array(z.string().min(1)).optional(),
  rules: z.array(z.string().min(1)).optional(),
  excludeRules: z.array(z.string().min(1)).optional(),
  /** Endpoints in identification at once. */
  concurrency: z.number().int().min(1).max(4096).default(64),
  /** Connection attempts in flight during discovery; default and file-descriptor cap in src/scan/fd-budget.ts. */
  connectConcurrency: z.number().int().min(1).max(65_536).optional(),
  /** SYNs retried at most per endpoint while nothing answers. */
  connectRetries: z.number().int().min(0).max(10).default(2),
  perHost: z.number().int().min(1).max(256).default(4),
  /** Connection attempts per second (SYNs, retries included); 0 = no limit. */
  rate: z.number().min(0).max(100_000).default(5000),
  timeout: duration.default(5000),
  out: z.string().min(1).default('reports'),
  format: z.array(z.enum(FORMATS)).default([]),
  failOn: z.enum(FAIL_ON).default('none'),
  /** Findings known only from a version number (confidence `version`) count against failOn too. */
  failOnVersionMatches: z.boolean().default(false),
  credentialChecks: z.boolean().default(false),
  strict: z.boolean().default(false),
  cloud: cloudSchema.default({ alibaba: [], aws: [] }),
  /** A YAML file of accepted findings (see src/findings/suppressions.ts). */
  suppressions: z.string().min(1).optional(),
  /** A previous report.json: only findings it does not list count against failOn. */
  baseline: z.string().min(1).optional(),
  /** The scan history (SQLite) file, or false for none (--no-history). Default: see src/history/store.ts. */
  history: z
    .union([z.string().min(1), z.literal(false)], { error: 'expected a file path, or false to record no history' })
    .optional(),
  /** Continue the unfinished scan whose checkpoint is in `out` (see src/scan/journal.ts). */
  resume: z.boolean().default(false),
  /** One shard of the target space, "i/n" with i from 1 (see src/scan/shard.ts). */
  shard: z
    .string()
    .transform((value, ctx) => {
      const shard = parseShard(value);
      if (!shard) ctx.addIssue({ code: 'custom', message: `${SHARD_FORMAT}, got '${value}'` });
      return shard ?? z.NEVER;
    })
    .optional(),
});

export type ScanConfigInput = z.input<typeof scanConfigSchema>;
export type ScanConfig = z.output<typeof scanConfigSchema>;

/** The flag that sets each key, for error messages. */
export const FLAG_OF: Readonly<Record<keyof ScanConfig, string>> = {
  targets: '--target',
  targetsFile: '--targets-file',
  targetsFormat: '--targets-format',
  ports: '--ports',
  exclude: '--exclude',
  rules: '--rules',
  excludeRules: '--exclude-rules',
  concurrency: '--concurrency',
  connectConcurrency: '--connect-concurrency',
  connectRetries: '--connect-retries',
  perHost: '--per-host',
  rate: '--rate',
  timeout: '--timeout',
  out: '--out',
  format: '--format',
  failOn: '--fail-on',
  failOnVersionMatches: '--fail-on-version-matches',
  credentialChecks: '--credential-checks',
  strict: '--strict',
  cloud: 'cloud (config file only)',
  suppressions: '--suppressions',
  baseline: '--baseline',
  history: '--history',
  resume: '--resume',
  shard: '--shard',
  notify: '--notify',
};
