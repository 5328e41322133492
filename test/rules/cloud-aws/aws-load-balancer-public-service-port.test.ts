import { expect } from 'vitest';
import rule from '../../../rules/cloud-aws/aws-load-balancer-public-service-port.js';
import { ingress, loadBalancer } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const DNS = 'kibana-public-1234567890.us-east-1.elb.amazonaws.com';

testResourceRule(rule, {
  invalid: [
    {
      name: 'HTTPS 443 open to everyone, forwarding to Kibana on 5601: probed on its DNS name in TLS',
      resource: loadBalancer(),
      findings: [
        {
          product: 'kibana',
          confidence: 'firm',
          resource: 'https/443',
          evidence: { loadBalancer: 'kibana-public', targetGroups: ['kibana-tg'], source: '0.0.0.0/0' },
          impliedEndpoints: [{ host: DNS, port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true }],
        },
      ],
    },
    {
      name: 'a public name leads to it and probeNames is on: the name is probed, and named',
      resource: loadBalancer({ publicNames: [{ name: 'kibana.example.com', zone: 'example.com', probe: true }] }),
      findings: [
        {
          message: expect.stringContaining('kibana.example.com') as string,
          impliedEndpoints: [
            { host: 'kibana.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
          ],
        },
      ],
    },
    {
      name: 'a public name with probeNames off: named in the finding, the load balancer\u2019s own name probed',
      resource: loadBalancer({ publicNames: [{ name: 'kibana.example.com', zone: 'example.com', probe: false }] }),
      findings: [
        {
          evidence: { publicNames: ['kibana.example.com'] },
          impliedEndpoints: [{ host: DNS, port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true }],
        },
      ],
    },
    {
      name: 'a network load balancer without security groups forwarding TCP 6379 to Redis',
      resource: loadBalancer({
        flavour: 'network',
        securityGroups: [],
        firewall: 'none',
        listeners: [
          { port: 6379, protocol: 'tcp', targets: [{ name: 'redis-tg', port: 6379, healthy: 2, registered: 2 }] },
        ],
      }),
      findings: [
        { product: 'redis', confidence: 'firm', impliedEndpoints: [{ host: DNS, port: 6379, products: ['redis'] }] },
      ],
    },
    {
      name: 'IPv6 ::/0 admitted on the listener port',
      resource: loadBalancer({
        firewall: { groups: ['sg-lb'], rules: [ingress({ fromPort: 443, toPort: 443, sources: ['::/0'] })] },
      }),
      findings: [{ evidence: { source: '::/0' } }],
    },
    {
      name: 'security groups unreadable: unknown, never passed',
      resource: loadBalancer({ firewall: undefined }),
      findings: [
        { confidence: 'unknown', evidence: { undecidedBecause: 'its security group(s) sg-lb could not be read' } },
      ],
    },
    {
      name: 'nothing healthy behind it: still reported, at medium',
      resource: loadBalancer({
        listeners: [
          { port: 443, protocol: 'https', targets: [{ name: 'kibana-tg', port: 5601, healthy: 0, registered: 1 }] },
        ],
      }),
      findings: [{ severity: 'medium' }],
    },
    {
      name: 'the load balancer asks for an OIDC login first: low',
      resource: loadBalancer({
        listeners: [
          {
            port: 443,
            protocol: 'https',
            authenticated: true,
            targets: [{ name: 'kibana-tg', port: 5601, healthy: 1, registered: 1 }],
          },
        ],
      }),
      findings: [{ severity: 'low' }],
    },
    {
      name: 'a Classic ELB forwarding TCP 9200 to instance port 9200',
      resource: loadBalancer({
        flavour: 'classic',
        listeners: [{ port: 9200, protocol: 'tcp', targets: [{ name: 'instance port 9200', port: 9200 }] }],
        firewall: { groups: ['sg-lb'], rules: [ingress()] },
      }),
      findings: [
        {
          product: 'elasticsearch',
          impliedEndpoints: [{ host: DNS, port: 9200, products: ['elasticsearch', 'opensearch'] }],
        },
      ],
    },
  ],
  valid: [
    {
      name: 'an internal load balancer (private NLB trap)',
      nearMiss: true,
      resource: loadBalancer({ internetFacing: false, flavour: 'network', firewall: 'none' }),
    },
    {
      name: 'the listener admits only an office range',
      nearMiss: true,
      resource: loadBalancer({
        firewall: { groups: ['sg-lb'], rules: [ingress({ fromPort: 443, toPort: 443, sources: ['198.51.100.0/24'] })] },
      }),
    },
    {
      name: 'forwarding to a web application port, not a console or database',
      resource: loadBalancer({
        listeners: [
          { port: 443, protocol: 'https', targets: [{ name: 'web-tg', port: 8443, healthy: 1, registered: 1 }] },
        ],
      }),
    },
    {
      name: 'open to everyone on 80 only, the Kibana listener on 443 closed',
      resource: loadBalancer({ firewall: { groups: ['sg-lb'], rules: [ingress({ fromPort: 80, toPort: 80 })] } }),
    },
    {
      name: 'an Alibaba load balancer is judged by its own rule',
      resource: { ...loadBalancer(), ref: { ...loadBalancer().ref, provider: 'alibaba' } },
    },
  ],
});
