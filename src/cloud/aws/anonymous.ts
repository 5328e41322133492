// Proof that a bucket is listable by anyone: one UNSIGNED ListObjectsV2 (GET ?list-type=2&max-keys=1),
// with no Authorization header and no credentials anywhere near it, against the bucket's own
// regional endpoint (or the account's s3 override). At most one key is asked for; only the key
// count and whether any key came back are kept: the body is read up to a small cap and key names
// are never parsed.
import { Agent, request } from 'undici';
import { USER_AGENT } from '../../probes/http-raw.js';

export type AnonymousListing =
  | { readonly state: 'listable'; readonly keyCount: number; readonly hasKeys: boolean }
  /** S3 refused (AccessDenied, NoSuchBucket, AllAccessDisabled…): anonymous listing is not possible. */
  | { readonly state: 'refused'; readonly status: number; readonly code?: string }
  | { readonly state: 'error'; readonly message: string };

export interface AnonymousTarget {
  readonly bucket: string;
  readonly region: string;
  /** The account's s3 endpoint override; the bucket is then addressed path-style. */
  readonly endpoint?: URL;
}

export interface AnonymousOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Pooled connections for a run of probes; a private agent, closed afterwards, otherwise. */
  readonly dispatcher?: Agent;
}

const MAX_BODY = 16 * 1024;

/**
 * The listing URL. Virtual-hosted style on AWS (`https://bucket.s3.region.amazonaws.com/`) except
 * for names that are not one DNS label (dots break the wildcard certificate; legacy names may hold
 * capitals or underscores), which go path-style.
 */
export function anonymousListingUrl(target: AnonymousTarget): URL {
  let url: URL;
  if (target.endpoint) {
    url = new URL(target.endpoint.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/${encodeURIComponent(target.bucket)}`;
  } else {
    const domain = target.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    url = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(target.bucket)
      ? new URL(`https://${target.bucket}.s3.${target.region}.${domain}/`)
      : new URL(`https://s3.${target.region}.${domain}/${encodeURIComponent(target.bucket)}`);
  }
  url.search = 'list-type=2&max-keys=1';
  return url;
}

/** Reads the count from a ListBucketResult without looking at any key. */
export function summariseListing(xml: string): { keyCount: number; hasKeys: boolean } | undefined {
  if (!/<ListBucketResult[\s>]/.test(xml)) return undefined;
  const hasKeys = /<Contents>/.test(xml);
  const count = /<KeyCount>(\d+)<\/KeyCount>/.exec(xml)?.[1];
  return { keyCount: count !== undefined ? Number(count) : hasKeys ? 1 : 0, hasKeys };
}

export async function probeAnonymousListing(
  target: AnonymousTarget,
  options: AnonymousOptions,
): Promise<AnonymousListing> {
  options.signal?.throwIfAborted();
  const url = anonymousListingUrl(target);
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await request(url, {
      method: 'GET',
      dispatcher,
      signal,
      headers: { 'user-agent': USER_AGENT, accept: 'application/xml', 'accept-encoding': 'identity' },
    });
    let body = '';
    for await (const chunk of response.body) {
      body += (chunk as Buffer).toString('utf8');
      if (body.length > MAX_BODY) {
        response.body.destroy();
        break;
      }
    }
    if (response.statusCode === 200) {
      const summary = summariseListing(body);
      return summary
        ? { state: 'listable', ...summary }
        : { state: 'error', message: 'HTTP 200 without a ListBucketResult' };
    }
    const code = /<Code>([^<]{1,64})<\/Code>/.exec(body)?.[1];
    if (response.statusCode === 403 || response.statusCode === 404)
      return { state: 'refused', status: response.statusCode, ...(code ? { code } : {}) };
    return { state: 'error', message: `HTTP ${response.statusCode}${code ? ` ${code}` : ''}` };
  } catch (error) {
    options.signal?.throwIfAborted();
    if (timeout.aborted) return { state: 'error', message: `no answer within ${options.timeoutMs} ms` };
    const code = (error as { code?: unknown }).code;
    return { state: 'error', message: typeof code === 'string' ? code : String(error) };
  } finally {
    if (!options.dispatcher) await dispatcher.close();
  }
}
