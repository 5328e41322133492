// naabu -json (-jsonl): one JSON object a line, as naabu writes it (v2/pkg/runner/output.go):
//   {"host":"example.com","ip":"192.0.2.1","timestamp":"…","port":443,"protocol":"tcp","tls":false}
// "host" only when the name differs from the address. Every line is an open port. The address is
// what naabu found open, so it is the target (a name would be resolved again, maybe elsewhere).
import { hostPort, portOf, type LineReader, type LineResult } from './line.js';

export function naabuJson(): LineReader {
  return {
    line(text: string): LineResult {
      const line = text.trim();
      if (line === '') return [];
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        return { error: 'not a JSON object' };
      }
      const { ip, host, port, protocol } = (record ?? {}) as {
        ip?: unknown;
        host?: unknown;
        port?: unknown;
        protocol?: unknown;
      };
      const address =
        typeof ip === 'string' && ip !== '' ? ip : typeof host === 'string' && host !== '' ? host : undefined;
      const number = portOf(port);
      if (address === undefined || number === undefined)
        return { error: 'an object without "ip" (or "host") and "port"' };
      return protocol === undefined || protocol === 'tcp' ? [hostPort(address, number)] : [];
    },
    end: () => undefined,
  };
}
