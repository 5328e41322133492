// aws_opensearch_domain (and the legacy aws_elasticsearch_domain) with aws_opensearch_domain_policy
// → SearchDomain, as the live collector reads DescribeDomains: in a VPC (a vpc_options block with
// subnets) there is no public endpoint; otherwise the endpoint (made at apply) serves the API and
// Dashboards on 443. The access policy comes from the domain_policy resource when there is one,
// else access_policies; none at all admits only signed IAM callers. Fine-grained access control
// is a login when advanced_security_options is enabled without anonymous_auth_enabled.
import { accessPolicyOpen, parseEngineVersion } from '../../cloud/aws/opensearch-policy.js';
import type { SearchDomain } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { knownBoolean, knownString, knownStrings, valueAt } from '../values.js';

const DOMAIN_TYPES = ['aws_opensearch_domain', 'aws_elasticsearch_domain'];

export function mapAwsSearch(ctx: PlanContext): SearchDomain[] {
  const policies = new Map(
    ctx
      .ofType('aws_opensearch_domain_policy', 'aws_elasticsearch_domain_policy')
      .map((policy) => [ctx.parentOf(policy, 'domain_name', DOMAIN_TYPES, ['domain_name']), policy] as const),
  );
  return ctx.ofType(...DOMAIN_TYPES).map((domain): SearchDomain => {
    const unknown: string[] = [];
    const versionText = knownString(
      ctx.attr(domain, domain.type === 'aws_opensearch_domain' ? 'engine_version' : 'elasticsearch_version'),
    );
    const { engine, version } =
      domain.type === 'aws_elasticsearch_domain' && versionText && !versionText.includes('_')
        ? parseEngineVersion(`Elasticsearch_${versionText}`)
        : parseEngineVersion(versionText);
    const subnets = valueAt(domain, ['vpc_options', 0, 'subnet_ids']);
    // Unknown subnets still mean a VPC: only their ids are made at apply.
    const inVpc = subnets.state === 'unknown' || (knownStrings(subnets)?.length ?? 0) > 0;
    const policy = policies.get(domain);
    const policyValue = policy ? ctx.attr(policy, 'access_policies') : ctx.attr(domain, 'access_policies');
    let open: boolean | undefined;
    if (policyValue.state === 'unknown') {
      // Written nowhere and computed by the provider: no policy. Written, from something made at apply: unknown.
      if (policy || ctx.written(domain, 'access_policies')) unknown.push('accessPolicyOpen');
      else open = false;
    } else {
      open = accessPolicyOpen(knownString(policyValue));
      if (open === undefined) unknown.push('accessPolicyOpen');
    }
    const security = (name: string) => knownBoolean(valueAt(domain, ['advanced_security_options', 0, name]));
    const host = knownString(ctx.attr(domain, 'endpoint')) ?? '';
    return {
      kind: 'search-domain',
      ref: ctx.ref(domain, 'aws', 'opensearch:domain', unknown, knownString(ctx.attr(domain, 'domain_name'))),
      engine,
      ...(version ? { version } : {}),
      ...(!inVpc ? { publicEndpoint: { host, port: 443, protocol: 'https' as const } } : {}),
      ...(open !== undefined ? { accessPolicyOpen: open } : {}),
      fineGrainedAccessControl: security('enabled') === true && security('anonymous_auth_enabled') !== true,
      kibana: !inVpc ? { public: true, ...(host ? { host, port: 443 } : {}) } : { public: false },
    };
  });
}
