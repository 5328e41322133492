// A report as a scan would build it, with evidence a hostile server could have sent.
import type { ScanOutcome } from '../../src/engine/outcome.js';
import type { Finding } from '../../src/findings/finding.js';
import { buildReport, type Report } from '../../src/report/report.js';

export const hostileFinding: Finding = {
  id: '0123456789abcdef01234567',
  ruleId: 'elasticsearch-unauthenticated',
  title: 'Elasticsearch REST API answers without credentials',
  message: 'Elasticsearch 7.17.27 answered without credentials: 2 indices.',
  severity: 'critical',
  score: 9.5,
  why: 'critical base 9; +0.5 public address',
  confidence: 'confirmed',
  product: 'elasticsearch',
  version: '7.17.27',
  target: { host: '192.0.2.10', port: 9200, protocol: 'http', tls: false, url: 'http://192.0.2.10:9200/' },
  evidence: {
    clusterName: '<script>alert(1)</script>| injected\n# heading',
    largestIndices: ['[link](http://evil.example)', 'logs'],
    indices: 2,
    readable: true,
    nothing: null,
  },
  remediation: 'Enable security.',
  references: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html'],
  cwe: ['CWE-306'],
};

/** A cloud finding (AWS security group) as the history marks a new one. */
export const cloudFinding: Finding = {
  ...hostileFinding,
  id: 'fedcba9876543210fedcba98',
  ruleId: 'aws-security-group-public-service-port',
  title: 'Security group admits the internet to a service port',
  message: 'sg-0123456789abcdef0 admits 0.0.0.0/0 to tcp 9200.',
  severity: 'high',
  confidence: 'firm',
  target: undefined,
  resource: {
    provider: 'aws',
    account: '123456789012',
    region: 'eu-west-1',
    type: 'ec2:security-group',
    id: 'sg-0123456789abcdef0',
    name: 'search',
  },
  evidence: { port: 9200, cidr: '0.0.0.0/0' },
  status: 'new',
  firstSeen: '2026-11-20T10:00:00Z',
};

export function reportWith(findings: readonly Finding[], partial = false): Report {
  const outcome: ScanOutcome = {
    startedAt: new Date('2026-11-25T10:00:00Z'),
    finishedAt: new Date('2026-11-25T10:00:02Z'),
    partial,
    stats: { endpoints: 4, open: 1, identified: 1, failures: { refused: 3 }, findings: findings.length },
    services: [
      {
        host: '192.0.2.10',
        port: 9200,
        protocol: 'http',
        tls: false,
        product: 'elasticsearch',
        version: '7.17.27',
        access: 'open',
      },
    ],
    findings,
    coverage: [],
    unreached: [],
  };
  return buildReport({
    id: 'scan-1',
    tool: { name: 'exposcan', version: '0.1.0' },
    targets: ['192.0.2.10'],
    rules: ['elasticsearch-unauthenticated', 'redis-unauthenticated'],
    settings: {
      concurrency: 64,
      perHost: 4,
      rate: 1000,
      timeoutMs: 5000,
      credentialChecks: false,
      ports: [6379, 9200],
    },
    outcome,
  });
}
