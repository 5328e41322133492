// --ports: a comma list of ports and inclusive ranges (`80,443,8000-8100`), as nmap writes them.
import { UsageError } from '../errors.js';

/** The ports in the order given, each once. `flag` names the option in errors. */
export function parsePorts(text: string, flag = '--ports'): number[] {
  const ports = new Set<number>();
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    const range = /^(\d{1,5})-(\d{1,5})$/.exec(trimmed);
    const [from, to] = range
      ? [Number(range[1]), Number(range[2])]
      : /^\d{1,5}$/.test(trimmed)
        ? [Number(trimmed), Number(trimmed)]
        : [Number.NaN, Number.NaN];
    if (!(from >= 1 && to <= 65535))
      throw new UsageError(`${flag}: '${trimmed}' is not a port from 1 to 65535 or a range such as 8000-8100`);
    if (to < from) throw new UsageError(`${flag}: range '${trimmed}' ends before it starts`);
    for (let port = from; port <= to; port++) ports.add(port);
  }
  return [...ports];
}
