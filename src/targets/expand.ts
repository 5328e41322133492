// Targets → endpoints, lazily: a range yields one endpoint at a time, so a /16 costs one
// iterator, not 65,536 objects. Duplicate targets are dropped by their normalised text.
import type { Endpoint } from '../engine/types.js';
import { fromBigInt } from './address.js';
import type { Target } from './target.js';

/**
 * What makes two targets the same: the parsed host, port, scheme and base path, not the spelling
 * (`http://h/` and `http://h:80/`, `h:080` and `h:80`, `H` and `h` are one target each).
 */
export function identityOf(target: Target): string {
  switch (target.kind) {
    case 'range':
      return `range:${target.version}:${target.first}/${target.size}`;
    case 'url':
      return `url:${target.scheme}://${target.host.toLowerCase()}:${target.port}${target.basePath}`;
    case 'host-port':
      return `host-port:${target.host.toLowerCase()}:${target.port}`;
    case 'host':
      return `host:${target.host.toLowerCase()}`;
  }
}

export function dedupeTargets(targets: readonly Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = identityOf(target);
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

/** Each endpoint carries the position of its target, so a target none of whose endpoints was reached can be named. */
export function* expandTargets(targets: Iterable<Target>, ports: readonly number[]): Generator<Endpoint> {
  let index = -1;
  for (const target of targets) {
    index++;
    switch (target.kind) {
      case 'url':
        yield {
          host: target.host,
          port: target.port,
          url: { scheme: target.scheme, basePath: target.basePath },
          target: index,
          lone: true,
        };
        break;
      case 'host-port':
        yield { host: target.host, port: target.port, target: index, lone: true };
        break;
      case 'host':
        for (const port of ports) yield { host: target.host, port, target: index };
        break;
      case 'range':
        for (let offset = 0n; offset < target.size; offset++) {
          const host = fromBigInt(target.first + offset, target.version);
          for (const port of ports) yield { host, port, target: index };
        }
        break;
    }
  }
}
