// Where a finding is, in words: an endpoint "host:port" or a cloud resource
// "alibaba/1234567890/cn-hangzhou elasticsearch:instance es-cn-abc". Renderers and ranking use it.
import type { Finding } from './finding.js';

export function endpointText(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function placeOf(finding: Pick<Finding, 'target' | 'resource'>): string {
  if (finding.resource) {
    const { provider, account, region, type, id, name } = finding.resource;
    return `${provider}/${account}/${region} ${type} ${id}${name && name !== id ? ` (${name})` : ''}`;
  }
  return finding.target ? endpointText(finding.target.host, finding.target.port) : '';
}

/** A URI for tools that need one (SARIF): the URL, `proto://host:port`, or `provider://account/region/type/id`. */
export function placeUri(finding: Pick<Finding, 'target' | 'resource'>): string {
  if (finding.resource) {
    const { provider, account, region, type, id } = finding.resource;
    return `${provider}://${encodeURIComponent(account)}/${encodeURIComponent(region)}/${type.split(':').map(encodeURIComponent).join('/')}/${encodeURIComponent(id)}`;
  }
  const target = finding.target!;
  return target.url ?? `${target.protocol}://${endpointText(target.host, target.port)}`;
}

/** Where the finding is written in source: a resource from a Terraform plan whose block was found. */
export function sourceOf(finding: Pick<Finding, 'resource'>): { file: string; line: number } | undefined {
  const origin = finding.resource?.terraform;
  return origin?.file !== undefined && origin.line !== undefined ? { file: origin.file, line: origin.line } : undefined;
}
