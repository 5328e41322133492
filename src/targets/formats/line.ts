// The contract every targets-file format implements (index.ts picks one), and the two helpers
// the tool formats share. A leaf: the formats import it, and index.ts imports the formats.

/** What one line gave: target texts (possibly none), or an error about the line. */
export type LineResult = readonly string[] | { readonly error: string };

export interface LineReader {
  line(text: string): LineResult;
  /** At the end of the file: an error when the file ended where it must not (a truncated XML). */
  end(): string | undefined;
}

/** A host and port as a host:port target text (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A port number from a tool's output: a whole number from 1 to 65535, or undefined. */
export function portOf(value: unknown): number | undefined {
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}
