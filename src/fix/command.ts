// Builders for the commands a fix names: the AWS CLI, the Alibaba Cloud CLI (RPC APIs take
// `--Name value`; ROA APIs a method, a path and a JSON body) and ossutil. Each records the
// operation's parameters by their documented names, so a test can hold every command to the
// operation's reference (test/fix/documented-parameters.ts), and quotes argv for sh.
import { shellLine } from './shell.js';
import type { CliCommand } from './types.js';

/** Parameters in the order given; `true` is a switch, `undefined` is left out. */
export type Parameters = Readonly<Record<string, string | true | undefined>>;

function defined(parameters: Parameters): Record<string, string | true> {
  return Object.fromEntries(
    Object.entries(parameters).filter((entry): entry is [string, string | true] => entry[1] !== undefined),
  );
}

function regionArgs(region: string | undefined): string[] {
  return region && region !== 'global' && region !== 'unknown' ? ['--region', region] : [];
}

function optionArgs(parameters: Readonly<Record<string, string | true>>): string[] {
  return Object.entries(parameters).flatMap(([name, value]) => (value === true ? [name] : [name, value]));
}

function build(
  tool: CliCommand['tool'],
  operation: string,
  parameters: Record<string, string | true>,
  region: string | undefined,
  argv: string[],
): CliCommand {
  const usable = regionArgs(region).length > 0 ? region : undefined;
  const full = [...argv, ...regionArgs(region)];
  return { tool, operation, parameters, ...(usable ? { region: usable } : {}), argv: full, shell: shellLine(full) };
}

/** `aws <service> <operation> --name value… --region R`; names keep their leading `--`. */
export function awsCommand(service: string, operation: string, parameters: Parameters, region?: string): CliCommand {
  const set = defined(parameters);
  return build('aws', `${service} ${operation}`, set, region, ['aws', service, operation, ...optionArgs(set)]);
}

/** An Alibaba Cloud RPC API: `aliyun <product> <Api> --Name value… --region R`. */
export function aliyunRpc(product: string, api: string, parameters: Parameters, region?: string): CliCommand {
  const set = defined(parameters);
  const argv = [
    'aliyun',
    product,
    api,
    ...Object.entries(set).flatMap(([name, value]) => [`--${name}`, String(value)]),
  ];
  return build('aliyun', `${product} ${api}`, set, region, argv);
}

/**
 * An Alibaba Cloud ROA API: `aliyun <product> <METHOD> <path> --body <json> --region R`. `path`
 * names its parameters `{Name}`, filled from `pathParameters` (URI-encoded); `body` is sent as JSON.
 */
export function aliyunRoa(
  product: string,
  api: string,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  pathParameters: Readonly<Record<string, string>>,
  body: Readonly<Record<string, string | boolean | readonly string[]>>,
  region?: string,
): CliCommand {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathParameters[name] ?? ''));
  const parameters = Object.fromEntries([
    ...Object.entries(pathParameters),
    ...Object.entries(body).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  ]) as Record<string, string>;
  const argv = [
    'aliyun',
    product,
    method,
    filled,
    ...(Object.keys(body).length > 0 ? ['--body', JSON.stringify(body)] : []),
  ];
  return build('aliyun', `${product} ${api}`, parameters, region, argv);
}

/** ossutil 2.0: `ossutil api <operation> --name value… --region R`. */
export function ossutilApi(operation: string, parameters: Parameters, region?: string): CliCommand {
  const set = defined(parameters);
  return build('ossutil', `api ${operation}`, set, region, ['ossutil', 'api', operation, ...optionArgs(set)]);
}
