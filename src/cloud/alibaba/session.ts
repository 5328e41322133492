// What every product collector shares during one account's scan: the client, the account label
// for resource refs and gaps, the gap list, and `attempt`, which turns a failed call into a gap.
import pLimit from 'p-limit';
import type { AlibabaAccount } from '../accounts.js';
import { gap } from '../accounts.js';
import type { CoverageGap, ResourceRef } from '../inventory.js';
import type { AlibabaClient, Json } from './client.js';
import { API_VERSIONS, endpointFor, isOverridden, ramAction, roaHost, type AlibabaProduct } from './endpoints.js';
import { CallFailure } from './errors.js';

/** Calls about single resources (rules of one group, whitelist of one instance) made at once within a region. */
const DETAIL_CONCURRENCY = 4;

/** Region label of gaps for calls that belong to no region (STS, DescribeRegions, ListBuckets). */
export const GLOBAL = 'global';

export type RpcProduct = keyof typeof API_VERSIONS;

export class Session {
  readonly gaps: CoverageGap[] = [];
  /** The account id once STS told it, else the configured name. */
  accountLabel: string;
  /** ECS DescribeRegions' RegionEndpoint per region, for the public endpoints. */
  readonly ecsRegionEndpoints = new Map<string, string>();

  constructor(
    readonly account: AlibabaAccount,
    readonly client: AlibabaClient,
  ) {
    this.accountLabel = account.name;
  }

  ref(region: string, type: string, id: string, name?: string): ResourceRef {
    return { provider: 'alibaba', account: this.accountLabel, region, type, id, ...(name ? { name } : {}) };
  }

  call(product: AlibabaProduct, action: string): string {
    return ramAction(product, action);
  }

  recordGap(region: string, call: string, failure: CallFailure, resource?: string, consequence?: string): void {
    const message = consequence ? `${failure.message} (${consequence})` : failure.message;
    this.gaps.push(gap('alibaba', this.accountLabel, region, call, failure.reason, message, resource));
  }

  /** Runs `work`; a CallFailure becomes a gap and the answer `undefined`. Anything else (a bug, an abort) is thrown. */
  async attempt<T>(
    region: string,
    call: string,
    work: () => Promise<T>,
    resource?: string,
    consequence?: string,
  ): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof CallFailure)) throw error;
      this.recordGap(region, call, error, resource, consequence);
      return undefined;
    }
  }

  /** One RPC action in `region` (RegionId is sent with every regional call). Throws CallFailure. */
  async rpc(
    product: RpcProduct,
    region: string | undefined,
    action: string,
    params: Record<string, string | number> = {},
  ): Promise<Json> {
    const endpoint = endpointFor(this.account, product, region, this.ecsRegionEndpoints);
    return this.client.rpc(endpoint, API_VERSIONS[product], action, region ? { RegionId: region, ...params } : params);
  }

  /** One Elasticsearch ROA GET in `region`. Throws CallFailure. */
  async esGet(region: string, path: string, query: Record<string, string> = {}): Promise<Json> {
    const endpoint = endpointFor(this.account, 'elasticsearch', region);
    const host = isOverridden(this.account, 'elasticsearch') ? roaHost('elasticsearch', region) : undefined;
    return this.client.roaGet(endpoint, API_VERSIONS.elasticsearch, path, query, host);
  }

  /** One Container Service (ACK) ROA GET in `region`. Throws CallFailure. */
  async csGet(region: string, path: string, query: Record<string, string> = {}): Promise<Json> {
    const endpoint = endpointFor(this.account, 'cs', region);
    const host = isOverridden(this.account, 'cs') ? roaHost('cs', region) : undefined;
    return this.client.roaGet(endpoint, API_VERSIONS.cs, path, query, host);
  }

  /** `fn` over `items` with a few at a time, answers in the order of `items`. */
  mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    const limit = pLimit(DETAIL_CONCURRENCY);
    return Promise.all(items.map((item) => limit(() => fn(item))));
  }
}

/** Pages of a NextToken/MaxResults listing, at most `maxPages` (a service repeating a token must not loop forever). */
export async function allTokenPages(
  fetchPage: (token: string | undefined) => Promise<Json>,
  nextToken: (page: Json) => string | undefined,
  maxPages = 1000,
): Promise<Json[]> {
  const pages: Json[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    pages.push(page);
    token = nextToken(page);
    if (token && seen.has(token))
      throw new CallFailure(
        'error',
        `the listing repeated its NextToken after ${pages.length} pages`,
        'PaginationLoop',
      );
    if (token) seen.add(token);
  } while (token && pages.length < maxPages);
  return pages;
}

/**
 * Pages of a PageNumber/PageSize listing until `total` items (a service may cap a page below the
 * size asked for, so a short page ends the listing only when no total is given) or an empty page.
 */
export async function allNumberedPages(
  fetchPage: (pageNumber: number) => Promise<Json>,
  items: (page: Json) => Json[],
  total: (page: Json) => number | undefined,
  pageSize: number,
  maxPages = 1000,
): Promise<Json[]> {
  const all: Json[] = [];
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await fetchPage(pageNumber);
    const got = items(page);
    all.push(...got);
    const expected = total(page);
    if (got.length === 0 || (expected !== undefined ? all.length >= expected : got.length < pageSize)) break;
  }
  return all;
}
