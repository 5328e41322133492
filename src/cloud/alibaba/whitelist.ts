// IP whitelists of Alibaba's managed databases: several named groups, each a comma-separated
// list. Groups marked `hidden` are made by Alibaba's own services once the user authorises them
// (DAS, DMS, DTS: "hidden 分组表示经用户授权后，系统自动生成的白名单分组", r-kvstore
// DescribeSecurityIps reference; RDS DBInstanceIPArrayAttribute likewise) and are left out.
import type { WhitelistGroup } from '../inventory.js';
import type { Json } from './client.js';
import { ipList, text, unique } from './json.js';

/** Every entry of every group that is not hidden, in order, once. */
export function mergeWhitelistGroups(groups: readonly Json[], listField: string, attributeField: string): string[] {
  return unique(
    groups
      .filter((group) => text(group, attributeField)?.toLowerCase() !== 'hidden')
      .flatMap((group) => ipList(text(group, listField))),
  );
}

/** The groups that are not hidden, by name, with their entries (a fix edits one group). */
export function whitelistGroups(
  groups: readonly Json[],
  nameField: string,
  listField: string,
  attributeField: string,
): WhitelistGroup[] {
  return groups
    .filter((group) => text(group, attributeField)?.toLowerCase() !== 'hidden')
    .flatMap((group) => {
      const name = text(group, nameField);
      return name ? [{ name, entries: unique(ipList(text(group, listField))) }] : [];
    });
}
