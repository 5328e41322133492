// POSIX sh quoting for generated commands. Ids come from cloud APIs and Terraform plans, so they
// are hostile input: every argument that is not plainly safe is put in single quotes, inside which
// sh interprets nothing ($, `, \, ", newlines and spaces stay literal); a single quote itself is
// closed, escaped and reopened ('\''). A NUL cannot be in an argument at all: such a command is
// refused rather than changed.

/** Characters that never need quoting in sh (no expansion, no word splitting, no globbing). */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argument no shell can pass (it holds a NUL): the command is left out, never altered. */
export class UnquotableArgument extends Error {}

export function quoteArgument(argument: string): string {
  if (argument.includes('\u0000'))
    throw new UnquotableArgument('an argument holds a NUL character: no shell can pass it');
  if (PLAIN.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** argv as one line a POSIX shell splits back into exactly argv. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(quoteArgument).join(' ');
}
