// The stable id of a finding: rule + endpoint (host, port, and the URL path when the target was a
// URL) + resource, nothing volatile (no version, no time, no counts), so the same exposure keeps
// its id across scans and can be baselined or suppressed.
import { createHash } from 'node:crypto';

export function fingerprint(parts: { ruleId: string; host: string; port: number; path?: string; resource?: string }): string {
  const key = [parts.ruleId, parts.host.toLowerCase(), String(parts.port), parts.resource ?? '', parts.path ?? ''].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}
