// How Alibaba Cloud checks a request's signature, rebuilt from the documented algorithms (not from
// exposcan's or pop-core's code, so a test proves the client signs as the service expects):
//
// RPC, signature version 1.0 ("API 签名机制", help.aliyun.com; the official example with AK testid /
// secret testsecret gives CT9X0VtwR86fNWSnsc6v8YGOjuE=):
//   every parameter but Signature, names and values percent-encoded per RFC 3986 (unreserved
//   A-Z a-z 0-9 - _ . ~ kept, everything else %XX of its UTF-8 bytes, upper-case hex), sorted by
//   name, joined "name=value" with "&";
//   StringToSign = METHOD & %2F & percentEncode(canonicalized);
//   Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
// ROA (Elasticsearch 2017-06-13), header "Authorization: acs <AccessKeyId>:<signature>":
//   StringToSign = METHOD \n Accept \n Content-MD5 \n Content-Type \n Date \n
//                  + sorted "x-acs-<name>:<value>\n" (names lower-case, value trimmed, tabs and
//                    line breaks as spaces) + path [? sorted "name=value" joined by "&", values as is];
//   signature = base64(HMAC-SHA1(AccessKeySecret, StringToSign)).
// OSS V1, header "Authorization: OSS <AccessKeyId>:<signature>":
//   StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n + sorted "x-oss-<name>:<value>\n"
//                  + "/" [bucket "/"] [object] [? sorted signed sub-resources "name" or "name=value"];
//   signature = base64(HMAC-SHA1(AccessKeySecret, StringToSign)).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding, byte by byte. */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function hmacSha1(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}

/** Constant-time comparison of two signatures. */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcSignature(secret: string, stringToSign: string): string {
  return hmacSha1(`${secret}&`, stringToSign);
}

/** Does `params` (decoded, Signature included) carry a valid signature for `secret`? */
export function verifyRpcSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  secret: string,
): { valid: boolean; stringToSign: string } {
  const stringToSign = rpcStringToSign(method, params);
  return { valid: sameSignature(params.Signature ?? '', rpcSignature(secret, stringToSign)), stringToSign };
}

function oneLine(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).replace(/[\t\n\r\f]/g, ' ').trim();
}

export function roaStringToSign(
  method: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  path: string,
  query: Readonly<Record<string, string>>,
): string {
  const acsHeaders = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${oneLine(headers[name])}\n`)
    .join('');
  const names = Object.keys(query).sort();
  const resource = names.length > 0 ? `${path}?${names.map((name) => `${name}=${query[name]}`).join('&')}` : path;
  return `${method.toUpperCase()}\n${oneLine(headers.accept)}\n${oneLine(headers['content-md5'])}\n${oneLine(headers['content-type'])}\n${oneLine(headers.date)}\n${acsHeaders}${resource}`;
}

export function roaSignature(secret: string, stringToSign: string): string {
  return hmacSha1(secret, stringToSign);
}

/** Sub-resources OSS signs (the fixed list of the OSS SDKs' V1 signers plus the operations used here); other query parameters are not signed. */
const OSS_SIGNED = new Set([
  'acl',
  'bucketInfo',
  'location',
  'stat',
  'delete',
  'append',
  'tagging',
  'objectMeta',
  'uploads',
  'uploadId',
  'partNumber',
  'security-token',
  'position',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'restore',
  'callback',
  'callback-var',
  'versions',
  'versioning',
  'versionId',
  'sequential',
  'continuation-token',
  'regionList',
  'cloudboxes',
  'symlink',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'cors',
  'lifecycle',
  'logging',
  'website',
  'referer',
  'encryption',
  'worm',
]);

export function ossCanonicalResource(
  bucket: string | undefined,
  objectKey: string,
  query: Readonly<Record<string, string>>,
): string {
  const signed = Object.keys(query)
    .filter((name) => OSS_SIGNED.has(name) || name.startsWith('x-oss-'))
    .sort()
    .map((name) => (query[name] ? `${name}=${query[name]}` : name));
  return `/${bucket ? `${bucket}/` : ''}${objectKey}${signed.length > 0 ? `?${signed.join('&')}` : ''}`;
}

export function ossStringToSign(
  method: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  resource: string,
): string {
  const ossHeaders = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${oneLine(headers[name])}\n`)
    .join('');
  return `${method.toUpperCase()}\n${oneLine(headers['content-md5'])}\n${oneLine(headers['content-type'])}\n${oneLine(headers.date)}\n${ossHeaders}${resource}`;
}

export function ossSignature(secret: string, stringToSign: string): string {
  return hmacSha1(secret, stringToSign);
}

/** A form or query string decoded as the service does ("+" is a space). */
export function decodeForm(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    if (!(name in params)) params[name] = equals < 0 ? '' : decode(pair.slice(equals + 1));
  }
  return params;
}
