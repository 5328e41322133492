// RDS engine names without the SDK: the Terraform plan mapper (src/plan/map/aws-database.ts) names
// engines as the live collector (rds.ts) does, and plans must not load a cloud SDK.
import type { DatabaseEngine } from '../inventory.js';

/** RDS engine names (mysql, aurora-postgresql, sqlserver-se, docdb…) → our engines. */
export function databaseEngine(engine: string | undefined): DatabaseEngine {
  const name = (engine ?? '').toLowerCase();
  if (name === 'mysql' || name === 'aurora' || name === 'aurora-mysql') return 'mysql';
  if (name === 'mariadb') return 'mariadb';
  if (name === 'postgres' || name === 'aurora-postgresql') return 'postgresql';
  if (name.startsWith('sqlserver-') || name.startsWith('custom-sqlserver')) return 'sqlserver';
  // DocumentDB speaks the MongoDB wire protocol.
  if (name === 'docdb') return 'mongodb';
  return 'other';
}
