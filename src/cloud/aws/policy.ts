// Resource policies (S3 bucket policies, OpenSearch access policies): which Allow statements anyone
// on the internet can use. "Anyone" is Principal "*" or {"AWS": "*"} (or an Allow with
// NotPrincipal: everyone but the few listed). A condition restricts the statement only when it
// pins where the request comes from (source IP, VPC, endpoint, calling service) or who makes it
// (account, organisation, ARN); other conditions (aws:SecureTransport, s3:prefix…) leave the
// door open to everyone. An aws:SourceIp list containing a /0 pins nothing.
import { openWhitelistEntries } from '../ingress.js';

export interface PolicyStatement {
  readonly Sid?: unknown;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: unknown;
}

/** The statements of a policy document, or undefined when the text is not one. */
export function parsePolicy(text: string): PolicyStatement[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const statement = (document as { Statement?: unknown }).Statement;
  if (statement === undefined) return [];
  const list = Array.isArray(statement) ? statement : [statement];
  return list.every((item) => typeof item === 'object' && item !== null) ? (list as PolicyStatement[]) : undefined;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** "*", {"AWS": "*"}, {"AWS": ["*", …]}. */
function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws !== undefined && asList(aws).includes('*');
}

/** Condition keys (lowercase) that limit who or where a request can come from. */
const RESTRICTING_KEYS = new Set([
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:username',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
]);

function restricts(operator: string, key: string, values: unknown): boolean {
  if (!RESTRICTING_KEYS.has(key.toLowerCase())) return false;
  // "Everyone except these addresses" still admits the internet.
  if (/^not/i.test(operator)) return false;
  if (key.toLowerCase() === 'aws:sourceip') {
    const cidrs = asList(values).filter((value): value is string => typeof value === 'string');
    return openWhitelistEntries(cidrs).length === 0;
  }
  return true;
}

/** The statement's Condition pins the source or the caller. */
function hasRestrictingCondition(statement: PolicyStatement): boolean {
  const condition = statement.Condition;
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, clauses]) => {
    if (typeof clauses !== 'object' || clauses === null) return false;
    return Object.entries(clauses as Record<string, unknown>).some(([key, values]) => restricts(operator, key, values));
  });
}

/** An Allow anyone can use. */
export function isOpenStatement(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow') return false;
  const everyone = isEveryone(statement.Principal) || statement.NotPrincipal !== undefined;
  return everyone && !hasRestrictingCondition(statement);
}

/** Sid, or `Statement[i]` when the statement has none. */
function statementLabel(statement: PolicyStatement, index: number): string {
  return typeof statement.Sid === 'string' && statement.Sid.length > 0 ? statement.Sid : `Statement[${index}]`;
}

/** Labels of the open statements, in document order. */
export function openStatements(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((statement, index) =>
    isOpenStatement(statement) ? [statementLabel(statement, index)] : [],
  );
}
