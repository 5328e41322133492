// Alibaba managed databases whose IP whitelist admits every address: in each whitelist group that
// holds an open entry, delete exactly those entries (ModifyMode Delete); a group left with nothing
// is set to 127.0.0.1, Alibaba's "no address" entry (ModifyMode Cover), since a group cannot be
// emptied. From a plan: the whitelist attribute without the open entries.
import { openWhitelistEntries } from '../cloud/ingress.js';
import type { DatabaseInstance, WhitelistGroup } from '../cloud/inventory.js';
import { aliyunRpc } from './command.js';
import { planChange } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { CliCommand, Fix } from './types.js';

interface WhitelistApi {
  /** CLI product code and API. */
  readonly product: string;
  readonly api: string;
  /** The parameter naming the instance or cluster. */
  readonly idParameter: string;
  /** The parameter naming the whitelist group, and the group the service uses when none is named. */
  readonly groupParameter: string;
  readonly defaultGroup: string;
  readonly terraformAttribute: string;
  /** The attribute holds a list, or one comma-separated string (ClickHouse's security_ip_list). */
  readonly terraformForm: 'list' | 'comma-separated';
  readonly label: string;
}

export const WHITELIST_APIS = {
  rds: {
    product: 'rds',
    api: 'ModifySecurityIps',
    idParameter: 'DBInstanceId',
    groupParameter: 'DBInstanceIPArrayName',
    defaultGroup: 'default',
    terraformAttribute: 'security_ips',
    terraformForm: 'list',
    label: 'RDS instance',
  },
  redis: {
    product: 'r-kvstore',
    api: 'ModifySecurityIps',
    idParameter: 'InstanceId',
    groupParameter: 'SecurityIpGroupName',
    defaultGroup: 'default',
    terraformAttribute: 'security_ips',
    terraformForm: 'list',
    label: 'ApsaraDB for Redis instance',
  },
  mongodb: {
    product: 'dds',
    api: 'ModifySecurityIps',
    idParameter: 'DBInstanceId',
    groupParameter: 'SecurityIpGroupName',
    defaultGroup: 'default',
    terraformAttribute: 'security_ip_list',
    terraformForm: 'list',
    label: 'ApsaraDB for MongoDB instance',
  },
  polardb: {
    product: 'polardb',
    api: 'ModifyDBClusterAccessWhitelist',
    idParameter: 'DBClusterId',
    groupParameter: 'DBClusterIPArrayName',
    defaultGroup: 'default',
    terraformAttribute: 'security_ips',
    terraformForm: 'list',
    label: 'PolarDB cluster',
  },
  clickhouse: {
    product: 'clickhouse',
    api: 'ModifyDBClusterAccessWhiteList',
    idParameter: 'DBClusterId',
    groupParameter: 'DBClusterIPArrayName',
    defaultGroup: 'default',
    terraformAttribute: 'db_cluster_access_white_list.security_ip_list',
    terraformForm: 'comma-separated',
    label: 'ApsaraDB for ClickHouse cluster',
  },
} as const satisfies Record<string, WhitelistApi>;

/** Alibaba's entry that admits no address: what a whitelist holds when it must admit nobody. */
const NO_ADDRESS = '127.0.0.1';

function groupCommand(
  api: WhitelistApi,
  database: DatabaseInstance,
  group: WhitelistGroup,
  open: readonly string[],
): CliCommand | undefined {
  const removed = group.entries.filter((entry) => open.includes(entry));
  if (removed.length === 0) return undefined;
  const left = group.entries.length > removed.length;
  return aliyunRpc(
    api.product,
    api.api,
    {
      [api.idParameter]: database.ref.id,
      [api.groupParameter]: group.name,
      SecurityIps: left ? removed.join(',') : NO_ADDRESS,
      ModifyMode: left ? 'Delete' : 'Cover',
    },
    database.ref.region,
  );
}

function written(api: WhitelistApi, entries: readonly string[]): string | string[] {
  return api.terraformForm === 'list' ? [...entries] : entries.join(',');
}

export function whitelistFix(kind: keyof typeof WHITELIST_APIS): FixGenerator<'database'> {
  const api: WhitelistApi = WHITELIST_APIS[kind];
  return (database): Fix => {
    const whitelist = database.whitelist ?? [];
    const open = openWhitelistEntries(whitelist);
    const groups = database.whitelistGroups ?? [{ name: api.defaultGroup, entries: whitelist }];
    const planned = database.ref.terraform !== undefined;
    const kept = whitelist.filter((entry) => !open.includes(entry));
    return {
      summary:
        open.length > 0
          ? `Remove ${open.join(', ')} from the whitelist of ${api.label} ${database.ref.id}; add the addresses of the clients that need it.`
          : `Write the whitelist of ${api.label} ${database.ref.id} with the addresses of its clients only (it is unknown until apply).`,
      commands: planned
        ? []
        : groups.flatMap((group) => {
            const command = groupCommand(api, database, group, open);
            return command ? [command] : [];
          }),
      terraform: planChange(
        database.ref,
        api.terraformAttribute,
        written(api, kept.length > 0 ? kept : [NO_ADDRESS]),
        database.whitelist ? written(api, database.whitelist) : undefined,
      ),
    };
  };
}
