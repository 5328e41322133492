// An OpenSearch domain's engine and access policy, without the SDK: the Terraform plan mapper
// (src/plan/map/aws-search.ts) judges them as the live collector (opensearch.ts) does, and plans
// must not load a cloud SDK.
import type { SearchDomain } from '../inventory.js';
import { isOpenStatement, parsePolicy } from './policy.js';

/** "Elasticsearch_6.8" → elasticsearch 6.8, "OpenSearch_2.11" → opensearch 2.11, a bare "7.10" (legacy API) → elasticsearch. */
export function parseEngineVersion(engineVersion: string | undefined): {
  engine: SearchDomain['engine'];
  version?: string;
} {
  const match = /^(elasticsearch|opensearch)_(.+)$/i.exec(engineVersion ?? '');
  if (match)
    return { engine: match[1]!.toLowerCase() === 'opensearch' ? 'opensearch' : 'elasticsearch', version: match[2]! };
  if (engineVersion && /^\d+(\.\d+)*$/.test(engineVersion)) return { engine: 'elasticsearch', version: engineVersion };
  return { engine: 'opensearch' };
}

/**
 * The access policy lets anyone call the domain: an Allow to everyone without a condition
 * pinning the source (IP, VPC…). No policy at all admits only IAM-signed callers: not open.
 * Undefined when the policy is not a JSON policy document.
 */
export function accessPolicyOpen(accessPolicies: string | undefined): boolean | undefined {
  if (!accessPolicies || accessPolicies.trim() === '') return false;
  const statements = parsePolicy(accessPolicies);
  return statements ? statements.some(isOpenStatement) : undefined;
}
