// Server-side verification of AWS Signature Version 4 (header form), as AWS documents it
// ("Create a signed AWS API request", IAM User Guide; S3 "Authenticating Requests: Using the
// Authorization Header"):
//   canonical request = method \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n payload hash
//   string to sign    = AWS4-HMAC-SHA256 \n x-amz-date \n date/region/service/aws4_request \n hex(sha256(canonical request))
//   signing key       = HMAC chain "AWS4"+secret → date → region → service → "aws4_request"
// S3 differs: the path is encoded once (others: normalised, then each segment encoded again), the
// x-amz-content-sha256 header is required and must match the body unless it is UNSIGNED-PAYLOAD,
// and every x-amz-* header present must be signed. The verifier returns a neutral failure kind;
// the emulator turns it into each service's own error code and format.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface IncomingSigned {
  readonly method: string;
  /** The request target exactly as received: raw (encoded) path and query. */
  readonly target: string;
  /** Raw header pairs in arrival order (node's `rawHeaders`, paired). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export interface KnownKey {
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface VerifyOptions {
  /** The signing name the endpoint expects: s3, ec2, rds, es, sts, iam… */
  readonly service: string;
  /** S3 rules (single path encoding, x-amz-content-sha256, UNSIGNED-PAYLOAD, signed x-amz-* headers). */
  readonly s3: boolean;
  readonly now: Date;
  readonly keys: (accessKeyId: string) => KnownKey | undefined;
}

export type FailureKind =
  | 'missing-auth' // no Authorization header
  | 'malformed' // Authorization header or credential scope unusable
  | 'wrong-service'
  | 'unknown-key'
  | 'bad-token'
  | 'expired' // x-amz-date more than 15 minutes away
  | 'payload-hash' // x-amz-content-sha256 does not match the body (S3)
  | 'missing-payload-hash' // S3 without x-amz-content-sha256
  | 'unsigned-header' // S3: an x-amz-* header present but not signed
  | 'signature'; // the signature does not match: wrong secret, or a request altered after signing

export type Verification =
  | {
      readonly ok: true;
      readonly accessKeyId: string;
      readonly region: string;
      readonly date: string;
      readonly canonicalRequest: string;
      readonly stringToSign: string;
    }
  | {
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      readonly canonicalRequest?: string;
      readonly stringToSign?: string;
      readonly accessKeyId?: string;
      readonly region?: string;
    };

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_SKEW_MS = 15 * 60 * 1000;

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as AWS specifies it: unreserved characters kept, everything else %XX (uppercase). */
export function awsUriEncode(text: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(char) || (keepSlash && char === '/')) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** S3: the decoded path encoded once. Others: dot segments resolved, empty segments dropped, then every (already encoded) segment encoded again. */
export function canonicalUri(rawPath: string, s3: boolean): string {
  if (s3)
    return (
      rawPath
        .split('/')
        .map((segment) => awsUriEncode(safeDecode(segment)))
        .join('/') || '/'
    );
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return path
    .split('/')
    .map((segment) => awsUriEncode(segment))
    .join('/');
}

/** Every parameter decoded, re-encoded, sorted by name then value; a bare `name` becomes `name=`. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const index = pair.indexOf('=');
      const name = index === -1 ? pair : pair.slice(0, index);
      const value = index === -1 ? '' : pair.slice(index + 1);
      return [awsUriEncode(safeDecode(name)), awsUriEncode(safeDecode(value))] as const;
    })
    .sort(([nameA, valueA], [nameB, valueB]) =>
      nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** All values of a header (case-insensitive), trimmed, inner whitespace runs collapsed, joined by ','. */
function headerValue(headers: IncomingSigned['headers'], name: string): string | undefined {
  const values = headers
    .filter(([key]) => key.toLowerCase() === name)
    .map(([, value]) => value.trim().replace(/\s+/g, ' '));
  return values.length > 0 ? values.join(',') : undefined;
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  const match = /^AWS4-HMAC-SHA256\s+(.+)$/.exec(value.trim());
  if (!match) return 'Unsupported Authorization Type';
  const parts = new Map<string, string>();
  for (const component of match[1]!.split(',')) {
    const index = component.indexOf('=');
    if (index > 0) parts.set(component.slice(0, index).trim(), component.slice(index + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parts.get(name));
    return `Authorization header requires '${missing.join("', '")}' parameter(s)`;
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!))
    return `Credential should be scoped to a valid region and terminated by aws4_request: '${credential}'`;
  const names = signedHeaders.split(';');
  if (names.some((name) => name !== name.toLowerCase()) || names.join(';') !== [...names].sort().join(';'))
    return 'SignedHeaders must be lowercase and sorted';
  if (!/^[0-9a-f]{64}$/.test(signature)) return 'Signature must be 64 lowercase hex characters';
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: names,
    signature,
  };
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function verifySigV4(request: IncomingSigned, options: VerifyOptions): Verification {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return { ok: false, kind: 'missing-auth', message: 'Missing Authentication Token' };
  const parsed = parseAuthorization(authorization);
  if (typeof parsed === 'string') return { ok: false, kind: 'malformed', message: parsed };
  const context = { accessKeyId: parsed.accessKeyId, region: parsed.region };
  if (parsed.service !== options.service)
    return {
      ok: false,
      kind: 'wrong-service',
      message: `Credential should be scoped to correct service: '${options.service}'.`,
      ...context,
    };

  const key = options.keys(parsed.accessKeyId);
  if (!key)
    return {
      ok: false,
      kind: 'unknown-key',
      message: 'The security token included in the request is invalid.',
      ...context,
    };

  const amzDate = headerValue(request.headers, 'x-amz-date');
  const when = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !when)
    return {
      ok: false,
      kind: 'malformed',
      message:
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header in ISO 8601 basic format.",
      ...context,
    };
  if (amzDate.slice(0, 8) !== parsed.date)
    return {
      ok: false,
      kind: 'malformed',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}'`,
      ...context,
    };
  if (Math.abs(options.now.getTime() - when.getTime()) > MAX_SKEW_MS) {
    return {
      ok: false,
      kind: 'expired',
      message: `Signature expired: ${amzDate} is now earlier or later than 15 min. from server time ${options.now.toISOString()}`,
      ...context,
    };
  }
  if (!parsed.signedHeaders.includes('host'))
    return { ok: false, kind: 'malformed', message: "'Host' must be a signed header.", ...context };

  const token = headerValue(request.headers, 'x-amz-security-token');
  if ((key.sessionToken ?? undefined) !== token)
    return {
      ok: false,
      kind: 'bad-token',
      message: 'The security token included in the request is invalid.',
      ...context,
    };

  let payloadHash: string;
  const declared = headerValue(request.headers, 'x-amz-content-sha256');
  if (options.s3) {
    const unsigned = request.headers
      .map(([name]) => name.toLowerCase())
      .filter((name) => name.startsWith('x-amz-') && !parsed.signedHeaders.includes(name));
    if (unsigned.length > 0)
      return {
        ok: false,
        kind: 'unsigned-header',
        message: `There were headers present in the request which were not signed: ${unsigned.join(', ')}`,
        ...context,
      };
    if (declared === undefined)
      return {
        ok: false,
        kind: 'missing-payload-hash',
        message: 'Missing required header for this request: x-amz-content-sha256',
        ...context,
      };
    if (declared !== 'UNSIGNED-PAYLOAD') {
      if (declared.startsWith('STREAMING-'))
        return { ok: false, kind: 'malformed', message: 'streaming payloads are not emulated', ...context };
      if (declared !== sha256Hex(request.body))
        return {
          ok: false,
          kind: 'payload-hash',
          message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
          ...context,
        };
    }
    payloadHash = declared;
  } else {
    // Other services hash the body themselves; a declared hash is only one more signed header.
    payloadHash = sha256Hex(request.body);
  }

  const queryIndex = request.target.indexOf('?');
  const rawPath = queryIndex === -1 ? request.target : request.target.slice(0, queryIndex);
  const rawQuery = queryIndex === -1 ? '' : request.target.slice(queryIndex + 1);
  const canonicalHeaders = parsed.signedHeaders
    .map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`)
    .join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(rawPath, options.s3),
    canonicalQuery(rawQuery),
    canonicalHeaders,
    parsed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(key.secretAccessKey, parsed.date, parsed.region, parsed.service))
    .update(stringToSign, 'utf8')
    .digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      kind: 'signature',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      canonicalRequest,
      stringToSign,
      ...context,
    };
  }
  return {
    ok: true,
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    date: parsed.date,
    canonicalRequest,
    stringToSign,
  };
}
