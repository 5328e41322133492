// Linking after collection (src/cloud/link.ts), pure: security groups become a load balancer's
// firewall, and the names of public zones lead, through A/AAAA, CNAME and alias records, to load
// balancers and guarded public addresses. Private zones, records pointing outside the inventory,
// loops and wildcard-free zones tie nothing they should not.
import { describe, expect, it } from 'vitest';
import type { DnsRecord, DnsZone, LoadBalancer, SecurityGroup } from '../../src/cloud/inventory.js';
import { linkResources } from '../../src/cloud/link.js';
import { ingress, loadBalancer, ref, securityGroup } from '../helpers/cloud.js';

const zone = (records: DnsRecord[], overrides: Partial<DnsZone> = {}): DnsZone => ({
  kind: 'dns-zone',
  ref: { ...ref('aws', 'route53:hosted-zone', 'Z1'), name: 'example.com' },
  public: true,
  probeNames: false,
  records,
  ...overrides,
});
const LB_DNS = 'kibana-public-1234567890.us-east-1.elb.amazonaws.com';

describe('linkResources', () => {
  const group: SecurityGroup = {
    ...securityGroup('aws', [ingress({ fromPort: 443, toPort: 443 })], ['198.51.100.10']),
    ref: ref('aws', 'ec2:security-group', 'sg-lb'),
  };
  const balancer = loadBalancer({ firewall: undefined });

  it('resolves a load balancer\u2019s security groups into its firewall; a missing group leaves it unknown; none is none', () => {
    const [, linked] = linkResources([group, balancer]) as [SecurityGroup, LoadBalancer];
    expect(linked.firewall).toEqual({ groups: ['sg-lb'], rules: group.rules });
    expect((linkResources([balancer])[0] as LoadBalancer).firewall).toBeUndefined();
    expect(
      (linkResources([loadBalancer({ securityGroups: [], firewall: undefined })])[0] as LoadBalancer).firewall,
    ).toBe('none');
  });

  it('ties names through aliases and CNAME chains, and to guarded public addresses', () => {
    const names = zone(
      [
        { name: 'kibana.example.com', type: 'ALIAS', values: [LB_DNS] },
        { name: 'dash.example.com', type: 'CNAME', values: ['kibana.example.com'] },
        { name: 'bastion.example.com', type: 'A', values: ['198.51.100.10'] },
        { name: 'www.example.com', type: 'A', values: ['192.0.2.80'] },
        { name: 'loop-a.example.com', type: 'CNAME', values: ['loop-b.example.com'] },
        { name: 'loop-b.example.com', type: 'CNAME', values: ['loop-a.example.com'] },
      ],
      { probeNames: true },
    );
    const [linkedGroup, linkedBalancer] = linkResources([group, balancer, names]) as [SecurityGroup, LoadBalancer];
    expect(linkedBalancer.publicNames).toEqual([
      { name: 'dash.example.com', zone: 'example.com', probe: true },
      { name: 'kibana.example.com', zone: 'example.com', probe: true },
    ]);
    expect(linkedGroup.publicNames).toEqual([{ name: 'bastion.example.com', zone: 'example.com', probe: true }]);
  });

  it('a private zone, or a record pointing outside the inventory, names nothing', () => {
    const privateZone = zone([{ name: 'admin.corp.internal', type: 'ALIAS', values: [LB_DNS] }], { public: false });
    const outside = zone([{ name: 'www.example.com', type: 'A', values: ['192.0.2.80'] }]);
    const linked = linkResources([group, balancer, privateZone, outside]);
    expect((linked[0] as SecurityGroup).publicNames).toBeUndefined();
    expect((linked[1] as LoadBalancer).publicNames).toBeUndefined();
  });
});
