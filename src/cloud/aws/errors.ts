// What a failed AWS read means for coverage. The SDK gives a failed call's error code as `name`
// (SignatureDoesNotMatch, AccessDenied…), the HTTP status in `$metadata`, and how many attempts
// its retry strategy made. Every failure becomes a reason the report can explain; none is a pass.
import type { CoverageGap } from '../inventory.js';

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AllAccessDisabled',
  'AuthorizationError',
  'NotAuthorized',
  'Forbidden',
]);

/** The request never got past authentication: wrong or unknown keys, expired tokens, skewed clocks. */
const CREDENTIALS = new Set([
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'UnrecognizedClientException',
  'AuthFailure',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'TokenRefreshRequired',
  'RequestExpired',
  'RequestTimeTooSkewed',
  'CredentialsProviderError',
]);

/**
 * Codes an opt-in region that the account has not enabled answers with: it does not know the
 * account's keys there. After sts:GetCallerIdentity accepted the same keys, they mean "region not
 * enabled", not "bad credentials".
 */
const REJECTED_IN_REGION = new Set(['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException']);

/** The SDK's own list of throttling codes (it retries these before giving up), plus HTTP 429. */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const UNAVAILABLE = new Set([
  'OptInRequired',
  'RegionDisabledException',
  'SubscriptionRequiredException',
  'InvalidRegion',
]);

/** IAM actions behind our calls, named in "denied" gaps so the user knows what to grant. */
const PERMISSIONS: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'opensearch:ListDomainNames': 'es:ListDomainNames',
  'opensearch:DescribeDomains': 'es:DescribeDomains',
  // Classic ELB shares the elasticloadbalancing IAM namespace with ELBv2.
  'elb:DescribeLoadBalancers': 'elasticloadbalancing:DescribeLoadBalancers',
  'elb:DescribeInstanceHealth': 'elasticloadbalancing:DescribeInstanceHealth',
};

function permissionFor(call: string): string {
  return PERMISSIONS[call] ?? call;
}

export interface ErrorContext {
  /** The call, as in the gap (`s3:GetBucketAcl`). */
  readonly call: string;
  /** Our per-call timeout fired. */
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  /** sts:GetCallerIdentity already accepted these credentials. */
  readonly credentialsVerified: boolean;
}

interface AwsErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

function field(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The AWS error code of a failure, or the Node network error code. */
function errorCode(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const name = field(shape.name);
  // Node network errors are plain `Error`s whose `code` is ECONNREFUSED, ENOTFOUND…
  if (name && name !== 'Error') return name;
  return field(shape.Code) ?? field(shape.code) ?? name ?? 'Error';
}

function messageOf(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  return (field(shape.message) ?? String(error)).replace(/\s+/g, ' ').trim();
}

export function classifyAwsError(
  error: unknown,
  context: ErrorContext,
): { reason: CoverageGap['reason']; message: string } {
  const code = errorCode(error);
  const message = messageOf(error);
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const attempts = shape.$metadata?.attempts;

  if (context.timedOut)
    return { reason: 'error', message: `no answer within ${context.timeoutMs} ms (per-call timeout)` };
  if (DENIED.has(code)) {
    const permission = permissionFor(context.call);
    return {
      reason: 'denied',
      message: `${code}: ${message}${message.includes(permission) ? '' : ` (needs ${permission})`}`,
    };
  }
  if (context.credentialsVerified && REJECTED_IN_REGION.has(code)) {
    return {
      reason: 'unavailable',
      message: `${code} although sts:GetCallerIdentity accepted the same credentials: the region is probably not enabled for this account (${message})`,
    };
  }
  if (CREDENTIALS.has(code)) return { reason: 'credentials', message: credentialsMessage(code, message) };
  if (THROTTLED.has(code) || status === 429) {
    return {
      reason: 'throttled',
      message: `${code}${attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''}: ${message}`,
    };
  }
  if (UNAVAILABLE.has(code) || code === 'ENOTFOUND') return { reason: 'unavailable', message: `${code}: ${message}` };
  return { reason: 'error', message: code === message ? code : `${code}: ${message}` };
}

function credentialsMessage(code: string, message: string): string {
  switch (code) {
    case 'SignatureDoesNotMatch':
    case 'InvalidSignatureException':
      return `AWS rejected the request signature (${code}): the secret access key does not belong to the access key id. ${message}`;
    case 'InvalidClientTokenId':
    case 'InvalidAccessKeyId':
    case 'UnrecognizedClientException':
    case 'AuthFailure':
      return `AWS does not accept the access key id (${code}): it is unknown, deactivated or deleted. ${message}`;
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'InvalidToken':
    case 'TokenRefreshRequired':
      return `The session token is expired or invalid (${code}). ${message}`;
    case 'RequestExpired':
    case 'RequestTimeTooSkewed':
      return `AWS refused the request time (${code}): this machine's clock is off by more than 15 minutes. ${message}`;
    case 'CredentialsProviderError':
      return `No AWS credentials were found (${code}). ${message}`;
    default:
      return `${code}: ${message}`;
  }
}
