// Unit tests of the benchmark's own parts. The nmap XML below is cut from a real run of nmap 7.93
// against the bench lab (only the elements the parser reads, values as nmap wrote them). The lab
// listeners are purpose-built synthetic servers on loopback, checked against a tiny echo backend.
// Run: npx vitest run --config bench/vitest.config.ts
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExposcanFinding, ExposcanService } from './exposcan.js';
import type { LabEndpoint } from './lab.js';
import { startRelay, startTarpit, type LabListener } from './lab-servers.js';
import { parseNmapXml } from './nmap.js';
import { parityRows, productFamily } from './parity.js';

const NMAP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap">
<host starttime="1" endtime="2"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="127.1.0.1" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="6379"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="redis" product="Redis key-value store" version="7.0.15" extrainfo="64 bits" method="probed" conf="10"><cpe>cpe:/a:redis:redis:7.0.15</cpe></service><script id="redis-info" output="&#xa;  Version: 7.0.15&#xa;  Architecture: 64 bits"><elem key="Version">7.0.15</elem>
</script></port>
<port protocol="tcp" portid="8080"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http-proxy" servicefp="SF-Port8080-TCP:V=7.93%r(GetRequest,10,&quot;HTTP/1\\.1&quot;)" method="table" conf="3"/><script id="http-title" output="Grafana"><elem key="title">Grafana</elem>
</script><script id="fingerprint-strings" output="&#xa;  GetRequest: &#xa;    HTTP/1.1 200 OK"></script></port>
<port protocol="tcp" portid="9200"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="wap-wsp" method="table" conf="3"/></port>
<port protocol="tcp" portid="3306"><state state="closed" reason="reset" reason_ttl="64"/><service name="mysql" method="table" conf="3"/></port>
</ports></host>
</nmaprun>`;

describe('parseNmapXml', () => {
  it('reads state, service, product, version, method and script output per port', () => {
    const ports = parseNmapXml(NMAP_XML);
    expect(ports.map((port) => `${port.host}:${port.port} ${port.state}`)).toEqual([
      '127.1.0.1:6379 open',
      '127.1.0.1:8080 open',
      '127.1.0.1:9200 open',
      '127.1.0.1:3306 closed',
    ]);
    expect(ports[0]).toMatchObject({
      service: 'redis',
      product: 'Redis key-value store',
      version: '7.0.15',
      method: 'probed',
    });
    expect(ports[0]!.scripts['redis-info']).toBe('\n  Version: 7.0.15\n  Architecture: 64 bits');
  });

  it("leaves out nmap's fingerprint dump, which is not a script the bench ran", () => {
    const grafana = parseNmapXml(NMAP_XML)[1]!;
    expect(Object.keys(grafana.scripts)).toEqual(['http-title']);
    expect(grafana.method).toBe('table');
  });
});

describe('productFamily', () => {
  it('maps both tools’ spellings to one family, consoles before the database they are named after', () => {
    expect(productFamily('Redis key-value store')).toBe('redis');
    expect(productFamily('redis')).toBe('redis');
    expect(productFamily('Redis Commander: Home')).toBe('redis-commander');
    expect(productFamily('Home - Mongo Express')).toBe('mongo-express');
    expect(productFamily('MySQL 5.5.5-10.11.19-MariaDB')).toBe('mysql');
    expect(productFamily('TornadoServer/6.4.1')).toBeUndefined();
  });
});

describe('parityRows', () => {
  const lab: LabEndpoint[] = [
    { host: '127.1.0.1', port: 6379, role: 'real', label: 'Redis' },
    { host: '127.1.0.1', port: 8080, role: 'emulator', label: 'Grafana' },
    { host: '127.1.0.1', port: 9200, role: 'emulator', label: 'Elasticsearch' },
  ];
  const nmap = parseNmapXml(NMAP_XML);
  const redisFinding: ExposcanFinding = {
    ruleId: 'redis-unauthenticated',
    severity: 'critical',
    product: 'redis',
    target: { host: '127.1.0.1', port: 6379 },
  };

  it('is ok where exposcan named every product nmap named, and counts what only exposcan named', () => {
    const services: ExposcanService[] = [
      { host: '127.1.0.1', port: 6379, protocol: 'redis', product: 'redis', version: '7.0.15' },
      { host: '127.1.0.1', port: 8080, protocol: 'http', product: 'grafana' },
      { host: '127.1.0.1', port: 9200, protocol: 'http', product: 'elasticsearch' },
    ];
    const rows = parityRows(lab, nmap, services, [redisFinding]);
    expect(rows.map((row) => row.verdict)).toEqual(['ok', 'ok', 'ok']);
    // nmap only guessed 9200 from its port table: that is not a detection, so exposcan found more.
    expect(rows.map((row) => row.nmapIdentified)).toEqual([true, true, false]);
    expect(rows[2]!.exposcanMore).toBe(true);
    expect(rows[0]!.exposcanFindings).toEqual(['redis-unauthenticated (critical)']);
  });

  it('reports a miss when exposcan did not name the product nmap named, even from a page title', () => {
    const services: ExposcanService[] = [
      { host: '127.1.0.1', port: 6379, protocol: 'redis', product: 'redis' },
      { host: '127.1.0.1', port: 8080, protocol: 'http' },
    ];
    const rows = parityRows(lab, nmap, services, [redisFinding]);
    expect(rows[1]).toMatchObject({ verdict: 'missed', missed: 'product grafana not named' });
    // nmap saw 9200 open: an endpoint exposcan does not even list is a miss too.
    expect(rows[2]).toMatchObject({ verdict: 'missed', missed: 'open port not listed' });
  });

  it('reports a miss when an nmap script read data without credentials and exposcan has no finding', () => {
    const rows = parityRows(
      lab.slice(0, 1),
      nmap,
      [{ host: '127.1.0.1', port: 6379, protocol: 'redis', product: 'redis' }],
      [],
    );
    expect(rows[0]).toMatchObject({ verdict: 'missed', missed: 'no finding where redis-info read data' });
  });
});

describe('lab listeners', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((listener) => listener.close()));
  });

  async function echoBackend(): Promise<number> {
    const server = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    return (server.address() as net.AddressInfo).port;
  }

  function exchange(listener: LabListener, text: string, waitMs: number): Promise<{ reply: string; ms: number }> {
    return new Promise((resolve) => {
      const started = performance.now();
      const socket = net.connect({ host: listener.host, port: listener.port });
      let reply = '';
      const done = () => {
        socket.destroy();
        resolve({ reply, ms: performance.now() - started });
      };
      const timer = setTimeout(done, waitMs);
      socket.on('connect', () => socket.write(text));
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString();
        if (reply === text) {
          clearTimeout(timer);
          done();
        }
      });
      socket.on('error', done);
    });
  }

  it('a relay passes bytes both ways; a slow relay holds the reply back', async () => {
    const backend = { host: '127.0.0.1', port: await echoBackend() };
    const fast = await startRelay('127.1.250.1', 0, backend);
    const slow = await startRelay('127.1.250.2', 0, backend, 300);
    open.push(fast, slow);
    expect((await exchange(fast, 'ping', 5_000)).reply).toBe('ping');
    const delayed = await exchange(slow, 'ping', 5_000);
    expect(delayed.reply).toBe('ping');
    expect(delayed.ms).toBeGreaterThanOrEqual(290);
    expect(fast.accepted()).toBe(1);
  });

  it('a tarpit accepts and never answers', async () => {
    const tarpit = await startTarpit('127.1.250.3', 0);
    open.push(tarpit);
    const { reply } = await exchange(tarpit, 'GET / HTTP/1.0\r\n\r\n', 500);
    expect(reply).toBe('');
    expect(tarpit.accepted()).toBe(1);
  });

  it('refuses to bind or relay anywhere but loopback', async () => {
    await expect(startTarpit('0.0.0.0', 0)).rejects.toThrow(/loopback only/);
    await expect(startRelay('127.1.250.4', 0, { host: '192.0.2.1', port: 80 })).rejects.toThrow(/loopback only/);
  });
});
