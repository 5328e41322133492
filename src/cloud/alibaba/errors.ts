// What a failed Alibaba Cloud call means for coverage, and how it is told without leaking
// credentials. pop-core 1.8.0 puts the whole request URL (AccessKeyId, nonce, Signature) in its
// error messages, and the service's own SignatureDoesNotMatch message quotes the string it signed
// ("server string to sign is:POST&%2F&AccessKeyId%3D…", seen in NewFuture/DDNS#57); OSS errors
// carry <OSSAccessKeyId> and <StringToSign>. Nothing of that may reach a report.
import type { CoverageGap } from '../inventory.js';

export type GapReason = CoverageGap['reason'];

/** A call that did not give an answer: the reason for the coverage section and a redacted message. */
export class CallFailure extends Error {
  override readonly name = 'CallFailure';
  constructor(
    readonly reason: GapReason,
    message: string,
    /** The service's error code (`Forbidden.RAM`, `NoSuchBucketPolicy`…) or the network error code. */
    readonly code?: string,
    /** Worth another try: throttling and passing server or network trouble. */
    readonly transient = false,
  ) {
    super(message);
  }
}

/**
 * The coverage reason for an error code. Codes come from Alibaba's common error tables (POP
 * gateway: InvalidAccessKeyId.NotFound, SignatureDoesNotMatch, Forbidden.RAM, Throttling.User),
 * OSS (AccessDenied, InvalidAccessKeyId) and real reports of region errors
 * (`Forbidden.RegionNotFound`, alibaba/terraform-provider#391; `RegionId.ApiNotSupported`,
 * wyzxxz/aksk_tool#8). Region errors are tested before "Forbidden": they are not a permission.
 */
export function classifyCode(code: string): GapReason {
  if (
    /RegionNotFound|RegionId\.ApiNotSupported|InvalidRegionId|UnsupportedRegion|NotSupportedEndpoint|Region\.NotSupport/i.test(
      code,
    )
  )
    return 'unavailable';
  if (/^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken)/i.test(code))
    return 'credentials';
  if (/^Throttling/i.test(code)) return 'throttled';
  if (/^(Forbidden|NoPermission|AccessDenied)|Unauthorized/i.test(code)) return 'denied';
  return 'error';
}

/** Codes for passing trouble: one more try may well answer. */
export function isTransientCode(code: string): boolean {
  return (
    /^(Throttling|ServiceUnavailable|InternalError|ServiceBusy)/i.test(code) ||
    ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN'].includes(code)
  );
}

/**
 * Removes what identifies or authorises the caller from a message: URL query strings, the
 * string the server signed, signatures and `acs`/`OSS` Authorization values, AccessKeyId
 * parameters, and any secret given (the AccessKey id, secret and token in use).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
    .replace(/\s*server string to sign is:[\s\S]*$/i, '')
    .replace(/<(StringToSign|StringToSignBytes|SignatureProvided|OSSAccessKeyId)>[\s\S]*?<\/\1>/g, '')
    .replace(/(https?:\/\/[^\s?#"'<>]+)\?[^\s"'<>]*/g, '$1')
    .replace(/\b(acs|OSS)\s+[^\s:]+:[A-Za-z0-9+/=]+/g, '$1 [redacted]')
    .replace(/(AccessKeyId|Signature|SecurityToken|SignatureNonce)(=|%3D)[^&\s"']*/gi, '$1$2[redacted]');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/\s+/g, ' ').trim();
}
