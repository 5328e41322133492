// An internet-facing load balancer forwarding a public listener to a database or console port:
// delete that listener (a database port has no business on a public listener); from a plan, make
// the load balancer internal.
import type { LoadBalancer, Provider } from '../cloud/inventory.js';
import { aliyunRpc, awsCommand } from './command.js';
import { liveId, planChange } from './terraform.js';
import type { FixGenerator } from '../engine/rule.js';
import type { CliCommand, Fix } from './types.js';

function awsDelete(balancer: LoadBalancer, id: string, port: number, listenerId: string | undefined): CliCommand[] {
  if (balancer.ref.type === 'elb:load-balancer')
    return [
      awsCommand(
        'elb',
        'delete-load-balancer-listeners',
        { '--load-balancer-name': id, '--load-balancer-ports': String(port) },
        balancer.ref.region,
      ),
    ];
  return listenerId
    ? [awsCommand('elbv2', 'delete-listener', { '--listener-arn': listenerId }, balancer.ref.region)]
    : [];
}

function alibabaDelete(
  balancer: LoadBalancer,
  id: string,
  port: number,
  protocol: string,
  listenerId: string | undefined,
): CliCommand[] {
  if (balancer.ref.type === 'alb:load-balancer')
    return listenerId ? [aliyunRpc('alb', 'DeleteListener', { ListenerId: listenerId }, balancer.ref.region)] : [];
  return [
    aliyunRpc(
      'slb',
      'DeleteLoadBalancerListener',
      { RegionId: balancer.ref.region, LoadBalancerId: id, ListenerPort: String(port), ListenerProtocol: protocol },
      balancer.ref.region,
    ),
  ];
}

export function loadBalancerFix(provider: Provider): FixGenerator<'load-balancer'> {
  return (balancer, draft): Fix | undefined => {
    const [protocol, portText] = (draft.resource ?? '').split('/');
    const port = Number(portText);
    const listener = balancer.listeners.find((one) => one.port === port && one.protocol === protocol);
    if (!listener) return undefined;
    const id = liveId(balancer.ref);
    const commands = !id
      ? []
      : provider === 'aws'
        ? awsDelete(balancer, id, port, listener.id)
        : alibabaDelete(balancer, id, port, listener.protocol, listener.id);
    const internal =
      provider === 'aws'
        ? planChange(balancer.ref, 'internal', true, false)
        : planChange(balancer.ref, 'address_type', 'intranet', 'internet');
    return {
      summary:
        `Delete the ${listener.protocol.toUpperCase()} ${port} listener of load balancer ${balancer.ref.id}, which forwards the internet to a ` +
        'database or console port; reach the service from inside the network, or behind a listener whose access control admits only its clients.',
      commands,
      terraform: internal,
    };
  };
}
