// What the Alibaba database collectors share (RDS, Redis/Tair, PolarDB, ClickHouse): list the
// instances page by page (PageNumber/PageSize), then for each one two Describe calls with its id,
// its whitelist and its addresses. An instance whose whitelist or addresses could not be read is
// left out, and the gap names it. A product is then a table of its calls and a normalize function.
import type { DatabaseInstance, ResourceRef } from '../inventory.js';
import type { Json } from './client.js';
import { int, list, text } from './json.js';
import { allNumberedPages, type RpcProduct, type Session } from './session.js';

export interface DatabaseApi {
  readonly product: RpcProduct;
  /** The listing: its action, where a page keeps its items, the field that counts them all, the page size asked for. */
  readonly listing: {
    readonly action: string;
    readonly items: readonly [string, string];
    readonly total: string;
    readonly pageSize: number;
  };
  /** A listed item's id field, which is also the parameter that names it in both Describe calls. */
  readonly id: string;
  /** A listed item's description field, the resource's name. */
  readonly name: string;
  /** The resource type of the refs and gaps: `rds:instance`, `polardb:cluster`. */
  readonly type: string;
  /** The Describe call that answers the whitelist, and the one that answers the addresses. */
  readonly whitelist: string;
  readonly addresses: string;
  readonly normalize: (ref: ResourceRef, item: Json, whitelist: Json, addresses: Json) => DatabaseInstance;
}

export async function collectDatabases(
  session: Session,
  region: string,
  api: DatabaseApi,
): Promise<DatabaseInstance[]> {
  const { product, listing } = api;
  const items = await session.attempt(region, session.call(product, listing.action), () =>
    allNumberedPages(
      (pageNumber) =>
        session.rpc(product, region, listing.action, { PageNumber: pageNumber, PageSize: listing.pageSize }),
      (page) => list(page, ...listing.items),
      (page) => int(page, listing.total),
      listing.pageSize,
    ),
  );
  // "instance left out", "cluster left out": the gap says what the resource is.
  const leftOut = `${api.type.split(':').at(-1)} left out`;
  const describe = (action: string, id: string) =>
    session.attempt(
      region,
      session.call(product, action),
      () => session.rpc(product, region, action, { [api.id]: id }),
      id,
      leftOut,
    );
  const found = await session.mapLimit(items ?? [], async (item) => {
    const id = text(item, api.id);
    if (!id) return undefined;
    const whitelist = await describe(api.whitelist, id);
    if (!whitelist) return undefined;
    const addresses = await describe(api.addresses, id);
    if (!addresses) return undefined;
    return api.normalize(session.ref(region, api.type, id, text(item, api.name)), item, whitelist, addresses);
  });
  return found.filter((instance): instance is DatabaseInstance => instance !== undefined);
}
