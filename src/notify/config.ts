// The `notify:` config key and the --notify flags. A sink in a flag is one string:
//   https://hooks.example.com/x             generic webhook (unsigned)
//   webhook:https://…                       the same
//   slack:https://hooks.slack.com/…          Slack-compatible incoming webhook
//   command:/usr/local/bin/page-oncall --quiet   a command (split on spaces; no shell)
// In the file, sinks are objects: { webhook: URL, secretEnv: NAME } | { slack: URL } | { command: [argv…] }.
import { z } from 'zod';
import { SEVERITIES } from '../engine/types.js';
import type { Sink } from './sinks.js';

const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'expected an http(s) URL');

const sinkSchema = z.union([
  z.strictObject({
    webhook: httpUrl,
    secretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .optional(),
  }),
  z.strictObject({ slack: httpUrl }),
  z.strictObject({ command: z.array(z.string().min(1)).min(1) }),
]);

export const notifySchema = z.strictObject({
  sinks: z.array(sinkSchema).min(1),
  /** Findings at or above it are announced. */
  severity: z.enum(SEVERITIES).default('high'),
  /** Also send, once per UTC day, every open finding at or above the threshold. */
  digest: z.enum(['daily']).optional(),
  /** Deadline of one delivery attempt, in ms. */
  timeout: z.number().int().min(100).max(120_000).default(10_000),
  /** Attempts per sink (1 = no retry). */
  attempts: z.number().int().min(1).max(5).default(3),
  /** First backoff in ms (then doubled, at most 30 s). */
  backoff: z.number().int().min(0).max(30_000).default(1000),
});

export type NotifyConfigInput = z.input<typeof notifySchema>;
export type NotifyConfig = z.output<typeof notifySchema>;

export function toSink(entry: NotifyConfig['sinks'][number]): Sink {
  if ('webhook' in entry)
    return { kind: 'webhook', url: entry.webhook, ...(entry.secretEnv ? { secretEnv: entry.secretEnv } : {}) };
  if ('slack' in entry) return { kind: 'slack', url: entry.slack };
  return { kind: 'command', argv: entry.command };
}

/** A --notify value as a config sink entry (validated with the rest by the schema). */
function sinkFromFlag(value: string): NotifyConfigInput['sinks'][number] {
  if (value.startsWith('slack:')) return { slack: value.slice('slack:'.length) };
  if (value.startsWith('command:'))
    return {
      command: value
        .slice('command:'.length)
        .split(' ')
        .filter((part) => part !== ''),
    };
  return { webhook: value.startsWith('webhook:') ? value.slice('webhook:'.length) : value };
}

/** The --notify flags, as scan and merge both take them. */
export interface NotifyFlags {
  readonly notify?: readonly string[] | undefined;
  readonly 'notify-severity'?: string | undefined;
  readonly 'notify-digest'?: boolean | undefined;
}

/** --notify sinks join the file's; --notify-severity and --notify-digest override its keys. */
export function notifyFromFlags(
  file: NotifyConfigInput | undefined,
  flags: NotifyFlags,
): NotifyConfigInput | undefined {
  if (!flags.notify && flags['notify-severity'] === undefined && flags['notify-digest'] === undefined) return undefined;
  return {
    ...file,
    sinks: [...(file?.sinks ?? []), ...(flags.notify ?? []).map(sinkFromFlag)],
    ...(flags['notify-severity'] !== undefined
      ? { severity: flags['notify-severity'] as NotifyConfigInput['severity'] }
      : {}),
    ...(flags['notify-digest'] ? { digest: 'daily' as const } : {}),
  };
}

/** The first signing secret a sink names that the environment lacks: checked before any probe. */
export function missingSecretEnv(config: NotifyConfig, env: NodeJS.ProcessEnv): string | undefined {
  for (const sink of config.sinks)
    if ('secretEnv' in sink && sink.secretEnv && !env[sink.secretEnv]) return sink.secretEnv;
  return undefined;
}
