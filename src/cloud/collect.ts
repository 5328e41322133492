// Every configured cloud account, read concurrently within a small pool, merged into one
// inventory. An account configured with an organisation (AWS Organizations, Alibaba Resource
// Directory) stands for every member it manages. Failed reads are gaps in it, never passes; a
// configuration error (an account half pointed at overrides) stops the scan before anything is probed.
import pLimit from 'p-limit';
import type { AlibabaAccount, AwsAccount, CloudAccounts, CollectOptions } from './accounts.js';
import { collectAlibaba } from './alibaba/collect.js';
import { collectResourceDirectory } from './alibaba/directory.js';
import { collectAws } from './aws/collect.js';
import { collectAwsOrganization } from './aws/organization.js';
import type { Inventory } from './inventory.js';
import { linkResources } from './link.js';

function readAlibaba(account: AlibabaAccount, options: CollectOptions): Promise<Inventory> {
  return account.resourceDirectory
    ? collectResourceDirectory(account, account.resourceDirectory, options)
    : collectAlibaba(account, options);
}

function readAws(account: AwsAccount, options: CollectOptions): Promise<Inventory> {
  return account.organization
    ? collectAwsOrganization(account, account.organization, options)
    : collectAws(account, options);
}

export async function collectInventory(accounts: CloudAccounts, options: CollectOptions): Promise<Inventory> {
  const limit = pLimit(2);
  const inventories = await Promise.all([
    ...accounts.alibaba.map((account) => limit(() => readAlibaba(account, options))),
    ...accounts.aws.map((account) => limit(() => readAws(account, options))),
  ]);
  // Linked across accounts: a name in one account's zone may lead to another account's load balancer.
  return {
    resources: linkResources(inventories.flatMap((inventory) => inventory.resources)),
    gaps: inventories.flatMap((inventory) => inventory.gaps),
  };
}
