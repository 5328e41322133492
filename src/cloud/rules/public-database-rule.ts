// "A managed AWS database or warehouse is publicly accessible", for every service with a
// PubliclyAccessible switch and VPC security groups (RDS instances, Redshift clusters, Amazon MQ
// brokers, MSK clusters with public access): the flag
// alone is a latent exposure; with a security group that admits every address on the port
// (worked out by src/cloud/reachability.ts before the rules run) it is reachable from the whole
// internet. The endpoint is probed in the same scan with the products its wire protocol speaks.
import { defineResourceRule, type FixGenerator, type ResourceRule, type RuleMeta } from '../../engine/rule.js';
import type { DatabaseInstance } from '../inventory.js';
import { unknownUntilApply } from './unknown.js';

export interface PublicDatabaseKind {
  /** The resource type judged (`rds:db-instance`, `redshift:cluster`). */
  readonly type: string;
  /** How a message names it: `RDS`, `Redshift`. */
  readonly label: string;
  /** The product a finding names; the engine's otherwise. */
  readonly product?: (database: DatabaseInstance) => string;
  /** Products a probe of the endpoint should find (the wire protocol it speaks); the engine's otherwise. */
  readonly probed?: (database: DatabaseInstance) => readonly string[];
  /** Its public endpoints speak TLS first (MSK's public listeners): probed in TLS with the host as SNI. */
  readonly tls?: boolean;
  /** The exact fix for this service's switch (src/fix/aws-database.ts). */
  readonly fix: FixGenerator<'database'>;
}

export function publicDatabaseRule(meta: RuleMeta, kind: PublicDatabaseKind): ResourceRule {
  return defineResourceRule({
    meta,
    resources: ['database'],
    fix: kind.fix,
    checkResource(database) {
      if (database.ref.provider !== 'aws' || database.ref.type !== kind.type) return [];
      const product = kind.product?.(database) ?? database.engine;
      const probed = kind.probed?.(database) ?? [database.engine];
      // A Terraform plan may leave publicly_accessible to apply time: judged, not passed.
      if (database.publiclyAccessible === undefined && unknownUntilApply(database, 'publiclyAccessible')) {
        return [
          {
            product,
            ...(database.version ? { version: database.version } : {}),
            message: `${kind.label} ${database.ref.id} (${database.engine}) may be publicly accessible: the setting is unknown until apply.`,
            confidence: 'unknown',
            unknownFields: ['publiclyAccessible'],
            evidence: { publiclyAccessible: 'unknown until apply' },
          },
        ];
      }
      if (database.publiclyAccessible !== true) return [];
      const endpoint = database.publicEndpoints[0];
      const where = endpoint ? ` at ${endpoint.host}:${endpoint.port}` : '';
      const what = `${kind.label} ${database.ref.id} (${database.engine}${database.version ? ` ${database.version}` : ''})`;
      const firewall = database.firewall;
      const base = {
        product,
        ...(database.version ? { version: database.version } : {}),
        confidence: 'firm' as const,
        impliedEndpoints: database.publicEndpoints.map((publicEndpoint) => ({
          ...publicEndpoint,
          products: probed,
          ...(kind.tls ? { tls: true } : {}),
        })),
      };
      const endpoints = database.publicEndpoints.map(
        (publicEndpoint) => `${publicEndpoint.host}:${publicEndpoint.port}`,
      );
      // Both halves of the path in one inventory: the public flag and a security group open to everyone.
      if (firewall?.state === 'open') {
        return [
          {
            ...base,
            message: `${what} is reachable from the internet${where}: it is publicly accessible and security group ${firewall.group} admits ${firewall.source} on port ${firewall.port}.`,
            evidence: {
              endpoints,
              publiclyAccessible: true,
              reachableFromInternet: true,
              securityGroup: firewall.group,
              source: firewall.source,
              port: firewall.port,
              ruleId: firewall.ruleId ?? null,
            },
            severity: 'high',
          },
        ];
      }
      // The flag is set but every attached group keeps the internet out: a latent exposure, ranked lower.
      if (firewall?.state === 'closed') {
        return [
          {
            ...base,
            message: `${what} is publicly accessible${where}, but its security groups (${firewall.groups.join(', ')}) admit no address from the whole internet on port ${firewall.port}.`,
            evidence: {
              endpoints,
              publiclyAccessible: true,
              reachableFromInternet: false,
              securityGroups: firewall.groups,
              port: firewall.port,
            },
            severity: 'low',
          },
        ];
      }
      return [
        {
          ...base,
          message: `${what} is publicly accessible${where}${firewall ? `; whether its security groups admit the internet is unknown (${firewall.reason})` : ''}.`,
          evidence: {
            endpoints,
            publiclyAccessible: true,
            reachableFromInternet: 'unknown',
            ...(firewall ? { firewallUnknownBecause: firewall.reason } : {}),
          },
        },
      ];
    },
  });
}
