// Everything a scanned server sent is untrusted text. Renderers pass it through these.

/** Markdown: neutralise markup, links, HTML and table pipes; keep it on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;');
}

/** Terminal: no escape sequences from a server may reach the user's terminal. */
export function stripControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
