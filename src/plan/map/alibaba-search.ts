// alicloud_elasticsearch_instance → SearchDomain, as the live collector builds it from
// DescribeInstance: enable_public / public_domain / public_port / public_whitelist,
// enable_kibana_public_network / kibana_domain / kibana_port / kibana_whitelist, version
// ("6.7_with_X-Pack" → 6.7). Kibana public unset takes the old providers' default (true); planned
// as computed (alicloud >= 1.267) it is 'unknown'. A whitelist left to apply time is unknown.
import { esVersionNumber } from '../../cloud/alibaba/elasticsearch.js';
import type { SearchDomain } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { knownNumber, knownString, knownStrings, tristate } from '../values.js';

export function mapAlibabaSearch(ctx: PlanContext): SearchDomain[] {
  return ctx.ofType('alicloud_elasticsearch_instance').map((resource) => {
    const attr = (name: string) => ctx.attr(resource, name);
    const unknown: string[] = [];
    const version = esVersionNumber(knownString(attr('version')));
    const enablePublic = tristate(attr('enable_public'), false);
    if (enablePublic === 'unknown') unknown.push('publicEndpoint');
    const publicWhitelist = knownStrings(attr('public_whitelist'));
    if (!publicWhitelist) unknown.push('publicWhitelist');
    const kibanaWhitelist = knownStrings(attr('kibana_whitelist'));
    // Written from a value known only after apply (an EIP's ip_address): unknown, never judged open
    // or closed. Not written at all, it is the console's default (every address), as live.
    if (!kibanaWhitelist && attr('kibana_whitelist').state === 'unknown' && ctx.written(resource, 'kibana_whitelist'))
      unknown.push('kibana.whitelist');
    const kibanaPublic = tristate(attr('enable_kibana_public_network'), true);
    if (kibanaPublic === 'unknown') unknown.push('kibana.public');
    const kibanaHost = knownString(attr('kibana_domain'));
    const kibanaPort = knownNumber(attr('kibana_port'));
    return {
      kind: 'search-domain',
      ref: ctx.ref(resource, 'alibaba', 'elasticsearch:instance', unknown, knownString(attr('description'))),
      engine: 'elasticsearch',
      ...(version ? { version } : {}),
      ...(enablePublic === true
        ? {
            // The public domain is made at apply: an empty host says "not known yet", nothing is probed.
            publicEndpoint: {
              host: knownString(attr('public_domain')) ?? '',
              port: knownNumber(attr('public_port')) ?? 9200,
              protocol: knownString(attr('protocol'))?.toLowerCase() === 'https' ? 'https' : 'http',
            },
          }
        : {}),
      ...(publicWhitelist ? { publicWhitelist } : {}),
      kibana: {
        public: kibanaPublic,
        ...(kibanaHost ? { host: kibanaHost } : {}),
        ...(kibanaPort !== undefined ? { port: kibanaPort } : {}),
        ...(kibanaWhitelist ? { whitelist: kibanaWhitelist } : {}),
      },
    } satisfies SearchDomain;
  });
}
