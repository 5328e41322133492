// JSON Schema (draft 2020-12) of report.json, schema version 1. docs/report.schema.json is this
// object written out (`npm run docs:schema`); a test keeps the two equal.
import { MAX_SHARDS } from '../scan/shard.js';

const severity = { enum: ['critical', 'high', 'medium', 'low', 'info'] };
const evidenceValue = {
  anyOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array', items: { type: 'string' } },
    { type: 'array', items: { type: 'number' } },
  ],
};

/** Where a service or finding is: shared by `services[]` and `findings[].target`. */
const endpointProperties = {
  host: { type: 'string' },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  protocol: { type: 'string' },
  tls: { type: 'boolean' },
};

/** What a suppression entry matches on, as written in the suppressions file, and why. */
const suppressionEntryProperties = {
  entry: { type: 'integer', minimum: 1, description: '1-based position of the entry in the suppressions file' },
  id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
  rule: { type: 'string' },
  target: { type: 'string' },
  resource: { type: 'string' },
  reason: { type: 'string' },
  expires: { type: 'string', format: 'date' },
  owner: { type: 'string' },
};

/** A Terraform attribute value: any JSON. */
const attributeValue = {};

/** Cloud findings: the exact remediation for the resource (src/fix/types.ts). */
const fix = {
  type: 'object',
  description:
    'cloud findings: the exact remediation for this resource, generated and never run by exposcan: CLI calls naming its ids (argv, and the same quoted for a POSIX shell), and for a resource read from a Terraform plan the attribute changes',
  additionalProperties: false,
  required: ['summary', 'commands'],
  properties: {
    summary: { type: 'string' },
    commands: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tool', 'operation', 'parameters', 'argv', 'shell'],
        properties: {
          tool: { enum: ['aws', 'aliyun', 'ossutil'] },
          operation: {
            type: 'string',
            description:
              'the operation as its reference names it: ec2 revoke-security-group-ingress, ecs RevokeSecurityGroup',
          },
          parameters: {
            type: 'object',
            description: "the operation's parameters the command sets, by their documented names; true for a switch",
            additionalProperties: { anyOf: [{ type: 'string' }, { const: true }] },
          },
          region: { type: 'string' },
          argv: { type: 'array', minItems: 1, items: { type: 'string' } },
          shell: { type: 'string', description: 'argv quoted for a POSIX shell' },
        },
      },
    },
    terraform: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['address', 'attribute', 'to'],
        properties: {
          address: { type: 'string' },
          file: { type: 'string' },
          line: { type: 'integer', minimum: 1 },
          attribute: { type: 'string' },
          from: attributeValue,
          to: attributeValue,
        },
      },
    },
  },
};

export const REPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:exposcan:report:1',
  title: 'exposcan report',
  type: 'object',
  additionalProperties: false,
  // coverage is optional: reports written before cloud accounts existed have none (read as empty).
  required: ['schemaVersion', 'tool', 'scan', 'services', 'findings'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'exposcan' }, version: { type: 'string' } },
    },
    scan: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'startedAt', 'finishedAt', 'durationMs', 'partial', 'targets', 'rules', 'settings', 'stats'],
      properties: {
        id: { type: 'string', minLength: 1 },
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        durationMs: {
          type: 'integer',
          minimum: 0,
          description: 'finishedAt - startedAt: the whole run, cloud reads included',
        },
        phases: {
          type: 'object',
          description:
            "where this run's time went, in ms: reading the cloud accounts (when configured), then probing and judging the endpoints",
          additionalProperties: false,
          required: ['probesMs'],
          properties: { cloudMs: { type: 'integer', minimum: 0 }, probesMs: { type: 'integer', minimum: 0 } },
        },
        partial: {
          type: 'boolean',
          description: 'true when the scan was interrupted before every endpoint was probed',
        },
        targets: { type: 'array', items: { type: 'string' } },
        rules: { type: 'array', items: { type: 'string' } },
        skippedRules: {
          type: 'array',
          description:
            'selected rules that had nothing to judge in this scan, and why (the cloud-resource rules when no cloud account was read): not run, never a pass',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'reason'],
            properties: { rule: { type: 'string' }, reason: { type: 'string' } },
          },
        },
        settings: {
          type: 'object',
          additionalProperties: false,
          required: ['concurrency', 'perHost', 'rate', 'timeoutMs', 'ports'],
          properties: {
            concurrency: { type: 'integer', minimum: 1, description: 'endpoints identified at once' },
            connectConcurrency: {
              type: 'integer',
              minimum: 1,
              description: 'connection attempts in flight during discovery',
            },
            connectRetries: {
              type: 'integer',
              minimum: 0,
              description: 'times an unanswered connection attempt was retried at most',
            },
            perHost: { type: 'integer', minimum: 1 },
            rate: { type: 'number', minimum: 0 },
            timeoutMs: { type: 'integer', minimum: 1 },
            credentialChecks: { type: 'boolean', description: 'whether documented default credentials were tried' },
            ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } },
          },
        },
        baseline: {
          type: 'object',
          description:
            'present when --baseline was given: findings the baseline report already lists (known) do not count against --fail-on',
          additionalProperties: false,
          required: ['file', 'known', 'new'],
          properties: {
            file: { type: 'string' },
            known: { type: 'integer', minimum: 0 },
            new: { type: 'integer', minimum: 0 },
          },
        },
        shard: {
          type: 'object',
          description: 'present in a --shard run: the part of the target space this report covers (index from 1)',
          additionalProperties: false,
          required: ['index', 'count'],
          properties: {
            index: { type: 'integer', minimum: 1, maximum: MAX_SHARDS },
            count: { type: 'integer', minimum: 1, maximum: MAX_SHARDS },
            reachedTargets: {
              type: 'array',
              items: { type: 'integer', minimum: 0 },
              description:
                'positions in targets of the targets this shard reached at least one endpoint of: exposcan merge lists a target as unreached only if no shard reached it',
            },
          },
        },
        resumed: {
          const: true,
          description: 'present when the scan was continued with --resume after an interruption',
        },
        merged: {
          type: 'object',
          description:
            'present in a report written by exposcan merge: the shard reports it joined, and the shards missing (then partial is true)',
          additionalProperties: false,
          required: ['count', 'shards', 'missing'],
          properties: {
            count: { type: 'integer', minimum: 1, maximum: MAX_SHARDS },
            shards: {
              type: 'array',
              maxItems: MAX_SHARDS,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['index', 'scan'],
                properties: { index: { type: 'integer', minimum: 1, maximum: MAX_SHARDS }, scan: { type: 'string' } },
              },
            },
            missing: {
              type: 'array',
              maxItems: MAX_SHARDS,
              items: { type: 'integer', minimum: 1, maximum: MAX_SHARDS },
            },
          },
        },
        stats: {
          type: 'object',
          additionalProperties: false,
          required: ['endpoints', 'open', 'identified', 'failures', 'findings', 'bySeverity'],
          properties: {
            endpoints: { type: 'integer', minimum: 0 },
            open: { type: 'integer', minimum: 0 },
            identified: { type: 'integer', minimum: 0 },
            failures: {
              type: 'object',
              additionalProperties: false,
              patternProperties: {
                '^(refused|timeout|reset|closed|unreachable|dns|tls|too-large|protocol|aborted|overran)$': {
                  type: 'integer',
                  minimum: 0,
                },
              },
            },
            findings: { type: 'integer', minimum: 0 },
            bySeverity: {
              type: 'object',
              additionalProperties: false,
              required: ['critical', 'high', 'medium', 'low', 'info'],
              properties: Object.fromEntries(
                ['critical', 'high', 'medium', 'low', 'info'].map((name) => [name, { type: 'integer', minimum: 0 }]),
              ),
            },
          },
        },
      },
    },
    services: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'port', 'protocol', 'tls'],
        properties: {
          ...endpointProperties,
          product: { type: 'string' },
          version: { type: 'string' },
          access: { enum: ['open', 'metadata-only', 'auth-required', 'refused', 'unknown'] },
          banner: { type: 'string' },
        },
      },
    },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'ruleId',
          'title',
          'message',
          'severity',
          'score',
          'why',
          'confidence',
          'product',
          'evidence',
          'remediation',
          'references',
          'cwe',
        ],
        // A live finding has its endpoint; a cloud finding its resource (and the endpoint that confirmed it, if one did).
        anyOf: [{ required: ['target'] }, { required: ['resource'] }],
        properties: {
          id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
          ruleId: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)+$' },
          title: { type: 'string' },
          message: { type: 'string' },
          severity,
          score: { type: 'number', minimum: 0, maximum: 10 },
          why: { type: 'string' },
          confidence: {
            enum: ['confirmed', 'firm', 'tentative', 'version', 'unknown'],
            description:
              'how the verdict was reached: confirmed (a live read proved it), firm (strong signals), tentative (inferred), version (only a version number inside a published affected range; a distribution build may carry the fix), unknown (cannot tell yet: a field the verdict hangs on is unknown until apply or could not be read; never a pass)',
          },
          unknownFields: {
            type: 'array',
            items: { type: 'string' },
            description:
              'with confidence unknown: the fields whose values are not known that the verdict hangs on (exposcan names, as in resource.terraform.unknownUntilApply)',
          },
          product: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          version: { type: 'string' },
          target: {
            type: 'object',
            additionalProperties: false,
            required: ['host', 'port', 'protocol', 'tls'],
            properties: {
              ...endpointProperties,
              url: { type: 'string' },
              address: { type: 'string' },
            },
          },
          resource: {
            type: 'object',
            additionalProperties: false,
            required: ['provider', 'account', 'region', 'type', 'id'],
            properties: {
              provider: { enum: ['aws', 'alibaba'] },
              account: { type: 'string' },
              accountName: {
                type: 'string',
                description: "the account's name in its AWS Organization or Alibaba Cloud Resource Directory",
              },
              region: { type: 'string' },
              type: { type: 'string' },
              id: { type: 'string' },
              name: { type: 'string' },
              terraform: {
                type: 'object',
                description:
                  'resources judged from a Terraform plan (exposcan plan): the address, the file and line of its block when found, the fields unknown until apply',
                additionalProperties: false,
                required: ['address'],
                properties: {
                  address: { type: 'string' },
                  file: { type: 'string' },
                  line: { type: 'integer', minimum: 1 },
                  unknownUntilApply: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
          evidence: { type: 'object', additionalProperties: evidenceValue },
          remediation: { type: 'string' },
          fix,
          references: { type: 'array', items: { type: 'string' } },
          cwe: { type: 'array', items: { type: 'string', pattern: '^CWE-\\d+$' } },
          status: {
            enum: ['new', 'open', 'reopened'],
            description:
              'with the scan history: new (never seen), open (seen in the previous complete scan of the same targets), reopened (seen before, then gone)',
          },
          firstSeen: {
            type: 'string',
            format: 'date-time',
            description: 'with the scan history: startedAt of the first scan that saw this finding',
          },
        },
      },
    },
    coverage: {
      type: 'array',
      description:
        'what could not be checked: cloud reads that could not be made, and targets none of whose endpoints could be connected to (kind "target")',
      items: {
        anyOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['provider', 'account', 'region', 'call', 'reason', 'message'],
            properties: {
              provider: { enum: ['aws', 'alibaba'] },
              account: { type: 'string' },
              accountName: {
                type: 'string',
                description: "the account's name in its AWS Organization or Alibaba Cloud Resource Directory",
              },
              region: { type: 'string' },
              call: { type: 'string' },
              reason: { enum: ['denied', 'throttled', 'unavailable', 'credentials', 'error'] },
              message: { type: 'string' },
              resource: { type: 'string' },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'target', 'endpoints', 'failures', 'message'],
            properties: {
              kind: { const: 'target' },
              target: { type: 'string' },
              endpoints: { type: 'integer', minimum: 1 },
              failures: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
              message: { type: 'string' },
            },
          },
        ],
      },
    },
    notifications: {
      type: 'object',
      description:
        'present with --notify: findings announced, announcements still owed after a failed delivery, the daily digest, and each delivery that failed after its retries',
      additionalProperties: false,
      required: ['announced', 'owed', 'failures'],
      properties: {
        announced: { type: 'integer', minimum: 0 },
        owed: { type: 'integer', minimum: 0 },
        digest: { enum: ['sent', 'failed'] },
        skipped: { type: 'string', minLength: 1 },
        failures: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['sink', 'kind', 'attempts', 'error'],
            properties: {
              sink: { type: 'string' },
              kind: { enum: ['changes', 'digest'] },
              attempts: { type: 'integer', minimum: 1 },
              error: { type: 'string' },
            },
          },
        },
      },
    },
    history: {
      type: 'object',
      description:
        'present unless --no-history: the scan history file, the scan compared with, and the findings it showed that this scan does not',
      additionalProperties: false,
      required: ['file', 'fixed'],
      properties: {
        file: { type: 'string' },
        previousScan: { type: 'string', minLength: 1 },
        notUpdated: {
          type: 'string',
          minLength: 1,
          description:
            'present when this scan could not be recorded in the history (locked by another process, disk full): why; findings then carry no status',
        },
        fixed: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'ruleId', 'place', 'severity', 'firstSeen', 'lastSeen'],
            properties: {
              id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
              ruleId: { type: 'string' },
              place: { type: 'string' },
              severity,
              firstSeen: { type: 'string', format: 'date-time' },
              lastSeen: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    suppressions: {
      type: 'object',
      description: 'present when --suppressions was given: suppressed findings are not in findings[]',
      additionalProperties: false,
      required: ['file', 'suppressed', 'expired', 'unused'],
      properties: {
        file: { type: 'string' },
        suppressed: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'ruleId', 'severity', 'place', 'entry', 'reason', 'expires'],
            properties: {
              id: { type: 'string', pattern: '^[0-9a-f]{24}$', description: 'the finding id' },
              ruleId: { type: 'string' },
              severity,
              place: { type: 'string', description: 'host:port or the cloud resource' },
              entry: suppressionEntryProperties.entry,
              reason: { type: 'string' },
              expires: { type: 'string', format: 'date' },
              owner: { type: 'string' },
            },
          },
        },
        expired: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['entry', 'reason', 'expires', 'findings'],
            properties: {
              ...suppressionEntryProperties,
              findings: {
                type: 'array',
                items: { type: 'string', pattern: '^[0-9a-f]{24}$' },
                description: 'ids of the findings it matched and no longer suppresses',
              },
            },
          },
        },
        unused: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['entry', 'reason', 'expires', 'expired'],
            properties: { ...suppressionEntryProperties, expired: { type: 'boolean' } },
          },
        },
      },
    },
  },
} as const;
