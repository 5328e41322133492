// One escaping layer per sink. Everything a scanned server sent, and everything read back from an
// input file (a report.json, a Terraform plan, the history), is untrusted text; each sink applies
// its own function below, once, where text leaves exposcan:
//   terminal           terminalText / stripControl / terminalJson (cli.ts, on everything it prints)
//   Markdown           escapeMarkdown (markdown.ts)
//   HTML, JUnit, CSV   dropControl, then the format's own quoting (html.ts, junit.ts, csv.ts)

/**
 * Bidirectional controls (U+061C, U+200E/F, U+202A–E, U+2066–9): they reorder what a reader
 * sees (Trojan Source), so a place or a banner could display as something it is not.
 */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** C0 (all of it), DEL, C1 (U+0080–U+009F: 8-bit CSI and OSC among them), the Unicode line separators, bidi controls. */
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI}]`, 'g');
/** The same, but for files: tab, LF and CR are left to each format's own quoting. */
const FILE_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI}]`, 'g');
/** What JSON.stringify leaves raw that a terminal could still act on. */
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI}]`, 'g');

/** Terminal, one line: no escape sequence, line break or bidi control a server sent reaches the user's terminal. */
export function stripControl(text: string): string {
  return text.replace(TERMINAL_UNSAFE, ' ');
}

/** Terminal, several lines (what the CLI prints): each line as stripControl; only exposcan's own line breaks stay. */
export function terminalText(text: string): string {
  return text.split('\n').map(stripControl).join('\n');
}

/** --json output for a terminal or a pipe: still the same JSON, with C1 and bidi controls written as \u escapes. */
export function terminalJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** Files (CSV, HTML, JUnit, Markdown): NUL, other C0 controls but tab/LF/CR, DEL, C1 and bidi controls are dropped. */
export function dropControl(text: string): string {
  return text.replace(FILE_UNSAFE, '');
}

/**
 * Markdown: one line of plain text whatever it holds. Markup, links, images, raw HTML, table pipes
 * and what would open a block at the start of a list item (-, =, 1.) are backslash-escaped; GFM autolinks (http://, www., user@host, mailto: and xmpp:) are
 * broken by escaping the character that triggers them (a colon after a letter, the dot after www,
 * every @), so a server's URL is shown, never made clickable.
 */
export function escapeMarkdown(text: string): string {
  return (
    dropControl(text)
      .replace(/\s+/g, ' ')
      // Trimmed: leading spaces would start indented code or a nested list after "- ", trailing ones a hard break.
      .trim()
      .replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`)
      // What starts a block when the value starts a list item or heading: "- ", "=", "1. ", "1) ".
      .replace(/^([-=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/&/g, '&amp;')
      .replace(/(?<=[A-Za-z])[:]/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/@/g, '\\@')
  );
}

/** Markdown code span for identifiers exposcan itself makes (rule ids, finding ids); anything else is escaped text. */
export function markdownCode(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}

/** An autolink for a reference, only when it is a plain http(s) URL; anything else is escaped text. */
export function markdownLink(url: string): string {
  return /^https?:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?$/.test(url) &&
    !/[<>\\`]/.test(url)
    ? `<${url}>`
    : escapeMarkdown(url);
}

/**
 * Machine JSON for other systems (OCSF lines, ASFF): the same JSON value, with C1, bidi controls and
 * U+2028/9 written as \u escapes, so a SIEM console or a `jq` in a terminal shows them as text.
 */
export function machineJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
