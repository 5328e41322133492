// Every configured cloud account, read concurrently within a small pool, merged into one
// inventory. Failed reads are gaps in it, never passes; a configuration error (an account half
// pointed at overrides) stops the scan before anything is probed.
import pLimit from 'p-limit';
import type { CloudAccounts, CollectOptions } from './accounts.js';
import { collectAlibaba } from './alibaba/collect.js';
import { collectAws } from './aws/collect.js';
import type { Inventory } from './inventory.js';
import { linkResources } from './link.js';

export async function collectInventory(accounts: CloudAccounts, options: CollectOptions): Promise<Inventory> {
  const limit = pLimit(2);
  const inventories = await Promise.all([
    ...accounts.alibaba.map((account) => limit(() => collectAlibaba(account, options))),
    ...accounts.aws.map((account) => limit(() => collectAws(account, options))),
  ]);
  // Linked across accounts: a name in one account's zone may lead to another account's load balancer.
  return { resources: linkResources(inventories.flatMap((inventory) => inventory.resources)), gaps: inventories.flatMap((inventory) => inventory.gaps) };
}
