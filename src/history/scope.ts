// Whether a report's scan looked where an earlier finding was: the rule ran, and, for a finding on
// an endpoint, the endpoint was one of the scan's (its targets and ports, its shard). A finding a
// later scan did not look for is "not checked", never "fixed". Pure, and conservative: a target
// that does not parse, or a name scanned where the finding has an address, counts as not looked at.
import type { Finding } from '../findings/finding.js';
import type { Report } from '../report/report.js';
import { inShard } from '../scan/shard.js';
import { toBigInt } from '../targets/address.js';
import { parseTarget, type Target } from '../targets/target.js';

export function checkedBy(report: Report): (finding: Finding) => boolean {
  const ran = new Set(report.scan.rules);
  for (const skipped of report.scan.skippedRules ?? []) ran.delete(skipped.rule);
  const targets = report.scan.targets.flatMap((text): Target[] => {
    try {
      return [parseTarget(text)];
    } catch {
      return [];
    }
  });
  const ports = new Set(report.scan.settings.ports);
  const shard = report.scan.shard;
  return (finding) => {
    if (!ran.has(finding.ruleId)) return false;
    // A cloud finding: the rule read the accounts of this scan (a narrower account list is not recorded).
    if (!finding.target) return true;
    const { host, port } = finding.target;
    if (shard && !inShard({ host, port }, shard)) return false;
    return targets.some((target) => covers(target, host, port, ports));
  };
}

function covers(target: Target, host: string, port: number, ports: ReadonlySet<number>): boolean {
  switch (target.kind) {
    case 'url':
    case 'host-port':
      return sameHost(target.host, host) && target.port === port;
    case 'host':
      return sameHost(target.host, host) && ports.has(port);
    case 'range': {
      const address = toBigInt(host);
      return (
        address !== undefined &&
        address.version === target.version &&
        address.value >= target.first &&
        address.value < target.first + target.size &&
        ports.has(port)
      );
    }
  }
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
