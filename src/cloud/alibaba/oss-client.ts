// OSS REST calls signed with the V1 scheme, small enough to keep here rather than add ali-oss:
//   Authorization: OSS <AccessKeyId>:base64(HMAC-SHA1(secret, StringToSign))
//   StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedOSSHeaders CanonicalizedResource
// CanonicalizedOSSHeaders: x-oss-* headers, lower-cased, sorted, "name:value\n".
// CanonicalizedResource: "/" for the service, "/<bucket>/" for a bucket, then "?<sub-resource>"
// for acl, policyStatus, publicAccessBlock; listing parameters (marker, max-keys) are not signed
// (OSS API reference; aliyun/alibabacloud-oss-go-sdk-v2 oss/signer/v1.go, which adds an
// operation's own sub-resource such as policyStatus to its fixed list).
// Errors are XML <Error><Code/><Message/><RequestId/><HostId/>…</Error>.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { withRetry, type AlibabaClient } from './client.js';
import { CallFailure, classifyCode, isTransientCode, redact } from './errors.js';
import { xmlText } from './xml.js';

const MAX_BODY = 8 * 1024 * 1024;

export function ossStringToSign(verb: string, headers: Readonly<Record<string, string>>, resource: string): string {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const ossHeaders = Object.keys(lower)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(lower[name] ?? '').trim()}\n`)
    .join('');
  return `${verb}\n${lower['content-md5'] ?? ''}\n${lower['content-type'] ?? ''}\n${lower['date'] ?? ''}\n${ossHeaders}${resource}`;
}

function ossSignature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

export interface OssRequest {
  /** Where to connect: the endpoint override, or the bucket's own https host. */
  readonly base: string;
  /** Host header when `base` is an override: `<bucket>.oss-<region>.aliyuncs.com`, as the service routes on it. */
  readonly host?: string;
  readonly bucket?: string;
  /** One signed sub-resource without a value (acl, policyStatus, publicAccessBlock). */
  readonly subresource?: string;
  /** Unsigned query parameters. */
  readonly query?: Readonly<Record<string, string>>;
}

function get(
  url: string,
  headers: Record<string, string>,
  agent: http.Agent,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).request(
      url,
      { method: 'GET', headers, agent, signal },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) response.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** A signed GET; the body of a 2xx answer, else a CallFailure from the OSS error XML. */
export async function ossGet(client: AlibabaClient, request: OssRequest): Promise<string> {
  const query = [
    ...(request.subresource ? [request.subresource] : []),
    ...Object.entries(request.query ?? {}).map(
      ([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
    ),
  ];
  const url = `${request.base.replace(/\/+$/, '')}/${query.length > 0 ? `?${query.join('&')}` : ''}`;
  const resource = `/${request.bucket ? `${request.bucket}/` : ''}${request.subresource ? `?${request.subresource}` : ''}`;
  const { accessKeyId, accessKeySecret, securityToken } = client.credentials;
  return withRetry(
    async (signal) => {
      const headers: Record<string, string> = {
        date: new Date().toUTCString(),
        ...(securityToken ? { 'x-oss-security-token': securityToken } : {}),
        ...(request.host ? { host: request.host } : {}),
      };
      headers.authorization = `OSS ${accessKeyId}:${ossSignature(accessKeySecret, ossStringToSign('GET', headers, resource))}`;
      const { status, body } = await get(url, headers, client.agentFor(url), signal);
      if (status >= 200 && status < 300) return body;
      const code = xmlText(body, 'Code') ?? `HTTP${status}`;
      const message = redact(`${code}: ${xmlText(body, 'Message') ?? `HTTP status ${status}`}`, client.secrets);
      throw new CallFailure(classifyCode(code), message, code, status >= 500 || isTransientCode(code));
    },
    client.settings,
    (error) => {
      const e = error as { code?: unknown; message?: unknown };
      const code = typeof e.code === 'string' ? e.code : undefined;
      if (code === 'ENOTFOUND')
        return new CallFailure(
          'unavailable',
          redact(`no such endpoint host: ${String(e.message)}`, client.secrets),
          code,
        );
      return new CallFailure(
        'error',
        redact(`${code ? `${code}: ` : ''}${String(e.message ?? error)}`, client.secrets),
        code,
        code ? isTransientCode(code) : false,
      );
    },
  );
}
