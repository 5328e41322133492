// Every command a fix generates uses only parameters its operation documents, and all it requires
// (the table, with its sources, is documented-parameters.ts). The argv must say the same as the
// recorded parameters: the tool, the operation, each option once, and nothing else but --region.
import { describe, expect, it } from 'vitest';
import { FIX_CASES } from './cases.js';
import { DOCUMENTED_OPERATIONS } from './documented-parameters.js';
import { fixesOf, ruleById } from './run-fixes.js';
import type { CliCommand } from '../../src/fix/types.js';

// One test per distinct command (a group open on every port gives the same command for each).
const commands: { name: string; command: CliCommand }[] = [
  ...new Map(
    FIX_CASES.flatMap((one) =>
      fixesOf(ruleById(one.ruleId), one.resource).flatMap((fix) =>
        (fix?.commands ?? []).map(
          (command) => [command.shell, { name: `${one.ruleId}: ${one.name}`, command }] as const,
        ),
      ),
    ),
  ).values(),
];

/** The options argv carries, with the global --region taken out. */
function argvOptions(command: CliCommand): { names: string[]; rest: string[] } {
  const argv = [...command.argv];
  const at = argv.lastIndexOf('--region');
  if (command.region) {
    expect(argv.slice(at)).toEqual(['--region', command.region]);
    argv.splice(at, 2);
  } else expect(at).toBe(-1);
  return { names: argv.filter((arg) => arg.startsWith('--')), rest: argv };
}

describe('generated commands against the documented parameters', () => {
  it('covers every operation in the table, and the table names every operation used', () => {
    const used = new Set(commands.map(({ command }) => `${command.tool} ${command.operation}`));
    expect([...used].filter((operation) => !DOCUMENTED_OPERATIONS[operation])).toEqual([]);
    // An operation no fix uses any more has no place in the table.
    expect(Object.keys(DOCUMENTED_OPERATIONS).filter((operation) => !used.has(operation))).toEqual([]);
  });

  for (const { name, command } of commands) {
    it(`${name}: ${command.tool} ${command.operation}`, () => {
      const documented = DOCUMENTED_OPERATIONS[`${command.tool} ${command.operation}`]!;
      const set = Object.keys(command.parameters);
      expect(set.filter((parameter) => !documented.parameters.includes(parameter))).toEqual([]);
      expect(documented.required.filter((parameter) => !set.includes(parameter))).toEqual([]);
      const { names, rest } = argvOptions(command);
      const [tool, ...words] = rest;
      expect(tool).toBe(command.tool);
      if (documented.route) {
        // ROA: METHOD, the path with its parameters filled, and the body fields as JSON.
        const [product, method, path, ...options] = words;
        expect(product).toBe(command.operation.split(' ')[0]);
        expect(method).toBe(documented.route.method);
        const pattern = new RegExp(`^${documented.route.path.replace(/\{\w+\}/g, '[^/]+')}$`);
        expect(path).toMatch(pattern);
        for (const [, parameter] of documented.route.path.matchAll(/\{(\w+)\}/g))
          expect(path).toContain(encodeURIComponent(String(command.parameters[parameter!])));
        const body = options[0] === '--body' ? (JSON.parse(options[1]!) as Record<string, unknown>) : {};
        expect(options.length).toBe(options[0] === '--body' ? 2 : 0);
        const pathParameters = [...documented.route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
        expect(Object.keys(body).sort()).toEqual(set.filter((parameter) => !pathParameters.includes(parameter)).sort());
        return;
      }
      const operationWords = command.operation.split(' ');
      expect(words.slice(0, operationWords.length)).toEqual(operationWords);
      // Each option in argv is one of the recorded parameters (aliyun RPC options are `--Name`), once.
      const expected = Object.keys(command.parameters).map((parameter) =>
        command.tool === 'aliyun' ? `--${parameter}` : parameter,
      );
      expect(names).toEqual(expected);
      const values = words.slice(operationWords.length);
      const pairs = Object.entries(command.parameters).flatMap(([parameter, value]) => [
        command.tool === 'aliyun' ? `--${parameter}` : parameter,
        ...(value === true ? [] : [value]),
      ]);
      expect(values).toEqual(pairs);
    });
  }
});
