// One scan: endpoints are pulled lazily from the targets by a fixed pool of workers (so memory
// does not grow with the target list), each endpoint is identified once, its evidence is handed
// to every rule that reads that protocol, and the drafts become scored, ranked findings.
import { HTTP_FINGERPRINTS, servicesOf } from '../fingerprints/index.js';
import type { CoverageGap, ImpliedEndpoint, Inventory } from '../cloud/inventory.js';
import { buildFindings, endpointKey, placeOfEvidence, type EndpointDraft, type ResourceDraft } from '../findings/build.js';
import type { Finding } from '../findings/finding.js';
import { rank } from '../findings/rank.js';
import { redactText } from '../findings/redact.js';
import { createHttpAgent } from '../probes/http.js';
import type { Protocol } from '../probes/observation.js';
import { WIRE_PROBES } from '../probes/wire/index.js';
import { identify, type EndpointOutcome } from './identify.js';
import { isEndpointRule, isResourceRule, type EndpointEvidence, type ResourceRule, type Rule } from './rule.js';
import { deepFreeze, judgeInventory } from './judge.js';
import { Scheduler } from './scheduler.js';
import type { Endpoint, ProbeFailure } from './types.js';

export interface ScanSettings {
  readonly concurrency: number;
  readonly perHost: number;
  readonly rate: number;
  readonly timeoutMs: number;
  readonly greetingMs?: number;
  readonly maxBodyBytes?: number;
  /** Try documented default credentials (read-only requests); off by default. */
  readonly credentialChecks?: boolean;
}

export interface ServiceRecord {
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
  readonly tls: boolean;
  readonly product?: string;
  readonly version?: string;
  readonly access?: string;
  /** What an unrecognised server said first, printable and redacted. */
  readonly banner?: string;
}

export interface ScanStats {
  readonly endpoints: number;
  readonly open: number;
  readonly identified: number;
  readonly failures: Readonly<Partial<Record<ProbeFailure, number>>>;
  readonly findings: number;
}

export interface ScanOutcome {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** True when the scan was interrupted before every endpoint was probed. */
  readonly partial: boolean;
  readonly stats: ScanStats;
  readonly services: readonly ServiceRecord[];
  readonly findings: readonly Finding[];
  /** Cloud reads that could not be made: never a pass. */
  readonly coverage: readonly CoverageGap[];
}

export interface ScanHooks {
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly onEndpoint?: (done: number) => void;
  /** Cloud resources to judge; the endpoints they imply are probed in the same scan. */
  readonly inventory?: Inventory;
}

export async function runScan(endpoints: Iterable<Endpoint>, rules: readonly Rule[], settings: ScanSettings, hooks: ScanHooks = {}): Promise<ScanOutcome> {
  const now = hooks.now ?? (() => new Date());
  const startedAt = now();
  const signal = hooks.signal ?? new AbortController().signal;
  const endpointRules = rules.filter(isEndpointRule);
  const everyProtocol: Protocol[] = ['http', ...WIRE_PROBES.map((probe) => probe.protocol)];
  const protocols = new Set<Protocol>(endpointRules.flatMap((rule) => (rule.protocols === 'any' ? everyProtocol : rule.protocols)));
  const ctx = { now: startedAt };

  // Cloud resources first (pure and fast): what they imply is probed with the targets.
  const resourceDrafts = judgeInventory(hooks.inventory, rules.filter(isResourceRule), ctx);
  const products = new Set(rules.flatMap((rule) => rule.meta.products));
  const agent = createHttpAgent(settings.timeoutMs);
  const options = {
    timeoutMs: settings.timeoutMs,
    greetingMs: settings.greetingMs ?? Math.min(500, Math.max(100, settings.timeoutMs / 10)),
    maxBodyBytes: settings.maxBodyBytes ?? 1024 * 1024,
    signal,
    protocols,
    fingerprints: HTTP_FINGERPRINTS.filter((fingerprint) => fingerprint.products.some((product) => products.has(product))),
    credentialProducts: new Set(
      settings.credentialChecks ? endpointRules.filter((rule) => rule.meta.id.endsWith('-default-credentials')).flatMap((rule) => rule.meta.products) : [],
    ),
    proceedProtocols: new Set<Protocol>(endpointRules.flatMap((rule) => (rule.protocols === 'any' ? [] : rule.protocols))),
    scheduler: new Scheduler({ perHost: settings.perHost, rate: settings.rate }),
    agent,
  };

  const drafts: EndpointDraft[] = [];
  const services: ServiceRecord[] = [];
  const failures: Partial<Record<ProbeFailure, number>> = {};
  let total = 0;
  let open = 0;
  let identified = 0;
  let interrupted = false;

  const iterator = withImplied(endpoints, resourceDrafts.flatMap(({ draft }) => draft.impliedEndpoints ?? []))[Symbol.iterator]();
  const worker = async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      if (signal.aborted) {
        // Endpoints were left unprobed: only then is the scan partial.
        interrupted = true;
        return;
      }
      const endpoint = next.value;
      const outcome = await identify(endpoint, options);
      if (signal.aborted && outcome.state !== 'identified') {
        // Abandoned mid-probe: this endpoint was not really checked.
        interrupted = true;
        return;
      }
      total++;
      record(endpoint, outcome);
      if (outcome.state === 'identified') {
        const evidence = deepFreeze({
          endpoint,
          ...(outcome.address ? { address: outcome.address } : {}),
          tls: outcome.tls,
          observation: outcome.observation,
          services: servicesOf(outcome.observation),
        });
        recordServices(endpoint, evidence);
        for (const rule of endpointRules) {
          if (rule.protocols !== 'any' && !rule.protocols.includes(outcome.observation.protocol)) continue;
          for (const draft of rule.check(evidence, ctx)) drafts.push({ rule, place: placeOfEvidence(evidence), draft });
        }
      }
      hooks.onEndpoint?.(total);
    }
  };

  function record(endpoint: Endpoint, outcome: EndpointOutcome) {
    if (outcome.state !== 'closed') open++;
    if (outcome.state === 'identified') identified++;
    const failure = outcome.state === 'identified' ? undefined : outcome.failure;
    if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
    if (outcome.state === 'unidentified') {
      // Open but not recognised: worth listing (an auditor asks "what else listens?"), never a finding.
      services.push({ host: endpoint.host, port: endpoint.port, protocol: 'unknown', tls: outcome.tls, ...(outcome.banner ? { banner: redactText(outcome.banner) } : {}) });
    }
  }

  function recordServices(endpoint: Endpoint, evidence: EndpointEvidence) {
    const base = { host: endpoint.host, port: endpoint.port, protocol: evidence.observation.protocol, tls: evidence.tls };
    if (evidence.services.length === 0) services.push(base);
    for (const service of evidence.services) {
      services.push({ ...base, product: redactText(service.product), ...(service.version ? { version: redactText(service.version) } : {}), access: service.access });
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  } finally {
    await agent.close().catch(() => undefined);
  }

  const findings = rank(buildFindings(drafts, resourceDrafts));
  return {
    startedAt,
    finishedAt: now(),
    partial: interrupted,
    stats: { endpoints: total, open, identified, failures, findings: findings.length },
    // Endpoints finish in any order; the report does not.
    services: services.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port || (a.product ?? '').localeCompare(b.product ?? '')),
    findings,
    // Gap messages are the providers' error texts: redacted like everything else a server sent.
    coverage: (hooks.inventory?.gaps ?? []).map((gap) => ({ ...gap, message: redactText(gap.message) })),
  };
}

/** The targets, then each endpoint a cloud resource implies that the targets did not already name. */
function* withImplied(endpoints: Iterable<Endpoint>, implied: readonly ImpliedEndpoint[]): Generator<Endpoint> {
  const pending = new Map(implied.map((endpoint) => [endpointKey(endpoint), endpoint]));
  for (const endpoint of endpoints) {
    pending.delete(endpointKey({ host: endpoint.host, port: endpoint.port }));
    yield endpoint;
  }
  for (const endpoint of pending.values()) yield { host: endpoint.host, port: endpoint.port };
}
