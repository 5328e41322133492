// Plain-text tables for the terminal, in Markdown pipe syntax so they paste into
// docs/performance.md unchanged.

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const lines = [header, header.map(() => '---'), ...rows].map((row, index) =>
    index === 1 ? `| ${row.join(' | ')} |` : `| ${row.map(clean).join(' | ')} |`,
  );
  return lines.join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function megabytes(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}

export function rate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}
