// The exact remediation of one cloud finding, as data: the CLI calls that close it on that very
// resource, and, for a resource read from a Terraform plan, the attribute change to make in the
// configuration. Generated from the resource, never run by exposcan.

/** The command-line tools fixes are written for. */
type CliTool = 'aws' | 'aliyun' | 'ossutil';

/** A JSON value, as a Terraform attribute holds it. */
export type AttributeValue =
  string | number | boolean | null | readonly AttributeValue[] | { readonly [key: string]: AttributeValue };

export interface CliCommand {
  readonly tool: CliTool;
  /**
   * The operation as its reference names it: `ec2 revoke-security-group-ingress` (AWS CLI),
   * `ecs RevokeSecurityGroup` (an Alibaba Cloud OpenAPI, RPC or ROA), `api put-bucket-acl` (ossutil).
   */
  readonly operation: string;
  /**
   * The operation's own parameters the command sets, by their documented names (`--group-id`,
   * `SecurityGroupId`, an ROA call's path and body fields), with their values; `true` for a switch.
   * The tool's global options (the region) are not among them.
   */
  readonly parameters: Readonly<Record<string, string | true>>;
  /** The region the call goes to (the tool's --region option). */
  readonly region?: string;
  /** The arguments, the tool's name first: what a shell must hand the program. */
  readonly argv: readonly string[];
  /** argv quoted for a POSIX shell: pasting it runs exactly argv, whatever the ids hold. */
  readonly shell: string;
}

/** One attribute of a planned resource to change in the Terraform configuration. */
export interface TerraformChange {
  /** `module.db.aws_db_instance.main` */
  readonly address: string;
  readonly file?: string;
  readonly line?: number;
  /** The attribute path as written in the block (`vpc_config.endpoint_public_access`). */
  readonly attribute: string;
  /** The planned value; absent when the plan leaves it to apply time or does not write it. */
  readonly from?: AttributeValue;
  /** The value that closes the finding. */
  readonly to: AttributeValue;
}

/** The exact remediation of one finding (the rule's FixGenerator, src/engine/rule.ts, makes it). */
export interface Fix {
  /** What the commands do, in one sentence. */
  readonly summary: string;
  /** In order: each assumes the ones before it ran. */
  readonly commands: readonly CliCommand[];
  /** For a resource read from a Terraform plan. */
  readonly terraform?: readonly TerraformChange[];
}
