// Fields a Terraform plan leaves to apply time (a computed default, a value taken from another
// resource being created). A rule that would pass a resource because such a field is absent
// reports it instead, as tentative and saying "unknown until apply": an unknown is never a pass.
// Live resources never carry the list, so live behaviour is unchanged.
import type { CloudResource } from '../inventory.js';

export function unknownUntilApply(resource: Pick<CloudResource, 'ref'>, field: string): boolean {
  return resource.ref.terraform?.unknownUntilApply?.includes(field) ?? false;
}

/** The fields of `fields` the plan leaves unknown, in the order given. */
export function unknownFields(resource: Pick<CloudResource, 'ref'>, fields: readonly string[]): string[] {
  return fields.filter((field) => unknownUntilApply(resource, field));
}

const WORDS: Readonly<Record<string, string>> = {
  acl: 'ACL',
  publicGrants: 'ACL grants',
  policyPublic: 'bucket policy',
  openPolicyStatements: 'bucket policy',
  blockPublicAccess: 'public access block',
  whitelist: 'whitelist',
  publicWhitelist: 'public whitelist',
  accessPolicyOpen: 'access policy',
  publiclyAccessible: 'publicly accessible setting',
};

/** "its ACL and public access block are": the unknown fields in words, for messages. */
export function unknownPhrase(fields: readonly string[]): string {
  const words = [...new Set(fields.map((field) => WORDS[field] ?? field))];
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
  return `its ${list} ${words.length > 1 ? 'are' : 'is'} unknown until apply`;
}
