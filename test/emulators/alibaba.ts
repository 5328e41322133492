// A local stand-in for the Alibaba Cloud OpenAPI, for tests that must never reach a real cloud.
// One emulator plays every product, each on its own loopback port (127.0.0.1, kernel-chosen), as
// each product has its own host in the real cloud. It checks every request as the service does
// before answering (alibaba-signature.ts): RPC (POST form or GET query) and ROA signatures with
// the AccessKey secret it was given, the timestamp (15 minutes), nonce reuse, the API version;
// OSS V1 signatures on the bucket named by the Host header (`<bucket>.oss-<region>.aliyuncs.com`).
// Elasticsearch and ACK (cs) take their region from the Host header (`<product>.<region>.aliyuncs.com`), RPC
// products from RegionId.
//
// Error shapes, as the services send them:
//   RPC and ROA (POP gateway): JSON {RequestId, HostId, Code, Message, Recommend} with the HTTP
//     status of Alibaba's common error tables: SignatureDoesNotMatch 400 with the message
//     "Specified signature is not matched with our calculation. server string to sign is:…"
//     (a real answer is quoted in NewFuture/DDNS#57), InvalidAccessKeyId.NotFound 404,
//     Forbidden.RAM 403, Throttling.User 400, InvalidTimeStamp.Expired 400, SignatureNonceUsed 400
//     (developer.aliyun.com/ask/278265, help.aliyun.com/document_detail/51132.html); a region the
//     product does not serve answers Forbidden.RegionNotFound 400 (alibaba/terraform-provider#391).
//   OSS: XML <Error><Code/><Message/><RequestId/><HostId/>…</Error>, 403 for SignatureDoesNotMatch
//     (with OSSAccessKeyId, SignatureProvided, StringToSign, StringToSignBytes, as quoted in
//     AlibabaCloudDocs/oss#35), InvalidAccessKeyId, AccessDenied, RequestTimeTooSkewed.
//
// Resource Directory (alibaba-directory.ts): with `members`, the account given is the directory's
// management account. Resource Manager ListAccounts lists the members, and STS AssumeRole issues
// temporary credentials (STS.… AccessKey, secret, SecurityToken) for a member's RAM role when the
// role exists and its trust policy names the caller's account. Requests signed with them are
// checked like any other, and must also carry the matching SecurityToken (RPC parameter, ROA
// x-acs-security-token, OSS x-oss-security-token); they are answered from the member's account.
//
// PolarDB, ApsaraDB for ClickHouse and ApsaraMQ for RabbitMQ are answered by alibaba-warehouses.ts.
//
// Tests can deny an action (Forbidden.RAM; AccessDenied for OSS), throttle it a number of times
// (Throttling.User), mark a product as not offered in a region, or delay an answer.
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assumeRole, listAccounts, type EmulatedMember, type IssuedKey } from './alibaba-directory.js';
import { FrontDoorApi } from './alibaba-front-doors.js';
import { WAREHOUSE_PRODUCTS, warehouseAnswer } from './alibaba-warehouses.js';
import {
  esAnswer,
  OSS_ACTIONS,
  ossBucketAnswer,
  ossListBuckets,
  rpcAnswer,
  type EmulatedAccount,
} from './alibaba-products.js';
import { ApiError, type Json } from './alibaba-answer.js';
import {
  decodeForm,
  ossCanonicalResource,
  ossSignature,
  ossStringToSign,
  roaSignature,
  roaStringToSign,
  sameSignature,
  verifyRpcSignature,
} from './alibaba-signature.js';

type Product =
  | 'ecs'
  | 'rds'
  | 'r-kvstore'
  | 'dds'
  | 'elasticsearch'
  | 'oss'
  | 'sts'
  | 'resourcemanager'
  | 'slb'
  | 'alb'
  | 'alidns'
  | 'cs'
  | 'polardb'
  | 'clickhouse'
  | 'amqp-open';
const PRODUCTS: readonly Product[] = [
  'ecs',
  'rds',
  'r-kvstore',
  'dds',
  'elasticsearch',
  'oss',
  'sts',
  'resourcemanager',
  'slb',
  'alb',
  'alidns',
  'cs',
  'polardb',
  'clickhouse',
  'amqp-open',
];
/** Products answered by the front-door module (alibaba-front-doors.ts). */
const FRONT_DOOR_RPC = new Set<Product>(['slb', 'alb', 'alidns']);
type RoaProduct = 'elasticsearch' | 'cs';

const VERSIONS: Readonly<Record<Exclude<Product, 'oss'>, string>> = {
  ecs: '2014-05-26',
  rds: '2014-08-15',
  'r-kvstore': '2015-01-01',
  dds: '2015-12-01',
  elasticsearch: '2017-06-13',
  sts: '2015-04-01',
  resourcemanager: '2020-03-31',
  slb: '2014-05-15',
  alb: '2020-06-16',
  alidns: '2015-01-09',
  cs: '2015-12-15',
  polardb: '2017-08-01',
  clickhouse: '2019-11-11',
  'amqp-open': '2019-12-12',
};
const HOST_IDS: Readonly<Record<Product, string>> = {
  ecs: 'ecs.aliyuncs.com',
  rds: 'rds.aliyuncs.com',
  'r-kvstore': 'r-kvstore.aliyuncs.com',
  dds: 'mongodb.aliyuncs.com',
  elasticsearch: 'elasticsearch.aliyuncs.com',
  oss: 'oss.aliyuncs.com',
  sts: 'sts.aliyuncs.com',
  resourcemanager: 'resourcemanager.aliyuncs.com',
  slb: 'slb.aliyuncs.com',
  alb: 'alb.aliyuncs.com',
  alidns: 'alidns.aliyuncs.com',
  cs: 'cs.aliyuncs.com',
  polardb: 'polardb.aliyuncs.com',
  clickhouse: 'clickhouse.aliyuncs.com',
  'amqp-open': 'amqp-open.cn-hangzhou.aliyuncs.com',
};
const SKEW_MS = 15 * 60 * 1000;

export interface Fault {
  readonly product: Product;
  /** RPC Action, ROA ListInstance/DescribeInstance, OSS ListBuckets/GetBucketAcl/GetBucketPolicyStatus/GetBucketPublicAccessBlock. */
  readonly action: string;
  /** Only requests whose parameters (RPC), InstanceId (ROA) or Bucket (OSS), or RegionId, match every entry. */
  readonly when?: Readonly<Record<string, string>>;
}

export interface EmulatorRequest {
  readonly product: Product;
  readonly action: string;
  readonly region?: string;
  /** RPC parameters without the signature ones; InstanceId or Bucket otherwise. */
  readonly subject: Readonly<Record<string, string>>;
  /** The Host header as received. */
  readonly host: string;
  readonly status: number;
  readonly code?: string;
}

export interface AlibabaEmulatorOptions {
  readonly account: EmulatedAccount;
  /** AccessKey secrets by AccessKey id (of `account`). */
  readonly keys: Readonly<Record<string, string>>;
  /** Resource Directory members: `account` is then the management account. */
  readonly members?: readonly EmulatedMember[];
  /** Items per ListAccounts page at most (default: as the caller asks). */
  readonly listAccountsPageSize?: number;
  /** The service's clock (ms); Date.now by default. */
  readonly now?: () => number;
  /** Front-door listings (CLB, ALB, DNS, ACK) answer at most this many items a page. */
  readonly pageCap?: number;
}

export interface AlibabaEmulator {
  /** Base URL per product: the account's `endpoints` overrides. */
  readonly endpoints: Readonly<Record<Product, string>>;
  /** Every request in arrival order, with what was answered. */
  readonly requests: EmulatorRequest[];
  /** Temporary credentials AssumeRole issued, in order (tests check none leaks into a report). */
  readonly issued: readonly IssuedKey[];
  /** Answer Forbidden.RAM (OSS: AccessDenied) to matching requests. */
  deny(fault: Fault): void;
  /** Answer Throttling.User to the next `times` matching requests (every one when omitted). */
  throttle(fault: Fault & { readonly times?: number }): void;
  /** The product is not offered in `region`: Forbidden.RegionNotFound. */
  unavailable(product: Product, region: string): void;
  /** Hold matching answers back for `ms`. */
  delay(fault: Fault & { readonly ms: number }): void;
  close(): Promise<void>;
}

interface Rule extends Fault {
  readonly kind: 'deny' | 'throttle' | 'delay';
  remaining: number;
  readonly ms?: number;
}

interface Handled {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly action: string;
  readonly region?: string;
  readonly subject: Record<string, string>;
  readonly code?: string;
}

const SIGNING_PARAMS = new Set([
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'AccessKeyId',
  'Timestamp',
  'Format',
  'Version',
  'Action',
  'SecurityToken',
]);

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function startAlibabaEmulator(options: AlibabaEmulatorOptions): Promise<AlibabaEmulator> {
  const now = options.now ?? Date.now;
  const requests: EmulatorRequest[] = [];
  const rules: Rule[] = [];
  const unavailable = new Set<string>();
  const nonces = new Set<string>();
  /** Every AccessKey the service knows: the account's own, then what AssumeRole issues. */
  const keys = new Map<string, { readonly secret: string; readonly token?: string; readonly account: EmulatedAccount }>(
    Object.entries(options.keys).map(([id, secret]) => [id, { secret, account: options.account }]),
  );
  const issued: IssuedKey[] = [];
  const members = options.members ?? [];
  const frontDoorApis = new Map<EmulatedAccount, FrontDoorApi>();
  const frontDoors = (account: EmulatedAccount) => {
    let api = frontDoorApis.get(account);
    if (!api) {
      api = new FrontDoorApi(account.frontDoors ?? {}, options.pageCap);
      frontDoorApis.set(account, api);
    }
    return api;
  };
  const invalidToken = () =>
    new ApiError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'Specified SecurityToken mismatch with the AccessKey.',
    );

  const matches = (rule: Fault, product: Product, action: string, subject: Record<string, string>) =>
    rule.product === product &&
    rule.action === action &&
    Object.entries(rule.when ?? {}).every(([name, value]) => subject[name] === value);

  /** Deny, throttle or delay as the tests asked; the error to answer, if any. */
  async function faults(
    product: Product,
    action: string,
    subject: Record<string, string>,
    region: string | undefined,
  ): Promise<ApiError | undefined> {
    if (region && unavailable.has(`${product} ${region}`))
      return new ApiError(400, 'Forbidden.RegionNotFound', 'The provided RegionId does not exist in our record.');
    for (const rule of rules) {
      if (!matches(rule, product, action, subject) || rule.remaining <= 0) continue;
      if (rule.kind === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, rule.ms));
        continue;
      }
      rule.remaining -= 1;
      if (rule.kind === 'deny') {
        return product === 'oss'
          ? new ApiError(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.')
          : new ApiError(
              403,
              'Forbidden.RAM',
              "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
            );
      }
      return new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
    }
    return undefined;
  }

  function checkTime(parsed: number, product: Product): ApiError | undefined {
    if (Number.isNaN(parsed))
      return product === 'oss'
        ? new ApiError(403, 'AccessDenied', 'Invalid date format of the Date header.')
        : new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(now() - parsed) > SKEW_MS)
      return product === 'oss'
        ? new ApiError(
            403,
            'RequestTimeTooSkewed',
            'The difference between the request time and the current time is too large.',
          )
        : new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    return undefined;
  }

  function checkNonce(nonce: string | undefined): ApiError | undefined {
    if (!nonce) return new ApiError(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.');
    if (nonces.has(nonce))
      return new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    return undefined;
  }

  function popError(product: Product, error: ApiError, requestId: string): string {
    return JSON.stringify({
      RequestId: requestId,
      HostId: HOST_IDS[product],
      Code: error.code,
      Message: error.message,
      Recommend: `https://error-center.aliyun.com/status/search?Keyword=${encodeURIComponent(error.code)}&source=PopGw`,
    });
  }

  async function handleRpc(
    product: Exclude<Product, 'oss' | RoaProduct>,
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
    requestId: string,
  ): Promise<Handled> {
    const method = request.method ?? 'GET';
    const raw = method === 'POST' ? body.toString('utf8') : url.search.slice(1);
    const params =
      method === 'POST' && !/^application\/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')
        ? {}
        : decodeForm(raw);
    const action = params.Action ?? '';
    const subject = Object.fromEntries(Object.entries(params).filter(([name]) => !SIGNING_PARAMS.has(name)));
    const region = params.RegionId;
    const fail = (error: ApiError): Handled => ({
      status: error.status,
      body: popError(product, error, requestId),
      contentType: 'application/json;charset=utf-8',
      action,
      subject,
      code: error.code,
      ...(region ? { region } : {}),
    });

    if (!params.Signature || !params.AccessKeyId)
      return fail(
        new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.'),
      );
    const key = keys.get(params.AccessKeyId);
    const secret = key?.secret;
    if (!key || secret === undefined)
      return fail(new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'));
    if (params.SignatureMethod !== 'HMAC-SHA1')
      return fail(new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.'));
    if (params.SignatureVersion !== '1.0')
      return fail(new ApiError(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.'));
    const stale = checkTime(Date.parse(params.Timestamp ?? ''), product);
    if (stale) return fail(stale);
    const { valid, stringToSign } = verifyRpcSignature(method, params, secret);
    if (!valid)
      return fail(
        new ApiError(
          400,
          'SignatureDoesNotMatch',
          `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
        ),
      );
    const reused = checkNonce(params.SignatureNonce);
    if (reused) return fail(reused);
    // A temporary AccessKey is valid only with the SecurityToken issued with it (signed, like every parameter).
    if (key.token !== params.SecurityToken) return fail(invalidToken());
    if (params.Version !== VERSIONS[product])
      return fail(new ApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'));
    const fault = await faults(product, action, subject, region);
    if (fault) return fail(fault);
    try {
      let answer: Json;
      if (product === 'resourcemanager') {
        answer = listAccounts(key.account, options.account, members, action, params, options.listAccountsPageSize);
      } else if (product === 'sts' && action === 'AssumeRole') {
        const granted = assumeRole(key.account, members, params);
        keys.set(granted.key.accessKeyId, {
          secret: granted.key.accessKeySecret,
          token: granted.key.securityToken,
          account: granted.account,
        });
        issued.push(granted.key);
        answer = granted.answer;
      } else if (WAREHOUSE_PRODUCTS.has(product)) {
        answer = warehouseAnswer(key.account.warehouses ?? {}, product, action, params, options.pageCap);
      } else if (FRONT_DOOR_RPC.has(product)) {
        answer = frontDoors(key.account).rpc(product, action, params);
      } else {
        answer = rpcAnswer(key.account, product, action, params);
      }
      return {
        status: 200,
        body: JSON.stringify({ RequestId: requestId, ...answer }),
        contentType: 'application/json;charset=utf-8',
        action,
        subject,
        ...(region ? { region } : {}),
      };
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      throw error;
    }
  }

  async function handleRoa(
    product: RoaProduct,
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
    requestId: string,
  ): Promise<Handled> {
    const headers = request.headers;
    const path = decodeURIComponent(url.pathname);
    const query = decodeForm(url.search.slice(1));
    // ROA calls carry no RegionId: the service is the regional host (<product>.<region>.aliyuncs.com).
    const region = new RegExp(`^${product}\\.([a-z0-9-]+)\\.aliyuncs\\.com$`).exec(
      (headers.host ?? '').replace(/:\d+$/, ''),
    )?.[1];
    const authorization = /^acs ([^:\s]+):(\S+)$/.exec(headers.authorization ?? '');
    const key = keys.get(authorization?.[1] ?? '');
    const owner = key?.account ?? options.account;
    const route =
      product === 'cs' ? frontDoors(owner).cs(region ?? '', path, query) : esAnswer(owner, region ?? '', path, query);
    const subject = { ...route.subject, ...(region ? { RegionId: region } : {}) };
    const fail = (error: ApiError): Handled => ({
      status: error.status,
      body: popError(product, error, requestId),
      contentType: 'application/json;charset=utf-8',
      action: route.action,
      subject,
      code: error.code,
      ...(region ? { region } : {}),
    });

    if (!authorization)
      return fail(
        new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.'),
      );
    const secret = key?.secret;
    if (!key || secret === undefined)
      return fail(new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'));
    if (headers['x-acs-signature-method'] !== 'HMAC-SHA1' || headers['x-acs-signature-version'] !== '1.0')
      return fail(new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.'));
    const stale = checkTime(Date.parse(String(headers.date ?? '')), product);
    if (stale) return fail(stale);
    const md5 = headers['content-md5'];
    if (md5 !== undefined && md5 !== createHash('md5').update(body).digest('base64'))
      return fail(
        new ApiError(400, 'InvalidContentMD5', 'The Content-MD5 you specified did not match what we received.'),
      );
    const stringToSign = roaStringToSign(request.method ?? 'GET', headers, path, query);
    if (!sameSignature(authorization[2] ?? '', roaSignature(secret, stringToSign))) {
      return fail(
        new ApiError(
          400,
          'SignatureDoesNotMatch',
          `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
        ),
      );
    }
    const reused = checkNonce(String(headers['x-acs-signature-nonce'] ?? ''));
    if (reused) return fail(reused);
    if (key.token !== headers['x-acs-security-token']) return fail(invalidToken());
    if (headers['x-acs-version'] !== VERSIONS[product])
      return fail(new ApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'));
    if (!region)
      return fail(
        new ApiError(400, 'InvalidRegionId', `The Host header names no region (${product}.<region>.aliyuncs.com).`),
      );
    if (request.method !== 'GET')
      return fail(
        new ApiError(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.'),
      );
    const fault = await faults(product, route.action, subject, region);
    if (fault) return fail(fault);
    try {
      return {
        status: 200,
        body: JSON.stringify({ RequestId: requestId, ...route.answer() }),
        contentType: 'application/json;charset=utf-8',
        action: route.action,
        subject,
        region,
      };
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      throw error;
    }
  }

  async function handleOss(request: http.IncomingMessage, url: URL, requestId: string): Promise<Handled> {
    const headers = request.headers;
    const host = (headers.host ?? '').replace(/:\d+$/, '');
    const virtualHost = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+)\.aliyuncs\.com$/.exec(host);
    const bucketName = virtualHost?.[1];
    const query = decodeForm(url.search.slice(1));
    const subresource = Object.keys(query).find((name) => name in OSS_ACTIONS);
    const action = bucketName ? (OSS_ACTIONS[subresource ?? ''] ?? 'Unknown') : 'ListBuckets';
    const authorization = /^OSS ([^:\s]+):(\S+)$/.exec(headers.authorization ?? '');
    const key = keys.get(authorization?.[1] ?? '');
    const owner = key?.account ?? options.account;
    const bucket = owner.oss.find((candidate) => candidate.name === bucketName);
    const region = bucket?.region;
    const subject = { ...(bucketName ? { Bucket: bucketName } : {}), ...(region ? { RegionId: region } : {}) };
    const error = (status: number, code: string, message: string, extra = ''): Handled => ({
      status,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${xmlEscape(message)}</Message>\n  <RequestId>${requestId}</RequestId>\n  <HostId>${xmlEscape(host)}</HostId>\n${extra}</Error>\n`,
      contentType: 'application/xml',
      action,
      subject,
      code,
      ...(region ? { region } : {}),
    });
    const fail = (apiError: ApiError) => error(apiError.status, apiError.code, apiError.message);

    if (!authorization) return error(403, 'AccessDenied', 'Anonymous access is forbidden for this operation.');
    const accessKeyId = authorization[1] ?? '';
    const secret = key?.secret;
    if (!key || secret === undefined)
      return error(
        403,
        'InvalidAccessKeyId',
        'The OSS Access Key Id you provided does not exist in our records.',
        `  <OSSAccessKeyId>${xmlEscape(accessKeyId)}</OSSAccessKeyId>\n`,
      );
    const stale = checkTime(Date.parse(String(headers.date ?? '')), 'oss');
    if (stale) return fail(stale);
    const stringToSign = ossStringToSign(
      request.method ?? 'GET',
      headers,
      ossCanonicalResource(bucketName, decodeURIComponent(url.pathname.slice(1)), query),
    );
    if (!sameSignature(authorization[2] ?? '', ossSignature(secret, stringToSign))) {
      const bytes = [...Buffer.from(stringToSign)]
        .map((byte) => byte.toString(16).toUpperCase().padStart(2, '0'))
        .join(' ');
      return error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        `  <OSSAccessKeyId>${xmlEscape(accessKeyId)}</OSSAccessKeyId>\n  <SignatureProvided>${xmlEscape(authorization[2] ?? '')}</SignatureProvided>\n  <StringToSign>${xmlEscape(stringToSign)}</StringToSign>\n  <StringToSignBytes>${bytes}</StringToSignBytes>\n`,
      );
    }
    if (key.token !== headers['x-oss-security-token'])
      return error(403, 'InvalidSecurityToken', 'The security token you provided is invalid.');
    if (request.method !== 'GET' || url.pathname !== '/')
      return error(501, 'NotImplemented', 'The emulator answers bucket-level GET requests only.');
    if (bucketName && !bucket)
      return error(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist.',
        `  <BucketName>${xmlEscape(bucketName)}</BucketName>\n`,
      );
    if (bucket && virtualHost?.[2] !== bucket.region) {
      return error(
        403,
        'AccessDenied',
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
        `  <Bucket>${bucket.name}</Bucket>\n  <Endpoint>oss-${bucket.region}.aliyuncs.com</Endpoint>\n`,
      );
    }
    const fault = await faults('oss', action, subject, region);
    if (fault) return fail(fault);
    try {
      const body = bucket ? ossBucketAnswer(owner, bucket, subresource ?? '') : ossListBuckets(owner, query);
      return { status: 200, body, contentType: 'application/xml', action, subject, ...(region ? { region } : {}) };
    } catch (apiError) {
      if (apiError instanceof ApiError) return fail(apiError);
      throw apiError;
    }
  }

  const servers = new Map<Product, http.Server>();
  const endpoints = {} as Record<Product, string>;
  for (const product of PRODUCTS) {
    const server = http.createServer((request, response) => {
      void (async () => {
        const body = await readBody(request);
        const url = new URL(request.url ?? '/', 'http://emulator.invalid');
        const requestId = randomUUID().toUpperCase();
        const handled =
          product === 'oss'
            ? await handleOss(request, url, requestId)
            : product === 'elasticsearch' || product === 'cs'
              ? await handleRoa(product, request, url, body, requestId)
              : await handleRpc(product, request, url, body, requestId);
        requests.push({
          product,
          action: handled.action,
          ...(handled.region ? { region: handled.region } : {}),
          subject: handled.subject,
          host: request.headers.host ?? '',
          status: handled.status,
          ...(handled.code ? { code: handled.code } : {}),
        });
        response.writeHead(handled.status, {
          'content-type': handled.contentType,
          ...(product === 'oss' ? { 'x-oss-request-id': requestId } : {}),
        });
        response.end(handled.body);
      })().catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`emulator bug: ${String(error)}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.set(product, server);
    endpoints[product] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  return {
    endpoints,
    requests,
    issued,
    deny: (fault) => rules.push({ ...fault, kind: 'deny', remaining: Infinity }),
    throttle: (fault) => rules.push({ ...fault, kind: 'throttle', remaining: fault.times ?? Infinity }),
    unavailable: (product, region) => unavailable.add(`${product} ${region}`),
    delay: (fault) => rules.push({ ...fault, kind: 'delay', remaining: Infinity, ms: fault.ms }),
    close: async () => {
      await Promise.all(
        [...servers.values()].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

export type { EmulatedAccount };
