// Transport for the Alibaba Cloud OpenAPI: RPC (ECS, RDS, Redis, MongoDB, STS) and ROA
// (Elasticsearch) calls signed by @alicloud/pop-core 1.8.0, each with a time limit, the caller's
// AbortSignal, and at most MAX_TRIES tries with exponential backoff and jitter for throttling and
// passing trouble. Every failure leaves as a CallFailure with a redacted message.
//
// pop-core facts this relies on (lib/rpc.js, lib/roa.js, httpx 2.3): RPC throws when the JSON body
// has a `Code` outside 200/OK/Success, with err.code and err.data (the body); ROA throws for HTTP
// >= 400 with a JSON body, with err.code and err.result; both hand `opts` to httpx, whose
// `beforeRequest(options)` hook lets the AbortSignal reach http.request; ROA answers that are
// neither JSON nor XML come back as a plain string.
import http from 'node:http';
import https from 'node:https';
import PopCore from '@alicloud/pop-core';
import { CallFailure, classifyCode, isTransientCode, redact } from './errors.js';

export interface AlibabaCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export type Json = Record<string, unknown>;

/** At most this many tries of one call (the first and three retries). */
export const MAX_TRIES = 4;
const BASE_DELAY_MS = 100;

interface RoaClient {
  request(
    method: string,
    uriPattern: string,
    query: Record<string, string>,
    body: string,
    headers: Record<string, string>,
    opts: object,
  ): Promise<unknown>;
}
type RoaClientClass = new (config: {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}) => RoaClient;
// index.js exports ROAClient beside the default RPCClient; lib/rpc.d.ts does not declare it.
const ROAClient = (PopCore as unknown as { ROAClient: RoaClientClass }).ROAClient;

/** options.credentials, else the standard environment variables; never a file or a metadata service. */
export function resolveCredentials(
  injected?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  env: NodeJS.ProcessEnv = process.env,
): AlibabaCredentials | undefined {
  if (injected)
    return {
      accessKeyId: injected.accessKeyId,
      accessKeySecret: injected.secretAccessKey,
      ...(injected.sessionToken ? { securityToken: injected.sessionToken } : {}),
    };
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) return undefined;
  const securityToken = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  return { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) };
}

export interface CallSettings {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rejects as soon as `signal` aborts, whatever `work` is still doing. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Exponential backoff with equal jitter: half of 100·2^(n-1) ms fixed, half random. */
export function backoffMs(failedTries: number, random = Math.random): number {
  const ceiling = BASE_DELAY_MS * 2 ** (failedTries - 1);
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Runs `attempt` until it answers, a failure is not transient, or MAX_TRIES tries were made.
 * Each try has its own `timeoutMs`. If the caller's signal aborts, its reason is thrown as is
 * (a stopped scan is not a coverage gap).
 */
export async function withRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  settings: CallSettings,
  toFailure: (error: unknown) => CallFailure,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    settings.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
    let failure: CallFailure;
    try {
      return await raceAbort(attempt(signal), signal);
    } catch (error) {
      if (settings.signal?.aborted) throw settings.signal.reason;
      failure =
        error instanceof CallFailure
          ? error
          : timeout.aborted
            ? new CallFailure('error', `no answer within ${settings.timeoutMs} ms`, 'Timeout')
            : toFailure(error);
    }
    if (!failure.transient || tries >= MAX_TRIES) {
      if (failure.transient && tries > 1)
        throw new CallFailure(failure.reason, `${failure.message} (after ${tries} tries)`, failure.code);
      throw failure;
    }
    await sleep(backoffMs(tries), settings.signal);
  }
}

/** A pop-core (or httpx, or node) error as a CallFailure; service messages are preferred to pop-core's, which embed the URL. */
export function popFailure(error: unknown, secrets: readonly (string | undefined)[]): CallFailure {
  const e = (error ?? {}) as { code?: unknown; data?: Json; result?: Json; message?: unknown; name?: unknown };
  const code = typeof e.code === 'string' && e.code ? e.code : undefined;
  const body = e.data ?? e.result;
  const serviceMessage = body ? (body.Message ?? body.message ?? body.errorMsg) : undefined;
  if (code && body) {
    return new CallFailure(
      classifyCode(code),
      redact(`${code}: ${String(serviceMessage ?? '')}`, secrets),
      code,
      isTransientCode(code),
    );
  }
  // httpx appends "<METHOD> <url> failed." to network errors; the URL adds nothing the gap does not say.
  const text = (typeof e.message === 'string' ? e.message : String(error)).replace(
    /\s*(GET|POST|PUT|DELETE|PATCH|HEAD)\s+\S+ failed\.\s*$/,
    '',
  );
  if (code === 'ENOTFOUND')
    return new CallFailure('unavailable', redact(`no such endpoint host: ${text}`, secrets), code);
  if (code) return new CallFailure('error', redact(`${code}: ${text}`, secrets), code, isTransientCode(code));
  return new CallFailure('error', redact(text, secrets), typeof e.name === 'string' ? e.name : undefined);
}

/** One scan's connection to Alibaba Cloud: the credentials, shared keep-alive agents and per-endpoint pop-core clients. */
export class AlibabaClient {
  private readonly rpcClients = new Map<string, PopCore>();
  private readonly roaClients = new Map<string, RoaClient>();
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    readonly credentials: AlibabaCredentials,
    readonly settings: CallSettings,
  ) {}

  /** httpx's own connect/read timeout, kept behind ours so that a slow answer always reads "no answer within N ms". */
  private get httpxTimeout(): number {
    return this.settings.timeoutMs + 1000;
  }

  /** What must never appear in a message. */
  get secrets(): readonly (string | undefined)[] {
    return [this.credentials.accessKeyId, this.credentials.accessKeySecret, this.credentials.securityToken];
  }

  agentFor(url: string): http.Agent {
    return url.startsWith('https:') ? this.httpsAgent : this.httpAgent;
  }

  private config(endpoint: string, apiVersion: string) {
    const { accessKeyId, accessKeySecret, securityToken } = this.credentials;
    return { endpoint, apiVersion, accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) };
  }

  /** An RPC action, POSTed as a signed form (pop-core's `method: 'POST'`). */
  async rpc(
    endpoint: string,
    apiVersion: string,
    action: string,
    params: Record<string, string | number>,
  ): Promise<Json> {
    const key = `${endpoint} ${apiVersion}`;
    let client = this.rpcClients.get(key);
    if (!client) {
      client = new PopCore(this.config(endpoint, apiVersion));
      this.rpcClients.set(key, client);
    }
    const rpcClient = client;
    const agent = this.agentFor(endpoint);
    const answer = await withRetry(
      (signal) =>
        rpcClient.request<unknown>(action, params, {
          method: 'POST',
          formatParams: false,
          timeout: this.httpxTimeout,
          agent,
          beforeRequest: (options: object) => ({ ...options, signal }),
        }),
      this.settings,
      (error) => popFailure(error, this.secrets),
    );
    return asObject(answer);
  }

  /** A ROA GET; `host` is the Host header to send (the service's own host name when the endpoint is overridden). */
  async roaGet(
    endpoint: string,
    apiVersion: string,
    path: string,
    query: Record<string, string>,
    host?: string,
  ): Promise<Json> {
    const key = `${endpoint} ${apiVersion}`;
    let client = this.roaClients.get(key);
    if (!client) {
      client = new ROAClient(this.config(endpoint, apiVersion));
      this.roaClients.set(key, client);
    }
    const roaClient = client;
    const agent = this.agentFor(endpoint);
    const answer = await withRetry(
      (signal) =>
        roaClient.request('GET', path, query, '', host ? { host } : {}, {
          timeout: this.httpxTimeout,
          agent,
          beforeRequest: (options: object) => ({ ...options, signal }),
        }),
      this.settings,
      (error) => popFailure(error, this.secrets),
    );
    return asObject(answer);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function asObject(answer: unknown): Json {
  if (answer && typeof answer === 'object' && !Array.isArray(answer)) return answer as Json;
  throw new CallFailure('error', 'the answer was not a JSON object', 'UnexpectedAnswer');
}
