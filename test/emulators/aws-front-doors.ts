// ELBv2 and Classic ELB (awsQuery: form POST, <member> lists, Marker / NextMarker), EKS (restJson:
// GET /clusters, GET /clusters/{name}, nextToken) and Route 53 (restXml: GET
// /2013-04-01/hostedzone with marker / NextMarker, GET …/hostedzone/{id}/rrset with
// name+type / NextRecordName+NextRecordType) for the AWS emulator. Every page is as small as the
// emulator's page size, so collectors must follow the service's own pagination.
import { createHash } from 'node:crypto';
import type { EmulatedAccount } from './aws-model.js';
import type {
  EmulatedAction,
  EmulatedHostedZone,
  EmulatedLoadBalancer,
  EmulatedRecord,
  EmulatedTargetGroup,
} from './aws-front-doors-model.js';
import {
  jsonReply,
  page,
  queryReply,
  regionOf,
  ServiceError,
  xmlReply,
  type Caller,
  type Operation,
  type Reply,
} from './aws-wire.js';
import { el, escapeXml, leaf, type Xml } from './aws-xml.js';

const members = (name: string, entries: readonly Xml[]): Xml =>
  el(name, ...entries.map((entry) => `<member>${entry}</member>`));
const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 16);

function lbArn(caller: Caller, balancer: EmulatedLoadBalancer): string {
  return `arn:aws:elasticloadbalancing:${caller.region}:${caller.account.accountId}:loadbalancer/${balancer.Type === 'network' ? 'net' : 'app'}/${balancer.LoadBalancerName}/${hash(balancer.LoadBalancerName)}`;
}

function tgArn(caller: Caller, name: string): string {
  return `arn:aws:elasticloadbalancing:${caller.region}:${caller.account.accountId}:targetgroup/${name}/${hash(name)}`;
}

function listenerArn(caller: Caller, balancer: EmulatedLoadBalancer, port: number): string {
  return (
    lbArn(caller, balancer).replace(':loadbalancer/', ':listener/') + `/${hash(`${balancer.LoadBalancerName}:${port}`)}`
  );
}

function actionXml(caller: Caller, action: EmulatedAction, order: number): Xml {
  switch (action.Type) {
    case 'forward':
      return [
        leaf('Type', 'forward'),
        leaf('TargetGroupArn', tgArn(caller, action.TargetGroup)),
        leaf('Order', order),
      ].join('');
    case 'forward-weighted':
      return [
        leaf('Type', 'forward'),
        el(
          'ForwardConfig',
          members(
            'TargetGroups',
            action.TargetGroups.map((name) =>
              [leaf('TargetGroupArn', tgArn(caller, name)), leaf('Weight', 1)].join(''),
            ),
          ),
        ),
        leaf('Order', order),
      ].join('');
    case 'authenticate-oidc':
      return [
        leaf('Type', 'authenticate-oidc'),
        el(
          'AuthenticateOidcConfig',
          leaf('Issuer', 'https://login.example.com'),
          leaf('ClientId', 'exposcan-emulated'),
        ),
        leaf('Order', order),
      ].join('');
    case 'redirect':
      return [
        leaf('Type', 'redirect'),
        el('RedirectConfig', leaf('Protocol', 'HTTPS'), leaf('Port', '443'), leaf('StatusCode', 'HTTP_301')),
        leaf('Order', order),
      ].join('');
    case 'fixed-response':
      return [
        leaf('Type', 'fixed-response'),
        el('FixedResponseConfig', leaf('StatusCode', '404')),
        leaf('Order', order),
      ].join('');
  }
}

const groupsOf = (balancer: EmulatedLoadBalancer): string[] =>
  balancer.Listeners.flatMap((listener) =>
    listener.DefaultActions.flatMap((action) =>
      action.Type === 'forward' ? [action.TargetGroup] : action.Type === 'forward-weighted' ? action.TargetGroups : [],
    ),
  );

function elbv2Operation(action: string, params: URLSearchParams, pageSize: number): Operation | undefined {
  const marker = params.get('Marker') ?? undefined;
  const size = Math.min(pageSize, Number(params.get('PageSize') ?? pageSize));
  const reply = (result: (Xml | undefined)[]) =>
    queryReply('elbv2', action, result.filter((part): part is Xml => part !== undefined).join(''));
  const balancerByArn = (caller: Caller, arn: string) =>
    (regionOf(caller.account, caller.region).loadBalancers ?? []).find((balancer) => lbArn(caller, balancer) === arn);
  switch (action) {
    case 'DescribeLoadBalancers':
      return {
        action: 'elasticloadbalancing:DescribeLoadBalancers',
        run: (caller) => {
          const { items, next } = page(
            regionOf(caller!.account, caller!.region).loadBalancers ?? [],
            marker,
            size,
            action,
          );
          return reply([
            members(
              'LoadBalancers',
              items.map((balancer) =>
                [
                  leaf('LoadBalancerArn', lbArn(caller!, balancer)),
                  leaf('DNSName', balancer.DNSName),
                  leaf('CanonicalHostedZoneId', 'Z35SXDOTRQ7X7K'),
                  leaf('LoadBalancerName', balancer.LoadBalancerName),
                  leaf('Scheme', balancer.Scheme),
                  leaf('VpcId', 'vpc-0prod'),
                  el('State', leaf('Code', 'active')),
                  leaf('Type', balancer.Type),
                  leaf('IpAddressType', 'ipv4'),
                  balancer.SecurityGroups
                    ? members('SecurityGroups', balancer.SecurityGroups.map(escapeXml))
                    : undefined,
                ].join(''),
              ),
            ),
            leaf('NextMarker', next),
          ]);
        },
      };
    case 'DescribeListeners': {
      const arn = params.get('LoadBalancerArn') ?? '';
      const name = /loadbalancer\/(?:app|net)\/([^/]+)\//.exec(arn)?.[1];
      return {
        action: 'elasticloadbalancing:DescribeListeners',
        ...(name ? { resource: name } : {}),
        run: (caller) => {
          const balancer = balancerByArn(caller!, arn);
          if (!balancer) throw new ServiceError(400, 'LoadBalancerNotFound', `Load balancer '${arn}' not found`);
          const { items, next } = page(balancer.Listeners, marker, size, `${action}:${balancer.LoadBalancerName}`);
          return reply([
            members(
              'Listeners',
              items.map((listener) =>
                [
                  leaf('ListenerArn', listenerArn(caller!, balancer, listener.Port)),
                  leaf('LoadBalancerArn', arn),
                  leaf('Port', listener.Port),
                  leaf('Protocol', listener.Protocol),
                  members(
                    'DefaultActions',
                    listener.DefaultActions.map((entry, index) => actionXml(caller!, entry, index + 1)),
                  ),
                ].join(''),
              ),
            ),
            leaf('NextMarker', next),
          ]);
        },
      };
    }
    case 'DescribeTargetGroups':
      return {
        action: 'elasticloadbalancing:DescribeTargetGroups',
        run: (caller) => {
          const region = regionOf(caller!.account, caller!.region);
          const { items, next } = page(region.targetGroups ?? [], marker, size, action);
          const users = (group: EmulatedTargetGroup) =>
            (region.loadBalancers ?? [])
              .filter((balancer) => groupsOf(balancer).includes(group.TargetGroupName))
              .map((balancer) => lbArn(caller!, balancer));
          return reply([
            members(
              'TargetGroups',
              items.map((group) =>
                [
                  leaf('TargetGroupArn', tgArn(caller!, group.TargetGroupName)),
                  leaf('TargetGroupName', group.TargetGroupName),
                  leaf('Protocol', group.Protocol),
                  leaf('Port', group.Port),
                  leaf('VpcId', 'vpc-0prod'),
                  leaf('TargetType', 'instance'),
                  members('LoadBalancerArns', users(group).map(escapeXml)),
                ].join(''),
              ),
            ),
            leaf('NextMarker', next),
          ]);
        },
      };
    case 'DescribeTargetHealth': {
      const arn = params.get('TargetGroupArn') ?? '';
      const name = /targetgroup\/([^/]+)\//.exec(arn)?.[1];
      return {
        action: 'elasticloadbalancing:DescribeTargetHealth',
        ...(name ? { resource: name } : {}),
        run: (caller) => {
          const group = (regionOf(caller!.account, caller!.region).targetGroups ?? []).find(
            (candidate) => tgArn(caller!, candidate.TargetGroupName) === arn,
          );
          if (!group) throw new ServiceError(400, 'TargetGroupNotFound', `Target groups '${arn}' not found`);
          return reply([
            members(
              'TargetHealthDescriptions',
              group.Targets.map((target) =>
                [
                  el('Target', leaf('Id', target.Id), leaf('Port', target.Port ?? group.Port)),
                  leaf('HealthCheckPort', String(target.Port ?? group.Port)),
                  el('TargetHealth', leaf('State', target.State)),
                ].join(''),
              ),
            ),
          ]);
        },
      };
    }
    default:
      return undefined;
  }
}

function classicOperation(action: string, params: URLSearchParams, pageSize: number): Operation | undefined {
  const reply = (result: (Xml | undefined)[]) =>
    queryReply('elb', action, result.filter((part): part is Xml => part !== undefined).join(''));
  switch (action) {
    case 'DescribeLoadBalancers':
      return {
        action: 'elasticloadbalancing:DescribeLoadBalancers',
        run: (caller) => {
          const size = Math.min(pageSize, Number(params.get('PageSize') ?? pageSize));
          const { items, next } = page(
            regionOf(caller!.account, caller!.region).classicLoadBalancers ?? [],
            params.get('Marker') ?? undefined,
            size,
            `classic:${action}`,
          );
          return reply([
            members(
              'LoadBalancerDescriptions',
              items.map((balancer) =>
                [
                  leaf('LoadBalancerName', balancer.LoadBalancerName),
                  leaf('DNSName', balancer.DNSName),
                  leaf('CanonicalHostedZoneName', balancer.DNSName),
                  leaf('Scheme', balancer.Scheme),
                  members(
                    'ListenerDescriptions',
                    balancer.Listeners.map((listener) =>
                      [
                        el(
                          'Listener',
                          leaf('Protocol', listener.Protocol),
                          leaf('LoadBalancerPort', listener.LoadBalancerPort),
                          leaf('InstanceProtocol', listener.InstanceProtocol),
                          leaf('InstancePort', listener.InstancePort),
                        ),
                        el('PolicyNames'),
                      ].join(''),
                    ),
                  ),
                  members('SecurityGroups', balancer.SecurityGroups.map(escapeXml)),
                  members(
                    'Instances',
                    balancer.Instances.map((instance) => leaf('InstanceId', instance.InstanceId)!),
                  ),
                  leaf('VPCId', 'vpc-0prod'),
                ].join(''),
              ),
            ),
            leaf('NextMarker', next),
          ]);
        },
      };
    case 'DescribeInstanceHealth': {
      const name = params.get('LoadBalancerName') ?? '';
      return {
        action: 'elasticloadbalancing:DescribeInstanceHealth',
        resource: name,
        run: (caller) => {
          const balancer = (regionOf(caller!.account, caller!.region).classicLoadBalancers ?? []).find(
            (candidate) => candidate.LoadBalancerName === name,
          );
          if (!balancer)
            throw new ServiceError(400, 'LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
          return reply([
            members(
              'InstanceStates',
              balancer.Instances.map((instance) =>
                [
                  leaf('InstanceId', instance.InstanceId),
                  leaf('State', instance.State),
                  leaf('ReasonCode', 'N/A'),
                  leaf('Description', 'N/A'),
                ].join(''),
              ),
            ),
          ]);
        },
      };
    }
    default:
      return undefined;
  }
}

function eksOperation(method: string, url: URL, pageSize: number): Operation | undefined {
  if (method !== 'GET') return undefined;
  if (url.pathname === '/clusters') {
    return {
      action: 'eks:ListClusters',
      run: (caller) => {
        const names = (regionOf(caller!.account, caller!.region).clusters ?? []).map((cluster) => cluster.name);
        const { items, next } = page(
          names,
          url.searchParams.get('nextToken') ?? undefined,
          Math.min(pageSize, Number(url.searchParams.get('maxResults') ?? pageSize)),
          'ListClusters',
        );
        return jsonReply({ clusters: items, ...(next ? { nextToken: next } : {}) });
      },
    };
  }
  const match = /^\/clusters\/([^/]+)$/.exec(url.pathname);
  if (!match) return undefined;
  const name = decodeURIComponent(match[1]!);
  return {
    action: 'eks:DescribeCluster',
    resource: name,
    run: (caller) => {
      const cluster = (regionOf(caller!.account, caller!.region).clusters ?? []).find(
        (candidate) => candidate.name === name,
      );
      if (!cluster) throw new ServiceError(404, 'ResourceNotFoundException', `No cluster found for name: ${name}.`);
      return jsonReply({
        cluster: {
          name: cluster.name,
          arn: `arn:aws:eks:${caller!.region}:${caller!.account.accountId}:cluster/${cluster.name}`,
          createdAt: 1700000000,
          version: cluster.version,
          endpoint: cluster.endpoint,
          roleArn: `arn:aws:iam::${caller!.account.accountId}:role/eks-cluster`,
          resourcesVpcConfig: {
            subnetIds: ['subnet-0a1b2c3d'],
            securityGroupIds: [],
            clusterSecurityGroupId: 'sg-0eks',
            vpcId: 'vpc-0prod',
            endpointPublicAccess: cluster.endpointPublicAccess,
            endpointPrivateAccess: cluster.endpointPrivateAccess,
            // AWS answers the default when public access is on and no CIDRs were set.
            ...(cluster.endpointPublicAccess ? { publicAccessCidrs: cluster.publicAccessCidrs ?? ['0.0.0.0/0'] } : {}),
          },
          status: 'ACTIVE',
          platformVersion: 'eks.8',
        },
      });
    },
  };
}

const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

function route53Reply(root: string, ...children: (Xml | undefined)[]): Reply {
  return xmlReply(200, el(`${root} xmlns="${ROUTE53_NS}"`, ...children));
}

function recordXml(record: EmulatedRecord): Xml {
  return el(
    'ResourceRecordSet',
    leaf('Name', record.Name),
    leaf('Type', record.Type),
    record.AliasTarget
      ? el(
          'AliasTarget',
          leaf('HostedZoneId', record.AliasTarget.HostedZoneId),
          leaf('DNSName', record.AliasTarget.DNSName),
          leaf('EvaluateTargetHealth', true),
        )
      : [
          leaf('TTL', 300),
          el('ResourceRecords', ...(record.Values ?? []).map((value) => el('ResourceRecord', leaf('Value', value)))),
        ].join(''),
  );
}

function route53Operation(method: string, url: URL, pageSize: number): Operation | undefined {
  if (method !== 'GET') return undefined;
  const zonesOf = (account: EmulatedAccount): readonly EmulatedHostedZone[] => account.hostedZones ?? [];
  const size = Math.min(pageSize, Number(url.searchParams.get('maxitems') ?? pageSize));
  if (url.pathname === '/2013-04-01/hostedzone') {
    return {
      action: 'route53:ListHostedZones',
      run: (caller) => {
        const zones = zonesOf(caller!.account);
        const marker = url.searchParams.get('marker');
        const start = marker ? zones.findIndex((zone) => zone.Id === marker) : 0;
        if (start < 0) throw new ServiceError(400, 'InvalidInput', `The marker ${marker} is not a hosted zone ID`);
        const slice = zones.slice(start, start + size);
        const next = zones[start + size];
        return route53Reply(
          'ListHostedZonesResponse',
          el(
            'HostedZones',
            ...slice.map((zone) =>
              el(
                'HostedZone',
                leaf('Id', `/hostedzone/${zone.Id}`),
                leaf('Name', zone.Name),
                leaf('CallerReference', `emulated-${zone.Id}`),
                el('Config', leaf('PrivateZone', zone.PrivateZone)),
                leaf('ResourceRecordSetCount', zone.Records.length),
              ),
            ),
          ),
          leaf('Marker', marker ?? ''),
          leaf('IsTruncated', next !== undefined),
          next ? leaf('NextMarker', next.Id) : undefined,
          leaf('MaxItems', size),
        );
      },
    };
  }
  const match = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
  if (!match) return undefined;
  const id = decodeURIComponent(match[1]!).replace(/^\/?hostedzone\//, '');
  return {
    action: 'route53:ListResourceRecordSets',
    resource: id,
    run: (caller) => {
      const zone = zonesOf(caller!.account).find((candidate) => candidate.Id === id);
      if (!zone) throw new ServiceError(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
      const name = url.searchParams.get('name');
      const type = url.searchParams.get('type');
      const start = name
        ? zone.Records.findIndex((record) => record.Name === name && (!type || record.Type === type))
        : 0;
      if (start < 0) throw new ServiceError(400, 'InvalidInput', `No record ${name} ${type ?? ''} to start from`);
      const slice = zone.Records.slice(start, start + size);
      const next = zone.Records[start + size];
      return route53Reply(
        'ListResourceRecordSetsResponse',
        el('ResourceRecordSets', ...slice.map(recordXml)),
        leaf('IsTruncated', next !== undefined),
        next ? leaf('NextRecordName', next.Name) : undefined,
        next ? leaf('NextRecordType', next.Type) : undefined,
        leaf('MaxItems', size),
      );
    },
  };
}

/** The front-door services' operations, by emulated service; undefined for anything else. */
export function frontDoorOperation(
  service: string,
  method: string,
  url: URL,
  body: Buffer,
  pageSize: number,
): Operation | undefined | 'not-mine' {
  if (service === 'eks') return eksOperation(method, url, pageSize);
  if (service === 'route53') return route53Operation(method, url, pageSize);
  if (service !== 'elbv2' && service !== 'elb') return 'not-mine';
  if (method !== 'POST' || url.pathname !== '/') return undefined;
  const params = new URLSearchParams(body.toString('utf8'));
  if (params.get('Version') !== (service === 'elbv2' ? '2015-12-01' : '2012-06-01')) return undefined;
  const action = params.get('Action') ?? '';
  return service === 'elbv2' ? elbv2Operation(action, params, pageSize) : classicOperation(action, params, pageSize);
}
