// A finding's fix as text for the human formats (Markdown, HTML, SARIF, ASFF, OCSF). The shell
// lines are shown as generated (their quoting is what makes them safe to paste), except a line
// that holds a control or bidirectional character: shown, it could read as another command
// (Trojan Source), and with it dropped it would not be the command; such a line is withheld and
// the reader sent to argv in report.json.
import type { Fix } from '../fix/types.js';

const UNSHOWABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

export const WITHHELD =
  '# withheld: an id in this command holds a control or bidirectional character; take its argv from report.json';

/** The commands as shell lines, in order. */
export function fixCommandLines(fix: Fix): string[] {
  return fix.commands.map((command) => (UNSHOWABLE.test(command.shell) ? WITHHELD : command.shell));
}

/** The Terraform changes as `address (file:line): attribute = to (was from)` lines. */
export function fixTerraformLines(fix: Fix): string[] {
  return (fix.terraform ?? []).map((change) => {
    const where = change.file ? ` (${change.file}${change.line !== undefined ? `:${change.line}` : ''})` : '';
    const from = change.from === undefined ? '' : `  # was ${JSON.stringify(change.from)}`;
    const to = change.to === null ? 'remove it, or narrow it to the clients\u2019 range' : JSON.stringify(change.to);
    const line = `${change.address}${where}: ${change.attribute} = ${to}${from}`;
    return UNSHOWABLE.test(line) ? line.replace(new RegExp(UNSHOWABLE.source, 'g'), '\uFFFD') : line;
  });
}

/** Everything in one block of plain text: summary, commands, Terraform changes. */
export function fixText(fix: Fix): string {
  const terraform = fixTerraformLines(fix);
  return [fix.summary, ...fixCommandLines(fix), ...(terraform.length > 0 ? ['Terraform:', ...terraform] : [])].join(
    '\n',
  );
}
