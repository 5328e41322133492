// The emulator's SigV4 verifier (test/emulators/aws-sigv4.ts), which decides every request in the
// AWS tests, is itself checked here against AWS's published signing examples:
// - IAM "GET /?Action=ListUsers&Version=2010-05-08" (SigV4 docs, "Create a signed AWS API request"):
//   AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, canonical request hash
//   f536975d…, signing key c4afb1cc…, signature 5d672d79….
// - S3 "GET /test.txt" with a Range header (S3 API reference, "Authenticating requests: using the
//   Authorization header"): AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,
//   20130524T000000Z, signature f0e8bdb8….
// The values were taken from several independent implementations' test suites that quote the AWS
// pages (the pages themselves were not in the search corpus). Then the SDK's own signer
// (@smithy/signature-v4) signs requests shaped like each service's, and the verifier must accept
// them and refuse every alteration.
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  awsUriEncode,
  canonicalQuery,
  canonicalUri,
  EMPTY_SHA256,
  sha256Hex,
  signingKey,
  verifySigV4,
  type IncomingSigned,
  type KnownKey,
  type VerifyOptions,
} from '../../emulators/aws-sigv4.js';

const IAM_EXAMPLE: IncomingSigned = {
  method: 'GET',
  target: '/?Action=ListUsers&Version=2010-05-08',
  headers: [
    ['Host', 'iam.amazonaws.com'],
    ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
    ['X-Amz-Date', '20150830T123600Z'],
    [
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    ],
  ],
  body: Buffer.alloc(0),
};
const IAM_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const iamOptions = (secret = IAM_SECRET): VerifyOptions => ({
  service: 'iam',
  s3: false,
  now: new Date('2015-08-30T12:36:00Z'),
  keys: (id) => (id === 'AKIDEXAMPLE' ? { secretAccessKey: secret } : undefined),
});

const S3_EXAMPLE: IncomingSigned = {
  method: 'GET',
  target: '/test.txt',
  headers: [
    ['Host', 'examplebucket.s3.amazonaws.com'],
    ['Range', 'bytes=0-9'],
    ['x-amz-content-sha256', EMPTY_SHA256],
    ['x-amz-date', '20130524T000000Z'],
    [
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    ],
  ],
  body: Buffer.alloc(0),
};
const s3Options: VerifyOptions = {
  service: 's3',
  s3: true,
  now: new Date('2013-05-24T00:00:00Z'),
  keys: (id) =>
    id === 'AKIAIOSFODNN7EXAMPLE' ? { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } : undefined,
};

const withHeader = (request: IncomingSigned, name: string, value: string): IncomingSigned => ({
  ...request,
  headers: request.headers.map(([key, old]) => [key, key.toLowerCase() === name ? value : old] as const),
});

describe('the SigV4 verifier against AWS published examples', () => {
  it('accepts the IAM ListUsers example and reproduces its canonical request hash and signing key', () => {
    const result = verifySigV4(IAM_EXAMPLE, iamOptions());
    expect(result).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1' });
    if (!result.ok) return;
    expect(result.canonicalRequest).toBe(
      [
        'GET',
        '/',
        'Action=ListUsers&Version=2010-05-08',
        'content-type:application/x-www-form-urlencoded; charset=utf-8',
        'host:iam.amazonaws.com',
        'x-amz-date:20150830T123600Z',
        '',
        'content-type;host;x-amz-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(sha256Hex(result.canonicalRequest)).toBe('f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
    expect(result.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    );
    expect(signingKey(IAM_SECRET, '20150830', 'us-east-1', 'iam').toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
  });

  it('refuses the IAM example under a secret one character off, a changed header, reordered query values, an unknown key, or 15 minutes later', () => {
    expect(verifySigV4(IAM_EXAMPLE, iamOptions(IAM_SECRET.replace('+', '/')))).toMatchObject({
      ok: false,
      kind: 'signature',
    });
    expect(verifySigV4(withHeader(IAM_EXAMPLE, 'content-type', 'application/json'), iamOptions())).toMatchObject({
      ok: false,
      kind: 'signature',
    });
    expect(
      verifySigV4({ ...IAM_EXAMPLE, target: '/?Action=ListUsers&Version=2010-05-09' }, iamOptions()),
    ).toMatchObject({ ok: false, kind: 'signature' });
    expect(verifySigV4(IAM_EXAMPLE, { ...iamOptions(), keys: () => undefined })).toMatchObject({
      ok: false,
      kind: 'unknown-key',
    });
    expect(verifySigV4(IAM_EXAMPLE, { ...iamOptions(), now: new Date('2015-08-30T12:51:01Z') })).toMatchObject({
      ok: false,
      kind: 'expired',
    });
    expect(verifySigV4(IAM_EXAMPLE, { ...iamOptions(), service: 'sts' })).toMatchObject({
      ok: false,
      kind: 'wrong-service',
    });
  });

  it('query parameter order does not matter: the canonical query sorts them', () => {
    expect(
      verifySigV4({ ...IAM_EXAMPLE, target: '/?Version=2010-05-08&Action=ListUsers' }, iamOptions()),
    ).toMatchObject({ ok: true });
  });

  it('accepts the S3 GetObject example (Range signed, x-amz-content-sha256 of the empty body)', () => {
    expect(verifySigV4(S3_EXAMPLE, s3Options)).toMatchObject({ ok: true, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  it('S3 refuses the example with another range, a body that does not match its declared hash, a missing hash header, or an unsigned x-amz-* header', () => {
    expect(verifySigV4(withHeader(S3_EXAMPLE, 'range', 'bytes=0-99'), s3Options)).toMatchObject({
      ok: false,
      kind: 'signature',
    });
    expect(verifySigV4({ ...S3_EXAMPLE, body: Buffer.from('not empty') }, s3Options)).toMatchObject({
      ok: false,
      kind: 'payload-hash',
    });
    expect(
      verifySigV4(
        { ...S3_EXAMPLE, headers: S3_EXAMPLE.headers.filter(([name]) => name !== 'x-amz-content-sha256') },
        s3Options,
      ),
    ).toMatchObject({ ok: false, kind: 'missing-payload-hash' });
    expect(
      verifySigV4({ ...S3_EXAMPLE, headers: [...S3_EXAMPLE.headers, ['x-amz-acl', 'public-read']] }, s3Options),
    ).toMatchObject({ ok: false, kind: 'unsigned-header' });
    expect(
      verifySigV4(
        { ...S3_EXAMPLE, headers: S3_EXAMPLE.headers.filter(([name]) => name !== 'Authorization') },
        s3Options,
      ),
    ).toMatchObject({ ok: false, kind: 'missing-auth' });
  });
});

describe('canonical forms', () => {
  it('encodes as AWS specifies: unreserved kept, everything else %XX uppercase', () => {
    expect(awsUriEncode("a b/c~d*e'f")).toBe('a%20b%2Fc~d%2Ae%27f');
    expect(awsUriEncode('a/b', true)).toBe('a/b');
  });

  it('S3 paths are encoded once; other services normalise the path and encode it again', () => {
    expect(canonicalUri('/my%20bucket/a%2Bb', true)).toBe('/my%20bucket/a%2Bb');
    expect(canonicalUri('/a/./b/../c//d%20e/', false)).toBe('/a/c/d%2520e/');
    expect(canonicalUri('/', false)).toBe('/');
  });

  it('queries are decoded, re-encoded and sorted by name then value; a bare name gets "="', () => {
    expect(canonicalQuery('b=2&a=1&a=0&acl')).toBe('a=0&a=1&acl=&b=2');
    expect(canonicalQuery('prefix=a%20b&list-type=2')).toBe('list-type=2&prefix=a%20b');
  });
});

/** node:crypto as the signer's Checksum. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as Uint8Array));
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {}
}

interface Unsigned {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Signs with the SDK's signer and returns the request as the wire would carry it. */
async function sdkSigned(
  service: string,
  request: Unsigned,
  key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  options: { s3: boolean; unsignedPayload?: boolean },
): Promise<IncomingSigned> {
  const signer = new SignatureV4({
    service,
    region: 'eu-west-1',
    credentials: key,
    sha256: NodeSha256,
    uriEscapePath: !options.s3,
    applyChecksum: options.s3,
  });
  const headers = {
    host: '127.0.0.1:4566',
    ...request.headers,
    ...(options.unsignedPayload ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {}),
  };
  const signed = await signer.sign({
    method: request.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: request.path,
    query: request.query ?? {},
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const query = Object.entries(request.query ?? {})
    .map(([name, value]) => `${awsUriEncode(name)}=${awsUriEncode(value)}`)
    .join('&');
  return {
    method: request.method,
    target: `${request.path}${query ? `?${query}` : ''}`,
    headers: Object.entries(signed.headers).map(([name, value]) => [name, String(value)] as const),
    body: Buffer.from(request.body ?? ''),
  };
}

describe('the verifier accepts what the SDK signer signs, and nothing altered', () => {
  const key = { accessKeyId: 'AKIAEMULATEDTEST0001', secretAccessKey: 'emulated/secret+key/for/tests0000000000' };
  const keys =
    (token?: string) =>
    (id: string): KnownKey | undefined =>
      id === key.accessKeyId
        ? { secretAccessKey: key.secretAccessKey, ...(token ? { sessionToken: token } : {}) }
        : undefined;
  const now = () => new Date();

  it('an EC2 query POST (form body hashed by the server)', async () => {
    const request = await sdkSigned(
      'ec2',
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeSecurityGroups&Version=2016-11-15',
      },
      key,
      { s3: false },
    );
    const options = { service: 'ec2', s3: false, now: now(), keys: keys() };
    expect(verifySigV4(request, options)).toMatchObject({ ok: true, region: 'eu-west-1' });
    expect(
      verifySigV4({ ...request, body: Buffer.from('Action=DescribeInstances&Version=2016-11-15') }, options),
    ).toMatchObject({ ok: false, kind: 'signature' });
    expect(
      verifySigV4(request, {
        ...options,
        keys: (id) => (id === key.accessKeyId ? { secretAccessKey: 'wrong' } : undefined),
      }),
    ).toMatchObject({ ok: false, kind: 'signature' });
  });

  it('an OpenSearch REST path that needs double encoding', async () => {
    const request = await sdkSigned(
      'es',
      { method: 'GET', path: '/2021-01-01/opensearch/domain/logs%20old', headers: {} },
      key,
      { s3: false },
    );
    expect(verifySigV4(request, { service: 'es', s3: false, now: now(), keys: keys() })).toMatchObject({ ok: true });
  });

  it('an S3 request with a hashed payload, one with UNSIGNED-PAYLOAD, and subresource queries', async () => {
    const options = { service: 's3', s3: true, now: now(), keys: keys() };
    const hashed = await sdkSigned(
      's3',
      { method: 'PUT', path: '/bucket/a%20key', headers: { 'x-amz-content-sha256': sha256Hex('body') }, body: 'body' },
      key,
      { s3: true },
    );
    expect(verifySigV4(hashed, options)).toMatchObject({ ok: true });
    const unsigned = await sdkSigned(
      's3',
      { method: 'PUT', path: '/bucket/key', headers: {}, body: 'any body at all' },
      key,
      { s3: true, unsignedPayload: true },
    );
    expect(verifySigV4(unsigned, options)).toMatchObject({ ok: true });
    expect(verifySigV4({ ...unsigned, body: Buffer.from('another body') }, options)).toMatchObject({ ok: true });
    const acl = await sdkSigned(
      's3',
      { method: 'GET', path: '/bucket/', query: { acl: '' }, headers: { 'x-amz-content-sha256': EMPTY_SHA256 } },
      key,
      { s3: true },
    );
    expect(verifySigV4(acl, options)).toMatchObject({ ok: true });
    expect(verifySigV4({ ...acl, target: '/bucket/?policy=' }, options)).toMatchObject({
      ok: false,
      kind: 'signature',
    });
  });

  it('a session token must be present, signed and the one issued', async () => {
    const request = await sdkSigned(
      'sts',
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      },
      { ...key, sessionToken: 'token-1' },
      { s3: false },
    );
    expect(verifySigV4(request, { service: 'sts', s3: false, now: now(), keys: keys('token-1') })).toMatchObject({
      ok: true,
    });
    expect(verifySigV4(request, { service: 'sts', s3: false, now: now(), keys: keys('token-2') })).toMatchObject({
      ok: false,
      kind: 'bad-token',
    });
  });
});
