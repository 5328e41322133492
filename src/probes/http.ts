// Follow-up HTTP GETs (undici) for the paths rules and product fingerprints ask for, once the
// identifying request has shown the endpoint speaks HTTP (a POST only where an API's reads are
// POSTs, e.g. etcd's v3 range). Redirects are never followed (a redirect can leave the scope);
// bodies are read up to a cap; every request has a deadline.
import { Agent, request, type Dispatcher } from 'undici';
import type { ProbeFailure } from '../engine/types.js';
import { failureOf } from './conn.js';
import type { PinnedNames } from './pinned-names.js';
import type { HttpOutcome, HttpResponse } from './http-observation.js';
import { USER_AGENT } from './http-raw.js';

export interface HttpGetOptions {
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
  /** Extra request headers (a default-credential check's Authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** GET by default; POST only for reads that an API defines as POSTs (see HttpRequestSpec.method). */
  readonly method?: 'GET' | 'POST';
  /** A POST's JSON body. */
  readonly body?: string;
}

/**
 * One agent for the whole scan: it pools connections per origin and accepts any certificate.
 * `lookup` resolves host names (the scan's pinned names, so follow-ups reach the address the
 * endpoint's first connection reached); without it, the system resolver.
 */
export function createHttpAgent(timeoutMs: number, lookup?: PinnedNames['lookup']): Agent {
  return new Agent({
    connect: { timeout: timeoutMs, rejectUnauthorized: false, ...(lookup ? { lookup } : {}) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 1000,
    connections: 4,
    // A server that sends headers without end must not make us hold them.
    maxHeaderSize: 64 * 1024,
  });
}

export async function httpGet(agent: Agent, url: string, options: HttpGetOptions): Promise<HttpOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Kept outside the try: a deadline that falls after the headers still leaves an answer.
  let response: Dispatcher.ResponseData | undefined;
  const chunks: Buffer[] = [];
  try {
    response = await request(url, {
      method: options.method ?? 'GET',
      dispatcher: agent,
      signal: controller.signal,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'application/json, text/plain, */*',
        'accept-encoding': 'identity',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    let size = 0;
    let truncated = false;
    for await (const chunk of response.body) {
      const piece = chunk as Buffer;
      chunks.push(piece);
      size += piece.length;
      // Only more than the cap is a cut: a body of exactly the cap is whole.
      if (size > options.maxBodyBytes) {
        truncated = true;
        response.body.destroy();
        break;
      }
    }
    return { ok: true, response: answer(response, chunks, truncated, options.maxBodyBytes) };
  } catch (error) {
    // Our own deadline, after the headers came: the body as far as it got (a slow link, a body
    // without end on a loaded machine) is the answer, cut. The caller's abort is not an answer.
    if (response && controller.signal.aborted && !options.signal?.aborted)
      return { ok: true, response: answer(response, chunks, true, options.maxBodyBytes) };
    const failure: ProbeFailure = controller.signal.aborted
      ? options.signal?.aborted
        ? 'aborted'
        : 'timeout'
      : undiciFailure(error);
    return { ok: false, failure };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function answer(
  response: Dispatcher.ResponseData,
  chunks: readonly Buffer[],
  truncated: boolean,
  maxBodyBytes: number,
): HttpResponse {
  return {
    status: response.statusCode,
    headers: flattenHeaders(response.headers),
    body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8'),
    truncated,
  };
}

function undiciFailure(error: unknown): ProbeFailure {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return 'too-large';
  if (code.startsWith('HPE_') || code === 'UND_ERR_RESPONSE') return 'protocol';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return 'timeout';
  if (code === 'UND_ERR_SOCKET') return 'reset';
  const cause = (error as { cause?: unknown }).cause;
  return failureOf(cause ?? error);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value)
      ? value.join(name.toLowerCase() === 'set-cookie' ? '\n' : ', ')
      : value;
  }
  return flat;
}
