// Terraform attribute changes for resources read from a plan: the address and source location
// come from the resource's TerraformOrigin, the attribute names from the provider's schema.
import type { ResourceRef } from '../cloud/inventory.js';
import type { AttributeValue, TerraformChange } from './types.js';

/** The change on the planned resource itself; none for a resource read from a live account. */
export function planChange(
  ref: ResourceRef,
  attribute: string,
  to: AttributeValue,
  from?: AttributeValue,
): TerraformChange[] {
  const origin = ref.terraform;
  if (!origin) return [];
  return [
    {
      address: origin.address,
      ...(origin.file ? { file: origin.file } : {}),
      ...(origin.line !== undefined ? { line: origin.line } : {}),
      attribute,
      ...(from !== undefined ? { from } : {}),
      to,
    },
  ];
}

/** `module.net.aws_security_group_rule.db[0]` → `aws_security_group_rule`. */
export function resourceTypeOf(address: string): string | undefined {
  return address
    .split('.')
    .map((part) => part.replace(/\[.*$/, ''))
    .findLast((part) => /^(aws|alicloud)_\w+$/.test(part));
}

/** The resource's id as its provider's API knows it: a plan's resources have only an address. */
export function liveId(ref: ResourceRef): string | undefined {
  return ref.terraform ? undefined : ref.id || undefined;
}
