// Elastic Load Balancing v2 (application and network load balancers): which internet-facing load
// balancer forwards which listener port to which target group, and whether anything healthy
// answers behind it. Only internet-facing load balancers have their listeners and targets read:
// an internal one has no public address, whatever it forwards. The security groups in front are
// resolved later, with the rest of the region (src/cloud/link.ts).
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type Action,
  type Listener as ElbListener,
  type LoadBalancer as ElbLoadBalancer,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Listener, ListenerTarget, LoadBalancer } from '../inventory.js';
import { readAll, type AwsSession } from './session.js';

export interface TargetHealth {
  readonly healthy: number;
  readonly registered: number;
}

function targetHealth(descriptions: readonly TargetHealthDescription[]): TargetHealth {
  return {
    healthy: descriptions.filter((entry) => entry.TargetHealth?.State === 'healthy').length,
    registered: descriptions.length,
  };
}

/** Target groups a listener's default actions forward to (a simple forward, or weighted forward config). */
function forwardedGroups(actions: readonly Action[]): string[] {
  const arns = actions.flatMap((action) =>
    action.Type === 'forward'
      ? [action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((group) => group.TargetGroupArn)]
      : [],
  );
  return [...new Set(arns.filter((arn): arn is string => !!arn))];
}

const AUTHENTICATE = new Set(['authenticate-oidc', 'authenticate-cognito']);

function normalizeListener(
  listener: ElbListener,
  groups: ReadonlyMap<string, TargetGroup>,
  health: ReadonlyMap<string, TargetHealth | undefined>,
): Listener {
  const actions = listener.DefaultActions ?? [];
  const targets = forwardedGroups(actions).flatMap((arn): ListenerTarget[] => {
    const group = groups.get(arn);
    if (!group) return [];
    const counts = health.get(arn);
    return [
      {
        name: group.TargetGroupName ?? arn,
        port: group.Port ?? listener.Port ?? 0,
        ...(counts ? { healthy: counts.healthy, registered: counts.registered } : {}),
      },
    ];
  });
  return {
    ...(listener.ListenerArn ? { id: listener.ListenerArn } : {}),
    port: listener.Port ?? 0,
    protocol: (listener.Protocol ?? 'tcp').toLowerCase(),
    ...(actions.some((action) => AUTHENTICATE.has(action.Type ?? '')) ? { authenticated: true } : {}),
    targets,
  };
}

function normalizeLoadBalancer(
  balancer: ElbLoadBalancer,
  listeners: readonly Listener[],
  account: string,
  region: string,
): LoadBalancer {
  const flavour = balancer.Type === 'network' || balancer.Type === 'gateway' ? balancer.Type : 'application';
  return {
    kind: 'load-balancer',
    ref: {
      provider: 'aws',
      account,
      region,
      type: 'elbv2:load-balancer',
      id: balancer.LoadBalancerName ?? balancer.LoadBalancerArn ?? '',
    },
    flavour,
    internetFacing: balancer.Scheme === 'internet-facing',
    ...(balancer.DNSName ? { dnsName: balancer.DNSName.toLowerCase() } : {}),
    securityGroups: [...(balancer.SecurityGroups ?? [])].sort(),
    listeners: [...listeners].sort((a, b) => a.port - b.port),
  };
}

function client(session: AwsSession, region: string): ElasticLoadBalancingV2Client {
  return session.sdkClient('elbv2', region, ElasticLoadBalancingV2Client);
}

export async function collectLoadBalancersV2(session: AwsSession, region: string): Promise<LoadBalancer[]> {
  const elb = client(session, region);
  const balancers = await readAll(
    session,
    'elasticloadbalancing:DescribeLoadBalancers',
    region,
    (token, abortSignal) => elb.send(new DescribeLoadBalancersCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.LoadBalancers,
    (page) => page.NextMarker,
  );
  if (!balancers) return [];
  const facing = balancers.filter((balancer) => balancer.Scheme === 'internet-facing');
  if (facing.length === 0)
    return balancers.map((balancer) => normalizeLoadBalancer(balancer, [], session.accountLabel, region));

  const groups = await readAll(
    session,
    'elasticloadbalancing:DescribeTargetGroups',
    region,
    (token, abortSignal) => elb.send(new DescribeTargetGroupsCommand(token ? { Marker: token } : {}), { abortSignal }),
    (page) => page.TargetGroups,
    (page) => page.NextMarker,
  );
  const groupByArn = new Map((groups ?? []).map((group) => [group.TargetGroupArn ?? '', group]));
  const listenersOf = new Map(
    await Promise.all(
      facing.map(async (balancer) => {
        const arn = balancer.LoadBalancerArn ?? '';
        const listeners = await readAll(
          session,
          'elasticloadbalancing:DescribeListeners',
          region,
          (token, abortSignal) =>
            elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn, ...(token ? { Marker: token } : {}) }), {
              abortSignal,
            }),
          (page) => page.Listeners,
          (page) => page.NextMarker,
          balancer.LoadBalancerName,
        );
        return [arn, listeners] as const;
      }),
    ),
  );
  const forwardedTo = [
    ...new Set(
      [...listenersOf.values()].flatMap((listeners) =>
        (listeners ?? []).flatMap((listener) => forwardedGroups(listener.DefaultActions ?? [])),
      ),
    ),
  ].sort();
  const health = new Map(
    await Promise.all(
      forwardedTo.map(async (arn) => {
        const read = await session.read(
          'elasticloadbalancing:DescribeTargetHealth',
          region,
          (abortSignal) => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }), { abortSignal }),
          groupByArn.get(arn)?.TargetGroupName ?? arn,
        );
        return [arn, read.ok ? targetHealth(read.value.TargetHealthDescriptions ?? []) : undefined] as const;
      }),
    ),
  );
  return balancers.flatMap((balancer) => {
    if (balancer.Scheme !== 'internet-facing')
      return [normalizeLoadBalancer(balancer, [], session.accountLabel, region)];
    const listeners = listenersOf.get(balancer.LoadBalancerArn ?? '');
    // Listeners or target groups unreadable: the gap says so; without them it would read as forwarding nothing.
    if (!listeners || !groups) return [];
    return [
      normalizeLoadBalancer(
        balancer,
        listeners.map((listener) => normalizeListener(listener, groupByArn, health)),
        session.accountLabel,
        region,
      ),
    ];
  });
}
