// nmap's machine-readable outputs, as nmap 7.93 writes them (recorded in
// test/fixtures/targets/nmap-7.93.xml and .gnmap, from a real scan of 127.0.0.1):
//   -oX   <host …><status …/> then <address addr="127.0.0.1" addrtype="ipv4"/> on its own line,
//         then one line a port: <port protocol="tcp" portid="47801"><state state="open" …/>…</port>,
//         and </nmaprun> as the last line (missing when nmap was interrupted).
//   -oG   "# Nmap …" comments, "Host: 127.0.0.1 ()\tStatus: Up", and
//         "Host: 127.0.0.1 ()\tPorts: 47801/open/tcp/////, 47803/closed/tcp/////\tIgnored State: …".
// Only open TCP ports become targets. The XML is read a line at a time, as nmap writes it, not
// as XML in general: exposcan is not an XML parser, and needs none for this.
import { hostPort, portOf, type LineReader, type LineResult } from './line.js';

const ADDRESS = /<address\s+addr="([^"]+)"\s+addrtype="(ipv4|ipv6|mac)"/;
const PORT = /<port\s+protocol="([a-z]+)"\s+portid="(\d+)">\s*<state\s+state="([a-z|]+)"/;

export function nmapXml(): LineReader {
  let address: string | undefined;
  let closed = false;
  let opened = false;
  return {
    line(text: string): LineResult {
      if (text.includes('<nmaprun')) opened = true;
      if (text.includes('</nmaprun>')) closed = true;
      // A new host forgets the last one's address.
      if (text.includes('<host ') || text.includes('<host>')) address = undefined;
      const named = ADDRESS.exec(text);
      if (named && named[2] !== 'mac') address = named[1];
      if (!text.includes('<port ')) return [];
      const port = PORT.exec(text);
      const number = portOf(port?.[2]);
      if (!port || number === undefined)
        return { error: 'a <port> element without protocol, portid and state on its line' };
      if (address === undefined) return { error: "a <port> element before its host's <address>" };
      return port[1] === 'tcp' && port[3] === 'open' ? [hostPort(address, number)] : [];
    },
    end: () =>
      !opened
        ? 'no <nmaprun> element: not nmap -oX output'
        : closed
          ? undefined
          : 'the file ends before </nmaprun> (was nmap interrupted?)',
  };
}

export function nmapGrepable(): LineReader {
  return {
    line(text: string): LineResult {
      const line = text.trim();
      if (line === '' || line.startsWith('#')) return [];
      const host = /^Host: (\S+) \([^)]*\)\t(.*)$/.exec(line);
      if (!host) return { error: 'expected "Host: ADDRESS (NAME)<TAB>…"' };
      const ports = /(?:^|\t)Ports: ([^\t]*)/.exec(host[2]!);
      if (!ports) return [];
      const targets: string[] = [];
      for (const entry of ports[1]!.split(', ')) {
        // port/state/protocol/owner/service/rpc info/version/
        const [portText, state, protocol] = entry.split('/');
        const port = portOf(portText);
        if (port === undefined || state === undefined || protocol === undefined)
          return { error: `a port entry '${entry.slice(0, 40)}' that is not PORT/STATE/PROTOCOL/…` };
        if (state === 'open' && protocol === 'tcp') targets.push(hostPort(host[1]!, port));
      }
      return targets;
    },
    end: () => undefined,
  };
}
