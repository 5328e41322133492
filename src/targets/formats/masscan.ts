// masscan's outputs, as masscan writes them (src/out-text.c, src/out-json.c):
//   -oL   "#masscan", then "open tcp 80 192.0.2.1 1390380064" a line, "# end";
//         --banners adds "banner tcp 80 192.0.2.1 1390380064 http ..." lines (skipped).
//   -oJ   "[", then one record a line, "{   "ip": "192.0.2.1",   "timestamp": "1390380064",
//         "ports": [ {"port": 80, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }",
//         records separated by "," lines (older versions end each record with the comma), "]".
//         Banner records carry "service" instead of "status" (skipped).
// Only open TCP ports become targets.
import { hostPort, portOf, type LineReader, type LineResult } from './line.js';

export function masscanList(): LineReader {
  return {
    line(text: string): LineResult {
      const line = text.trim();
      if (line === '' || line.startsWith('#')) return [];
      const fields = line.split(/\s+/);
      if (fields[0] === 'banner') return [];
      const port = portOf(fields[2]);
      if (fields.length < 4 || fields[0] === undefined || port === undefined || !fields[3])
        return { error: 'expected "open tcp PORT ADDRESS TIMESTAMP"' };
      return fields[0] === 'open' && fields[1] === 'tcp' ? [hostPort(fields[3], port)] : [];
    },
    end: () => undefined,
  };
}

export function masscanJson(): LineReader {
  return {
    line(text: string): LineResult {
      const line = text.trim().replace(/,$/, '');
      if (line === '' || line === '[' || line === ']' || line === ',') return [];
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        return { error: 'not a JSON record' };
      }
      const { ip, ports } = (record ?? {}) as { ip?: unknown; ports?: unknown };
      if (typeof ip !== 'string' || !Array.isArray(ports)) return { error: 'a record without "ip" and "ports"' };
      const targets: string[] = [];
      for (const entry of ports as { port?: unknown; proto?: unknown; status?: unknown }[]) {
        const port = portOf(entry?.port);
        if (port === undefined) return { error: 'a port that is not a number from 1 to 65535' };
        if (entry.status === 'open' && (entry.proto ?? 'tcp') === 'tcp') targets.push(hostPort(ip, port));
      }
      return targets;
    },
    end: () => undefined,
  };
}
