// alicloud_db_instance (security_ips), alicloud_kvstore_instance (security_ips) and
// alicloud_mongodb_instance (security_ip_list), alicloud_polardb_cluster (security_ips, db_type, db_version),
// alicloud_click_house_db_cluster (db_cluster_access_white_list blocks' security_ip_list)
// → DatabaseInstance with the whitelist the live
// collector reads. Not written at all, the whitelist is the service's 127.0.0.1; written but
// known only after apply, it is unknown. Public connection strings are separate resources
// (alicloud_db_connection…) made at apply: none are known here.
import { polardbEngine } from '../../cloud/alibaba/polardb.js';
import { rdsEngine } from '../../cloud/alibaba/rds.js';
import type { DatabaseEngine, DatabaseInstance } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import type { PlannedResource } from '../read.js';
import { knownBoolean, knownString, knownStrings, type Value } from '../values.js';

interface Family {
  readonly type: string;
  readonly refType: string;
  readonly whitelist: string;
  readonly engine: (ctx: PlanContext, resource: PlannedResource) => DatabaseEngine;
  readonly nameAttribute: string;
  /** The engine version; null when the managed build is not to be judged by upstream dates (ClickHouse). */
  readonly versionAttribute?: string | null;
  /** How the whitelist attribute reads; a list or comma-separated string of entries when absent. */
  readonly whitelistOf?: (value: Value) => string[] | undefined;
}

/** db_cluster_access_white_list blocks: every group's security_ip_list but hidden ones; unknown when any part is. */
function clickhouseWhitelist(value: Value): string[] | undefined {
  if (value.state === 'unset') return [];
  if (value.state !== 'known' || !Array.isArray(value.value)) return undefined;
  const groups = value.value.filter(
    (group): group is Record<string, unknown> => typeof group === 'object' && group !== null,
  );
  return groups
    .filter((group) => String(group['db_cluster_ip_array_attribute'] ?? '').toLowerCase() !== 'hidden')
    .flatMap((group) => knownStrings({ state: 'known', value: group['security_ip_list'] ?? '' }) ?? []);
}

const FAMILIES: readonly Family[] = [
  {
    type: 'alicloud_db_instance',
    refType: 'rds:instance',
    whitelist: 'security_ips',
    engine: (ctx, resource) => rdsEngine(knownString(ctx.attr(resource, 'engine'))),
    nameAttribute: 'instance_name',
  },
  {
    type: 'alicloud_kvstore_instance',
    refType: 'kvstore:instance',
    whitelist: 'security_ips',
    engine: (ctx, resource) =>
      knownString(ctx.attr(resource, 'instance_type'))?.toLowerCase() === 'memcache' ? 'other' : 'redis',
    nameAttribute: 'db_instance_name',
  },
  {
    type: 'alicloud_mongodb_instance',
    refType: 'dds:instance',
    whitelist: 'security_ip_list',
    engine: () => 'mongodb',
    nameAttribute: 'name',
  },
  {
    type: 'alicloud_polardb_cluster',
    refType: 'polardb:cluster',
    whitelist: 'security_ips',
    engine: (ctx, resource) => polardbEngine(knownString(ctx.attr(resource, 'db_type'))),
    nameAttribute: 'description',
    versionAttribute: 'db_version',
  },
  {
    type: 'alicloud_click_house_db_cluster',
    refType: 'clickhouse:cluster',
    whitelist: 'db_cluster_access_white_list',
    engine: () => 'clickhouse',
    nameAttribute: 'db_cluster_description',
    versionAttribute: null,
    whitelistOf: clickhouseWhitelist,
  },
];

export function mapAlibabaDatabases(ctx: PlanContext): DatabaseInstance[] {
  return FAMILIES.flatMap((family) =>
    ctx.ofType(family.type).map((resource): DatabaseInstance => {
      const whitelist = (family.whitelistOf ?? knownStrings)(ctx.attr(resource, family.whitelist));
      const versionAttribute = family.versionAttribute === undefined ? 'engine_version' : family.versionAttribute;
      const version = versionAttribute === null ? undefined : knownString(ctx.attr(resource, versionAttribute));
      return {
        kind: 'database',
        ref: ctx.ref(
          resource,
          'alibaba',
          family.refType,
          whitelist ? [] : ['whitelist'],
          knownString(ctx.attr(resource, family.nameAttribute)),
        ),
        engine: family.engine(ctx, resource),
        ...(version ? { version } : {}),
        ...(whitelist ? { whitelist } : {}),
        publicEndpoints: [],
      };
    }),
  );
}

/**
 * alicloud_amqp_instance (support_eip; not written is no EIP) → the ApsaraMQ for RabbitMQ instance
 * ListInstances reads. The public endpoint's host is made at apply: none is known here.
 */
export function mapAlibabaAmqp(ctx: PlanContext): DatabaseInstance[] {
  return ctx.ofType('alicloud_amqp_instance').map((resource): DatabaseInstance => {
    const eip = ctx.attr(resource, 'support_eip');
    const publiclyAccessible = knownBoolean(eip);
    return {
      kind: 'database',
      ref: ctx.ref(
        resource,
        'alibaba',
        'amqp:instance',
        eip.state === 'unknown' ? ['publiclyAccessible'] : [],
        knownString(ctx.attr(resource, 'instance_name')),
      ),
      engine: 'rabbitmq',
      ...(publiclyAccessible !== undefined ? { publiclyAccessible } : {}),
      publicEndpoints: [],
    };
  });
}
