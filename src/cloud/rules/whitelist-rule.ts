// "A managed database admits every address through its IP whitelist" (Alibaba RDS, Redis,
// MongoDB, PolarDB, ClickHouse). Entries are parsed as CIDRs: 10.0.0.0/8 is not open; 0.0.0.0, 0.0.0.0/0, ::/0 are.
import {
  defineResourceRule,
  type FixGenerator,
  type ResourceFindingDraft,
  type ResourceRule,
  type RuleMeta,
} from '../../engine/rule.js';
import { openWhitelistEntries } from '../ingress.js';
import type { DatabaseEngine, DatabaseInstance } from '../inventory.js';
import { unknownUntilApply } from './unknown.js';

/**
 * `fix`: the service's whitelist API (src/fix/whitelist.ts). `types`: the resource types judged
 * (PolarDB speaks MySQL like RDS; each has its own rule); every type when absent.
 */
export function whitelistRule(
  meta: RuleMeta,
  engines: readonly DatabaseEngine[],
  fix: FixGenerator<'database'>,
  types?: readonly string[],
): ResourceRule {
  return defineResourceRule({
    meta,
    resources: ['database'],
    fix,
    checkResource(database) {
      if (database.ref.provider !== 'alibaba' || !engines.includes(database.engine)) return [];
      if (types && !types.includes(database.ref.type)) return [];
      if (!database.whitelist) return unknownUntilApply(database, 'whitelist') ? [unknownWhitelist(database)] : [];
      const open = openWhitelistEntries(database.whitelist);
      if (open.length === 0) return [];
      const publicEndpoint = database.publicEndpoints.length > 0;
      return [
        {
          product: database.engine,
          ...(database.version ? { version: database.version } : {}),
          message: `${database.ref.id} (${database.engine}${database.version ? ` ${database.version}` : ''}) ${publicEndpoint ? 'is reachable from the internet: it ' : ''}admits ${open.join(', ')} through its whitelist${
            publicEndpoint
              ? `, with a public connection string ${database.publicEndpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`).join(', ')}`
              : ', though it has no public connection string yet'
          }.`,
          confidence: 'firm',
          evidence: {
            openEntries: open,
            whitelistSize: database.whitelist.length,
            // Both halves of the path: an open whitelist and a public connection string.
            reachableFromInternet: publicEndpoint,
            publicConnections: database.publicEndpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`),
          },
          impliedEndpoints: database.publicEndpoints.map((endpoint) => ({ ...endpoint, products: [database.engine] })),
          // Without a public connection string only hosts inside the cloud network can use the hole.
          ...(publicEndpoint ? {} : { severity: 'medium' as const }),
        },
      ];
    },
  });
}

/** A plan that leaves the whitelist to apply time: maybe open, never passed. */
function unknownWhitelist(database: DatabaseInstance): ResourceFindingDraft {
  return {
    product: database.engine,
    ...(database.version ? { version: database.version } : {}),
    message: `${database.ref.id} (${database.engine}) may admit every address: its whitelist is unknown until apply.`,
    confidence: 'unknown',
    unknownFields: ['whitelist'],
    evidence: {
      whitelist: 'unknown until apply',
      publicConnections: database.publicEndpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`),
    },
    impliedEndpoints: [],
    ...(database.publicEndpoints.length > 0 ? {} : { severity: 'medium' as const }),
  };
}
