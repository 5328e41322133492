// The stable id of a finding: rule + where + resource, nothing volatile (no version, no time, no
// counts), so the same exposure keeps its id across scans and can be baselined or suppressed.
// Where: an endpoint (host, port, and the URL path when the target was a URL), or a cloud
// resource (provider, account, region, type, id).
import { createHash } from 'node:crypto';
import type { ResourceRef } from '../cloud/inventory.js';

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

export function endpointFingerprint(parts: {
  ruleId: string;
  host: string;
  port: number;
  path?: string;
  resource?: string;
}): string {
  return hash([parts.ruleId, parts.host.toLowerCase(), String(parts.port), parts.resource ?? '', parts.path ?? '']);
}

export function resourceFingerprint(parts: { ruleId: string; ref: ResourceRef; resource?: string }): string {
  const { provider, account, region, type, id } = parts.ref;
  return hash([parts.ruleId, 'cloud', provider, account, region, type, id, parts.resource ?? '']);
}
