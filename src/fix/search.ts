// Managed search services. Alibaba Cloud Elasticsearch: TriggerNetwork turns the public network
// off for the cluster (WORKER) or its Kibana (KIBANA). AWS OpenSearch Service: an access policy
// that admits only the account's own principals replaces the one open to "*".
import type { SearchDomain } from '../cloud/inventory.js';
import { aliyunRoa, awsCommand } from './command.js';
import { liveId, planChange } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { Fix } from './types.js';

function networkTrigger(domain: SearchDomain, nodeType: 'WORKER' | 'KIBANA') {
  const id = liveId(domain.ref);
  return id
    ? [
        aliyunRoa(
          'elasticsearch',
          'TriggerNetwork',
          'POST',
          '/openapi/instances/{InstanceId}/actions/network-trigger',
          { InstanceId: id },
          { nodeType, networkType: 'PUBLIC', actionType: 'CLOSE' },
          domain.ref.region,
        ),
      ]
    : [];
}

export const elasticsearchPublicFix: FixGenerator<'search-domain'> = (domain): Fix => ({
  summary: `Turn the public network of Elasticsearch cluster ${domain.ref.id} off; clients reach it on the private network (VPC).`,
  commands: networkTrigger(domain, 'WORKER'),
  terraform: planChange(domain.ref, 'enable_public', false, domain.publicEndpoint ? true : undefined),
});

export const kibanaPublicFix: FixGenerator<'search-domain'> = (domain): Fix => ({
  summary: `Turn the Kibana public network of Elasticsearch cluster ${domain.ref.id} off; reach Kibana on the private network or through a VPN.`,
  commands: networkTrigger(domain, 'KIBANA'),
  terraform: planChange(
    domain.ref,
    'enable_kibana_public_network',
    false,
    domain.kibana?.public === true ? true : undefined,
  ),
});

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** A policy that lets only the account's own IAM principals call the domain. */
function accountOnlyPolicy(domain: SearchDomain, account: string): string {
  const arn = partition(domain.ref.region);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${arn}:iam::${account}:root` },
        Action: 'es:*',
        Resource: `arn:${arn}:es:${domain.ref.region}:${account}:domain/${domain.ref.id}/*`,
      },
    ],
  });
}

export const opensearchPublicFix: FixGenerator<'search-domain'> = (domain): Fix => {
  const id = liveId(domain.ref);
  const account = /^\d{12}$/.test(domain.ref.account) ? domain.ref.account : undefined;
  return {
    summary:
      `Replace the access policy of OpenSearch domain ${domain.ref.name ?? domain.ref.id} with one that admits only the account\u2019s own IAM ` +
      'principals; then grant the roles that need it, or move the domain into a VPC.',
    commands:
      id && account
        ? [
            awsCommand(
              'opensearch',
              'update-domain-config',
              { '--domain-name': id, '--access-policies': accountOnlyPolicy(domain, account) },
              domain.ref.region,
            ),
          ]
        : [],
    // A plan knows no account id: the policy names the caller's, as Terraform resolves it.
    terraform: planChange(
      domain.ref,
      'access_policies',
      accountOnlyPolicy(
        { ...domain, ref: { ...domain.ref, id: domain.ref.name ?? domain.ref.id } },
        '${data.aws_caller_identity.current.account_id}',
      ),
    ),
  };
};
