// Amazon OpenSearch Service domains (OpenSearch and legacy Elasticsearch engines). A domain is
// public when it has a public `Endpoint` and no VPC; OpenSearch Dashboards / Kibana is then served
// on the same endpoint (/_dashboards, or /_plugin/kibana on Elasticsearch), port 443. Whether
// anyone may use it is decided by the access policy and by fine-grained access control.
import {
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  OpenSearchClient,
  type DomainStatus,
} from '@aws-sdk/client-opensearch';
import type { SearchDomain } from '../inventory.js';
import { accessPolicyOpen, parseEngineVersion } from './opensearch-policy.js';
import type { AwsSession } from './session.js';

/** DescribeDomains takes a few names per call; 5 is what the legacy API documents. */
const DESCRIBE_BATCH = 5;

/** Inside a VPC there is no public endpoint, whatever the policy says. */
function isVpcDomain(status: DomainStatus): boolean {
  return !!status.VPCOptions?.VPCId || (!status.Endpoint && !!status.Endpoints?.['vpc']);
}

/**
 * A login stands in front of the domain: fine-grained access control is on and anonymous access
 * (the migration switch that maps unauthenticated requests to a role) is off.
 */
export function loginRequired(status: DomainStatus): boolean {
  const options = status.AdvancedSecurityOptions;
  return options?.Enabled === true && options.AnonymousAuthEnabled !== true;
}

export function normalizeDomain(status: DomainStatus, account: string, region: string): SearchDomain {
  const { engine, version } = parseEngineVersion(status.EngineVersion);
  const publicHost = !isVpcDomain(status) ? status.Endpoint : undefined;
  const open = accessPolicyOpen(status.AccessPolicies);
  return {
    kind: 'search-domain',
    ref: { provider: 'aws', account, region, type: 'opensearch:domain', id: status.DomainName ?? '' },
    engine,
    ...(version ? { version } : {}),
    ...(publicHost ? { publicEndpoint: { host: publicHost, port: 443, protocol: 'https' as const } } : {}),
    ...(open !== undefined ? { accessPolicyOpen: open } : {}),
    fineGrainedAccessControl: loginRequired(status),
    kibana: publicHost ? { public: true, host: publicHost, port: 443 } : { public: false },
  };
}

export async function collectDomains(session: AwsSession, region: string): Promise<SearchDomain[]> {
  const client = session.sdkClient('opensearch', region, OpenSearchClient);
  const listed = await session.read('opensearch:ListDomainNames', region, (abortSignal) =>
    client.send(new ListDomainNamesCommand({}), { abortSignal }),
  );
  if (!listed.ok) return [];
  const names = (listed.value.DomainNames ?? [])
    .map((domain) => domain.DomainName)
    .filter((name): name is string => !!name)
    .sort();
  const batches: string[][] = [];
  for (let index = 0; index < names.length; index += DESCRIBE_BATCH)
    batches.push(names.slice(index, index + DESCRIBE_BATCH));

  const described = await Promise.all(
    batches.map(async (batch) => {
      const read = await session.read(
        'opensearch:DescribeDomains',
        region,
        (abortSignal) => client.send(new DescribeDomainsCommand({ DomainNames: batch }), { abortSignal }),
        batch.join(','),
      );
      return read.ok ? (read.value.DomainStatusList ?? []) : [];
    }),
  );
  return described.flat().flatMap((status) => {
    if (status.Deleted) return [];
    const domain = normalizeDomain(status, session.accountLabel, region);
    if (domain.accessPolicyOpen === undefined) {
      session.addGap(
        region,
        'opensearch:DescribeDomains',
        'error',
        'the domain access policy is not a JSON policy document',
        domain.ref.id,
      );
    }
    return [domain];
  });
}
