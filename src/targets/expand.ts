// Targets → endpoints, lazily: a range yields one endpoint at a time, so a /16 costs one
// iterator, not 65,536 objects. Duplicate targets are dropped by their normalised text.
import type { Endpoint } from '../engine/types.js';
import { fromBigInt } from './address.js';
import type { Target } from './target.js';

export function dedupeTargets(targets: readonly Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = target.kind === 'range' ? `${target.version}:${target.first}/${target.size}` : `${target.kind}:${target.text.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function endpointCount(targets: readonly Target[], ports: readonly number[]): number {
  let total = 0n;
  for (const target of targets) {
    if (target.kind === 'url' || target.kind === 'host-port') total += 1n;
    else if (target.kind === 'host') total += BigInt(ports.length);
    else total += target.size * BigInt(ports.length);
  }
  return Number(total);
}

export function* expandTargets(targets: readonly Target[], ports: readonly number[]): Generator<Endpoint> {
  for (const target of targets) {
    switch (target.kind) {
      case 'url':
        yield { host: target.host, port: target.port, url: { scheme: target.scheme, basePath: target.basePath } };
        break;
      case 'host-port':
        yield { host: target.host, port: target.port };
        break;
      case 'host':
        for (const port of ports) yield { host: target.host, port };
        break;
      case 'range':
        for (let offset = 0n; offset < target.size; offset++) {
          const host = fromBigInt(target.first + offset, target.version);
          for (const port of ports) yield { host, port };
        }
        break;
    }
  }
}
