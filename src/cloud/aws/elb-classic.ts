// Classic Elastic Load Balancing: each listener forwards a load balancer port straight to an
// instance port, with the registered instances' health. As with ELBv2, only internet-facing load
// balancers have their instance health read.
import {
  DescribeInstanceHealthCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingClient,
  type InstanceState,
  type LoadBalancerDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import type { LoadBalancer } from '../inventory.js';
import type { TargetHealth } from './elbv2.js';
import { readAll, type AwsSession } from './session.js';

function instanceHealth(states: readonly InstanceState[]): TargetHealth {
  return { healthy: states.filter((state) => state.State === 'InService').length, registered: states.length };
}

function normalizeClassic(
  description: LoadBalancerDescription,
  health: TargetHealth | undefined,
  account: string,
  region: string,
): LoadBalancer {
  const internetFacing = description.Scheme === 'internet-facing';
  return {
    kind: 'load-balancer',
    ref: { provider: 'aws', account, region, type: 'elb:load-balancer', id: description.LoadBalancerName ?? '' },
    flavour: 'classic',
    internetFacing,
    ...(description.DNSName ? { dnsName: description.DNSName.toLowerCase() } : {}),
    securityGroups: [...(description.SecurityGroups ?? [])].sort(),
    listeners: (internetFacing ? (description.ListenerDescriptions ?? []) : [])
      .flatMap(({ Listener: listener }) => (listener ? [listener] : []))
      .map((listener) => ({
        port: listener.LoadBalancerPort ?? 0,
        protocol: (listener.Protocol ?? 'tcp').toLowerCase(),
        targets: [
          {
            name: `instance port ${listener.InstancePort ?? 0}`,
            port: listener.InstancePort ?? 0,
            ...(health ? { healthy: health.healthy, registered: health.registered } : {}),
          },
        ],
      }))
      .sort((a, b) => a.port - b.port),
  };
}

export async function collectClassicLoadBalancers(session: AwsSession, region: string): Promise<LoadBalancer[]> {
  const elb = session.sdkClient('elb', region, ElasticLoadBalancingClient);
  const descriptions = await readAll(
    session,
    'elb:DescribeLoadBalancers',
    region,
    (token, abortSignal) => elb.send(new DescribeLoadBalancersCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.LoadBalancerDescriptions,
    (page) => page.NextMarker,
  );
  return Promise.all(
    (descriptions ?? []).map(async (description) => {
      if (description.Scheme !== 'internet-facing')
        return normalizeClassic(description, undefined, session.accountLabel, region);
      const name = description.LoadBalancerName ?? '';
      const read = await session.read(
        'elb:DescribeInstanceHealth',
        region,
        (abortSignal) => elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: name }), { abortSignal }),
        name,
      );
      return normalizeClassic(
        description,
        read.ok ? instanceHealth(read.value.InstanceStates ?? []) : undefined,
        session.accountLabel,
        region,
      );
    }),
  );
}
