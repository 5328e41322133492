// Alibaba CLB and ALB load balancers as the collectors normalise them (test/cloud/alibaba/
// front-doors.test.ts proves the normalisation from the API shapes): the listener's own
// access-control list is its firewall, judged like any whitelist.
import { expect } from 'vitest';
import rule from '../../../rules/cloud-alibaba/alibaba-load-balancer-public-service-port.js';
import type { Listener, LoadBalancer } from '../../../src/cloud/inventory.js';
import { loadBalancer, ref } from '../../helpers/cloud.js';
import { testResourceRule } from '../../helpers/rule-tester.js';

const ADDRESS = '203.0.113.10';
const ALB_DNS = 'alb-kibana0example.cn-hangzhou.alb.aliyuncs.com';
const kibana = (listener: Partial<Listener> = {}): Listener => ({
  port: 443,
  protocol: 'https',
  targets: [{ name: 'backend port 5601', port: 5601 }],
  ...listener,
});
const clb = (overrides: Partial<LoadBalancer> = {}): LoadBalancer =>
  loadBalancer({
    ref: ref('alibaba', 'slb:load-balancer', 'lb-bp1kibana'),
    flavour: 'classic',
    dnsName: ADDRESS,
    securityGroups: [],
    firewall: 'none',
    listeners: [kibana()],
    ...overrides,
  });

testResourceRule(rule, {
  invalid: [
    {
      name: 'CLB HTTPS 443 without access control, forwarding to Kibana 5601: probed on its address in TLS',
      resource: clb(),
      findings: [
        {
          product: 'kibana',
          confidence: 'firm',
          resource: 'https/443',
          evidence: {
            loadBalancer: 'lb-bp1kibana',
            dnsName: ADDRESS,
            source: 'every address (no access-control list on the listener)',
          },
          impliedEndpoints: [{ host: ADDRESS, port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true }],
        },
      ],
    },
    {
      name: 'a whitelist that holds 0.0.0.0/0 beside the office',
      resource: clb({
        listeners: [kibana({ acl: { ids: ['acl-office'], type: 'white', entries: ['198.51.100.0/24', '0.0.0.0/0'] } })],
      }),
      findings: [
        { confidence: 'firm', evidence: { source: '0.0.0.0/0 (whitelist acl-office)', aclIds: ['acl-office'] } },
      ],
    },
    {
      name: 'a whitelist with no entry forwards every request (Alibaba documents it)',
      resource: clb({ listeners: [kibana({ acl: { ids: ['acl-empty'], type: 'white', entries: [] } })] }),
      findings: [{ confidence: 'firm', evidence: { source: 'every address (whitelist acl-empty is empty)' } }],
    },
    {
      name: 'a blacklist of one range leaves the rest of the internet in',
      resource: clb({ listeners: [kibana({ acl: { ids: ['acl-block'], type: 'black', entries: ['192.0.2.0/24'] } })] }),
      findings: [{ confidence: 'firm' }],
    },
    {
      name: 'a blacklist of 0.0.0.0/0 still admits IPv6',
      resource: clb({ listeners: [kibana({ acl: { ids: ['acl-v4'], type: 'black', entries: ['0.0.0.0/0'] } })] }),
      findings: [{ evidence: { source: '::/0 (blacklist acl-v4)' } }],
    },
    {
      name: 'an ACL that could not be read: unknown, never passed',
      resource: clb({ listeners: [kibana({ acl: { ids: ['acl-secret'], type: 'white' } })] }),
      findings: [
        {
          confidence: 'unknown',
          evidence: { undecidedBecause: 'its access-control list acl-secret could not be read', aclEntries: null },
        },
      ],
    },
    {
      name: 'an ALB with a DNS name in the company zone and probeNames on: the name is probed, and named',
      resource: clb({
        ref: ref('alibaba', 'alb:load-balancer', 'alb-kibana'),
        flavour: 'application',
        dnsName: ALB_DNS,
        listeners: [kibana({ targets: [{ name: 'sgp-kibana', port: 5601, registered: 2 }] })],
        publicNames: [{ name: 'kibana.example.com', zone: 'example.com', probe: true }],
      }),
      findings: [
        {
          message: expect.stringContaining('kibana.example.com') as string,
          impliedEndpoints: [
            { host: 'kibana.example.com', port: 443, products: ['kibana', 'opensearch-dashboards'], tls: true },
          ],
        },
      ],
    },
  ],
  valid: [
    { name: 'an intranet CLB (trap)', nearMiss: true, resource: clb({ internetFacing: false }) },
    {
      name: 'a whitelist of the office range only (trap)',
      nearMiss: true,
      resource: clb({
        listeners: [kibana({ acl: { ids: ['acl-office'], type: 'white', entries: ['198.51.100.0/24'] } })],
      }),
    },
    {
      name: 'a blacklist of every IPv4 and IPv6 address',
      resource: clb({
        listeners: [kibana({ acl: { ids: ['acl-all'], type: 'black', entries: ['0.0.0.0/0', '::/0'] } })],
      }),
    },
    {
      name: 'forwarding to a web application port',
      resource: clb({ listeners: [kibana({ targets: [{ name: 'backend port 8443', port: 8443 }] })] }),
    },
    {
      name: 'an AWS load balancer is judged by its own rule',
      resource: { ...clb(), ref: { ...clb().ref, provider: 'aws' } },
    },
  ],
});
