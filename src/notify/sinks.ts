// Where notifications go, and how one is delivered: a generic webhook (JSON, signed), a
// Slack-compatible incoming webhook, or a command that reads the JSON on its standard input.
// Each attempt has a deadline; a failed attempt is retried after a bounded backoff; the caller gets
// an outcome, never an exception, so a receiver that fails or hangs costs at most
// attempts × deadline + the backoffs, and never the report.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { Payload } from './payload.js';
import { slackBody } from './payload.js';

export type Sink =
  | {
      readonly kind: 'webhook';
      readonly url: string;
      /** Env var holding the HMAC-SHA256 key; unsigned without one. */ readonly secretEnv?: string;
    }
  | { readonly kind: 'slack'; readonly url: string }
  | { readonly kind: 'command'; readonly argv: readonly string[] };

export interface DeliveryPolicy {
  /** Attempts in all (1 = no retry). */
  readonly attempts: number;
  /** Deadline of one attempt. */
  readonly timeoutMs: number;
  /** Backoff before retry n is base × 2^(n-1), at most maxBackoffMs. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export interface Delivery {
  readonly sink: string;
  readonly ok: boolean;
  readonly attempts: number;
  /** The last attempt's failure, in one line. */
  readonly error?: string;
}

export const SIGNATURE_HEADER = 'x-exposcan-signature';

/** A sink in words for the report and stderr: the URL without its path (a Slack URL's path is its secret). */
function sinkLabel(sink: Sink): string {
  if (sink.kind === 'command') return `command ${sink.argv[0] ?? ''}`;
  try {
    const url = new URL(sink.url);
    return `${sink.kind} ${url.protocol}//${url.host}`;
  } catch {
    return sink.kind;
  }
}

/** `sha256=` and the hex HMAC-SHA256 of the exact body bytes, keyed with the secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function deliver(
  sink: Sink,
  payload: Payload,
  policy: DeliveryPolicy,
  env: NodeJS.ProcessEnv = process.env,
  wait = backoffWait,
): Promise<Delivery> {
  let error = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await wait(Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 2)));
    try {
      await once(sink, payload, policy.timeoutMs, env);
      return { sink: sinkLabel(sink), ok: true, attempts: attempt };
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  return { sink: sinkLabel(sink), ok: false, attempts: policy.attempts, error };
}

function backoffWait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function once(sink: Sink, payload: Payload, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<void> {
  if (sink.kind === 'command') return runCommand(sink.argv, `${JSON.stringify(payload)}\n`, timeoutMs);
  const body = JSON.stringify(sink.kind === 'slack' ? slackBody(payload) : payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `${payload.tool.name}/${payload.tool.version}`,
  };
  if (sink.kind === 'webhook' && sink.secretEnv) {
    const secret = env[sink.secretEnv];
    if (!secret) throw new Error(`environment variable ${sink.secretEnv} is not set: not sent unsigned`);
    headers[SIGNATURE_HEADER] = signature(secret, body);
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // No redirect is followed (undici's request never does): a receiver cannot send the findings elsewhere.
    const response = await request(sink.url, {
      method: 'POST',
      body,
      headers,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump({ limit: 65_536, signal });
    if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`HTTP ${response.statusCode}`);
  } catch (error) {
    if (signal.aborted) throw new Error(`no answer within ${timeoutMs} ms`, { cause: error });
    throw error instanceof Error && /^HTTP \d+$/.test(error.message)
      ? error
      : new Error((error as NodeJS.ErrnoException).code ?? (error as Error).message, { cause: error });
  }
}

/** The command gets the JSON on stdin and must exit 0 within the deadline; it is killed past it. */
function runCommand(argv: readonly string[], input: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    if (!file) return reject(new Error('empty command'));
    const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'ignore'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let timedOut = false;
    const timer = setTimeout(() => (timedOut = true), timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${file}: ${error.code ?? error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(timedOut || signal === 'SIGKILL' ? `no exit within ${timeoutMs} ms` : `exited ${code ?? signal}`),
        );
    });
    // A command that does not read its input must not crash exposcan with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
