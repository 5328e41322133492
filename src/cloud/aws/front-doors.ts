// The front doors of one region: load balancers (ELBv2 and Classic) and EKS control planes, read
// side by side. Route 53 is global and read with the account (./route53.ts).
import type { CloudResource } from '../inventory.js';
import { collectClassicLoadBalancers } from './elb-classic.js';
import { collectClusters } from './eks.js';
import { collectLoadBalancersV2 } from './elbv2.js';
import type { AwsSession } from './session.js';

export async function collectFrontDoors(session: AwsSession, region: string): Promise<CloudResource[]> {
  const [v2, classic, clusters] = await Promise.all([
    collectLoadBalancersV2(session, region),
    collectClassicLoadBalancers(session, region),
    collectClusters(session, region),
  ]);
  return [...v2, ...classic, ...clusters];
}
