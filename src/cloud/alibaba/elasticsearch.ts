// Alibaba Cloud Elasticsearch (ROA 2017-06-13): ListInstance (GET /openapi/instances?page&size,
// Result[] and Headers.X-Total-Count) has no network fields, so each instance is read with
// DescribeInstance (GET /openapi/instances/{InstanceId}): esVersion, enablePublic, publicDomain,
// publicPort, protocol, publicIpWhitelist, enableKibanaPublicNetwork, kibanaDomain, kibanaPort,
// kibanaIPWhitelist (aliyun/alibaba-cloud-sdk-go services/elasticsearch
// struct_result_in_describe_instance.go; API reference 142266). An instance whose details could not
// be read is left out. This is the 2022 case: Kibana on the public network with 0.0.0.0/0.
import type { ResourceRef, SearchDomain } from '../inventory.js';
import type { Json } from './client.js';
import { CallFailure } from './errors.js';
import { bool, int, list, strings, text } from './json.js';
import type { Session } from './session.js';

const PAGE = 100;

/** "6.3.2_with_X-Pack" → "6.3.2"; undefined when no version number leads. */
export function esVersionNumber(esVersion: string | undefined): string | undefined {
  return /^\d+(?:\.\d+)*/.exec(esVersion ?? '')?.[0];
}

export function normalizeSearchInstance(ref: ResourceRef, result: Json): SearchDomain {
  const version = esVersionNumber(text(result, 'esVersion'));
  const publicDomain = text(result, 'publicDomain');
  const kibanaHost = text(result, 'kibanaDomain');
  const kibanaPort = int(result, 'kibanaPort');
  return {
    kind: 'search-domain',
    ref,
    engine: 'elasticsearch',
    ...(version ? { version } : {}),
    ...(bool(result, 'enablePublic') === true && publicDomain
      ? {
          publicEndpoint: {
            host: publicDomain,
            port: int(result, 'publicPort') ?? 9200,
            protocol: text(result, 'protocol')?.toLowerCase() === 'https' ? 'https' : 'http',
          },
        }
      : {}),
    publicWhitelist: strings(result, 'publicIpWhitelist'),
    kibana: {
      public: bool(result, 'enableKibanaPublicNetwork') === true,
      ...(kibanaHost ? { host: kibanaHost } : {}),
      ...(kibanaPort !== undefined ? { port: kibanaPort } : {}),
      whitelist: strings(result, 'kibanaIPWhitelist'),
    },
  };
}

async function listInstanceIds(session: Session, region: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page <= 1000; page++) {
    const body = await session.esGet(region, '/openapi/instances', { page: String(page), size: String(PAGE) });
    const result = list(body, 'Result');
    ids.push(...result.map((instance) => text(instance, 'instanceId')).filter((id): id is string => Boolean(id)));
    const total = body.Headers ? int(body.Headers, 'X-Total-Count') : undefined;
    if (result.length < PAGE || (total !== undefined && ids.length >= total)) break;
  }
  return ids;
}

async function describeInstance(session: Session, region: string, id: string): Promise<Json> {
  const body = await session.esGet(region, `/openapi/instances/${encodeURIComponent(id)}`);
  if (typeof body.Result !== 'object' || body.Result === null || Array.isArray(body.Result))
    throw new CallFailure('error', 'DescribeInstance answered without a Result object', 'UnexpectedAnswer');
  return body.Result as Json;
}

export async function collectElasticsearch(session: Session, region: string): Promise<SearchDomain[]> {
  const ids = await session.attempt(region, session.call('elasticsearch', 'ListInstance'), () =>
    listInstanceIds(session, region),
  );
  const found = await session.mapLimit(ids ?? [], async (id) => {
    const result = await session.attempt(
      region,
      session.call('elasticsearch', 'DescribeInstance'),
      () => describeInstance(session, region, id),
      id,
      'instance left out',
    );
    if (!result) return undefined;
    return normalizeSearchInstance(
      session.ref(region, 'elasticsearch:instance', id, text(result, 'description')),
      result,
    );
  });
  return found.filter((domain): domain is SearchDomain => domain !== undefined);
}
