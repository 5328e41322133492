// The machine a result was measured on, printed with every result: a figure without its machine
// (and how busy it was) means little.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machineLines(extra: readonly string[] = []): string[] {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  let debian = 'unknown';
  try {
    debian = readFileSync('/etc/debian_version', 'utf8').trim();
  } catch {
    // not Debian
  }
  return [
    `CPU: ${cpu}, ${os.cpus().length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `OS: Debian ${debian}, Linux ${os.release()}; Node ${process.version}`,
    `load average at start: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
    ...extra,
  ];
}
