// Wire pieces shared by the AWS emulator's services: replies, each service family's error format,
// the errors AWS answers for bad signatures, denied actions, throttling and disabled regions,
// and pagination.
import { randomUUID } from 'node:crypto';
import type { FailureKind } from './aws-sigv4.js';
import type { ActionMatch, EmulatedAccount, EmulatedRegion, EmulatedService } from './aws-model.js';
import { el, leaf, XML_DECLARATION, type Xml } from './aws-xml.js';

export type Family = 's3' | 's3control' | 'ec2' | 'query' | 'json';
// Route 53 is restXml, but its errors are <ErrorResponse> documents like the query services'.
export const FAMILY: Readonly<Record<EmulatedService, Family>> = {
  s3: 's3',
  s3control: 's3control',
  ec2: 'ec2',
  sts: 'query',
  rds: 'query',
  opensearch: 'json',
  elbv2: 'query',
  elb: 'query',
  route53: 'query',
  eks: 'json',
  redshift: 'query',
  mq: 'json',
  kafka: 'json',
  organizations: 'json',
};
export const SIGNING_NAME: Readonly<Record<EmulatedService, string>> = {
  sts: 'sts',
  s3: 's3',
  s3control: 's3',
  ec2: 'ec2',
  rds: 'rds',
  opensearch: 'es',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  route53: 'route53',
  eks: 'eks',
  redshift: 'redshift',
  mq: 'mq',
  kafka: 'kafka',
  organizations: 'organizations',
};
const QUERY_NAMESPACE: Readonly<Record<string, string>> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  elbv2: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  elb: 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/',
  route53: 'https://route53.amazonaws.com/doc/2013-04-01/',
  redshift: 'http://redshift.amazonaws.com/doc/2012-12-01/',
};
export const QUERY_VERSION: Readonly<Record<string, string>> = {
  sts: '2011-06-15',
  rds: '2014-10-31',
  ec2: '2016-11-15',
  redshift: '2012-12-01',
};
const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly code?: string;
}

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function errorReply(service: EmulatedService, error: ServiceError): Reply {
  const requestId = randomUUID();
  const extra = Object.entries(error.extra).map(([name, value]) => leaf(name, value));
  switch (FAMILY[service]) {
    case 's3':
      return xmlReply(
        error.status,
        el(
          'Error',
          leaf('Code', error.code),
          leaf('Message', error.message),
          ...extra,
          leaf('RequestId', requestId),
          leaf('HostId', 'emulated'),
        ),
        error.code,
      );
    case 's3control':
      return xmlReply(
        error.status,
        el(
          'ErrorResponse',
          el('Error', leaf('Code', error.code), leaf('Message', error.message), ...extra),
          leaf('RequestId', requestId),
          leaf('HostId', 'emulated'),
        ),
        error.code,
      );
    case 'ec2':
      return xmlReply(
        error.status,
        el(
          'Response',
          el('Errors', el('Error', leaf('Code', error.code), leaf('Message', error.message))),
          leaf('RequestID', requestId),
        ),
        error.code,
      );
    case 'query':
      return xmlReply(
        error.status,
        el(
          `ErrorResponse xmlns="${QUERY_NAMESPACE[service]}"`,
          el(
            'Error',
            leaf('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
            leaf('Code', error.code),
            leaf('Message', error.message),
          ),
          leaf('RequestId', requestId),
        ),
        error.code,
      );
    case 'json':
      return {
        status: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
        body: JSON.stringify({ message: error.message }),
        code: error.code,
      };
  }
}

export function xmlReply(status: number, xml: Xml, code?: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() },
    body: XML_DECLARATION + xml,
    ...(code ? { code } : {}),
  };
}

export function jsonReply(value: unknown): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(value),
  };
}

export function queryReply(service: 'sts' | 'rds' | 'elbv2' | 'elb' | 'redshift', action: string, result: Xml): Reply {
  return xmlReply(
    200,
    el(
      `${action}Response xmlns="${QUERY_NAMESPACE[service]}"`,
      el(`${action}Result`, result),
      el('ResponseMetadata', leaf('RequestId', randomUUID())),
    ),
  );
}

export function ec2Reply(action: string, ...content: (Xml | undefined)[]): Reply {
  return xmlReply(200, el(`${action}Response xmlns="${EC2_NAMESPACE}"`, leaf('requestId', randomUUID()), ...content));
}

/** A signature that does not verify, answered as each service answers it. */
export function authError(
  service: EmulatedService,
  kind: FailureKind,
  message: string,
  details: { stringToSign?: string; canonicalRequest?: string; accessKeyId?: string },
): ServiceError {
  const family = FAMILY[service];
  if (family === 's3' || family === 's3control') {
    switch (kind) {
      case 'missing-auth':
        return new ServiceError(403, 'AccessDenied', 'Access Denied');
      case 'unknown-key':
        return new ServiceError(
          403,
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          details.accessKeyId ? { AWSAccessKeyId: details.accessKeyId } : {},
        );
      case 'bad-token':
        return new ServiceError(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
      case 'expired':
        return new ServiceError(
          403,
          'RequestTimeTooSkewed',
          'The difference between the request time and the current time is too large.',
        );
      case 'payload-hash':
        return new ServiceError(400, 'XAmzContentSHA256Mismatch', message);
      case 'missing-payload-hash':
        return new ServiceError(400, 'InvalidRequest', message);
      case 'unsigned-header':
        return new ServiceError(403, 'AccessDenied', message);
      case 'signature':
        return new ServiceError(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          {
            ...(details.accessKeyId ? { AWSAccessKeyId: details.accessKeyId } : {}),
            ...(details.stringToSign ? { StringToSign: details.stringToSign } : {}),
            ...(details.canonicalRequest ? { CanonicalRequest: details.canonicalRequest } : {}),
          },
        );
      default:
        return new ServiceError(
          400,
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; ${message}`,
        );
    }
  }
  if (family === 'ec2') {
    switch (kind) {
      case 'missing-auth':
        return new ServiceError(401, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      case 'expired':
        return new ServiceError(400, 'RequestExpired', `Request has expired. ${message}`);
      case 'malformed':
      case 'wrong-service':
        return new ServiceError(400, 'IncompleteSignature', message);
      default:
        // EC2 answers a wrong secret, an unknown key and a bad token alike.
        return new ServiceError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    }
  }
  if (family === 'query') {
    switch (kind) {
      case 'missing-auth':
        return new ServiceError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      case 'malformed':
        return new ServiceError(400, 'IncompleteSignature', message);
      case 'unknown-key':
      case 'bad-token':
        return new ServiceError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
      default:
        return new ServiceError(403, 'SignatureDoesNotMatch', message);
    }
  }
  switch (kind) {
    case 'missing-auth':
      return new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'malformed':
      return new ServiceError(403, 'IncompleteSignatureException', message);
    case 'unknown-key':
    case 'bad-token':
      return new ServiceError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    default:
      return new ServiceError(403, 'InvalidSignatureException', message);
  }
}

export function regionDisabled(service: EmulatedService): ServiceError {
  switch (FAMILY[service]) {
    case 'ec2':
      return new ServiceError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    case 'json':
      return new ServiceError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    default:
      return new ServiceError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
}

export function denied(
  service: EmulatedService,
  account: EmulatedAccount,
  action: string,
  region: string,
  resource?: string,
): ServiceError {
  const user = `arn:aws:iam::${account.accountId}:user/${account.userName}`;
  const target =
    resource ??
    (service === 'rds'
      ? `arn:aws:rds:${region}:${account.accountId}:db:*`
      : service === 'redshift'
        ? `arn:aws:redshift:${region}:${account.accountId}:cluster:*`
        : undefined);
  const on = target ? ` on resource: ${target}` : '';
  const why = `User: ${user} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
  switch (FAMILY[service]) {
    case 'ec2':
      return new ServiceError(403, 'UnauthorizedOperation', `You are not authorized to perform this operation. ${why}`);
    case 'json':
      return new ServiceError(403, 'AccessDeniedException', why);
    default:
      return new ServiceError(403, 'AccessDenied', why);
  }
}

export function throttled(service: EmulatedService): ServiceError {
  switch (FAMILY[service]) {
    case 's3':
    case 's3control':
      return new ServiceError(503, 'SlowDown', 'Please reduce your request rate.');
    case 'ec2':
      return new ServiceError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    case 'json':
      return new ServiceError(400, 'ThrottlingException', 'Rate exceeded');
    default:
      return new ServiceError(400, 'Throttling', 'Rate exceeded');
  }
}

// ---- per-request context ---------------------------------------------------------------------

export interface Caller {
  readonly account: EmulatedAccount;
  readonly region: string;
}

export interface Operation {
  /** IAM action. */
  readonly action: string;
  readonly resource?: string;
  /** Buckets: the region the request must be signed for. */
  readonly requiredRegion?: string;
  /** Anonymous requests allowed (the handler decides what they may see). */
  readonly anonymous?: boolean;
  run(caller: Caller | undefined): Reply;
}

export const matches = (
  rules: readonly ActionMatch[] | undefined,
  action: string,
  region: string | undefined,
  resource: string | undefined,
): ActionMatch | undefined =>
  rules?.find(
    (rule) =>
      rule.action === action &&
      (rule.region === undefined || rule.region === region) &&
      (rule.resource === undefined || rule.resource === resource),
  );

export function page<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
  action: string,
): { items: readonly T[]; next?: string } {
  let offset = 0;
  if (token) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    const [tokenAction, start] = decoded.split(':');
    if (tokenAction !== action || !/^\d+$/.test(start ?? ''))
      throw new ServiceError(400, 'InvalidPaginationToken', `The pagination token ${token} is invalid.`);
    offset = Number(start);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { next: Buffer.from(`${action}:${end}`).toString('base64url') } : {}),
  };
}

export function regionOf(account: EmulatedAccount, region: string): EmulatedRegion {
  return account.regions[region] ?? {};
}
