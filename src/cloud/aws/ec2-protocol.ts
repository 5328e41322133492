// What an EC2 security group rule's protocol and order mean, without the SDK: the Terraform plan
// mapper (src/plan/map/aws-network.ts) reads rules as the live collector (ec2.ts) does, and plans
// must not load a cloud SDK (test/meta/lazy-cloud-sdk.test.ts).

/** AWS security group rules have no order: all share one priority. */
export const AWS_RULE_PRIORITY = 1;

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '-1': 'all',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};

/** "-1" → all, "6" → tcp, "TCP" → tcp; unnamed protocol numbers stay numbers. */
export function normalizeProtocol(ipProtocol: string | undefined): string {
  const text = (ipProtocol ?? '-1').trim().toLowerCase();
  return PROTOCOL_NAMES[text] ?? text;
}
