// A plan → the normalised inventory the live collectors produce, so the same resource rules judge
// it. One mapper per resource family (map/); every resource carries its Terraform address (its
// id), the file and line of its block when found, and the fields unknown until apply.
import type { CloudResource, Inventory } from '../cloud/inventory.js';
import { linkResources } from '../cloud/link.js';
import { planContext, type PlanContext, type SourceLocation } from './context.js';
import { mapAlibabaAmqp, mapAlibabaDatabases } from './map/alibaba-database.js';
import { mapAlibabaClusters, mapAlibabaDomains, mapAlibabaLoadBalancers } from './map/alibaba-front-doors.js';
import { mapAlibabaNetwork } from './map/alibaba-network.js';
import { mapAlibabaBuckets } from './map/alibaba-oss.js';
import { mapAlibabaSearch } from './map/alibaba-search.js';
import { mapAwsClusters, mapAwsLoadBalancers } from './map/aws-front-doors.js';
import { mapAwsBuckets } from './map/aws-s3.js';
import { mapAwsDatabases } from './map/aws-database.js';
import { mapAwsNetwork } from './map/aws-network.js';
import { mapAwsSearch } from './map/aws-search.js';
import type { Plan, PlannedResource } from './read.js';

const MAPPERS: readonly ((ctx: PlanContext) => readonly CloudResource[])[] = [
  mapAlibabaSearch,
  mapAlibabaNetwork,
  mapAlibabaDatabases,
  mapAlibabaAmqp,
  mapAlibabaBuckets,
  mapAwsNetwork,
  mapAwsBuckets,
  mapAwsSearch,
  mapAwsDatabases,
  mapAwsLoadBalancers,
  mapAwsClusters,
  mapAlibabaLoadBalancers,
  mapAlibabaDomains,
  mapAlibabaClusters,
];

export function planInventory(
  plan: Plan,
  locate: (resource: PlannedResource) => SourceLocation | undefined = () => undefined,
): Inventory {
  const ctx = planContext(plan, locate);
  // Linked as a live inventory is: a load balancer's planned security groups become its firewall.
  const resources: CloudResource[] = linkResources(MAPPERS.flatMap((mapper) => mapper(ctx)));
  return { resources, gaps: [] };
}
