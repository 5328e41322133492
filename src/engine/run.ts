// One scan: endpoints are pulled lazily from the targets by a fixed pool of workers (so memory
// does not grow with the target list), each endpoint is identified once, its evidence is handed
// to every rule that reads that protocol, and the drafts become scored, ranked findings.
import { HTTP_FINGERPRINTS, servicesOf } from '../fingerprints/index.js';
import type { Finding } from '../findings/finding.js';
import { fingerprint } from '../findings/fingerprint.js';
import { rank } from '../findings/rank.js';
import { redactEvidence, redactText } from '../findings/redact.js';
import { score } from '../findings/score.js';
import { createHttpAgent } from '../probes/http.js';
import type { Protocol } from '../probes/observation.js';
import { WIRE_PROBES } from '../probes/wire/index.js';
import { identify, type EndpointOutcome } from './identify.js';
import type { EndpointEvidence, FindingDraft, Rule } from './rule.js';
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
}

export interface ScanHooks {
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly onEndpoint?: (done: number) => void;
}

export async function runScan(endpoints: Iterable<Endpoint>, rules: readonly Rule[], settings: ScanSettings, hooks: ScanHooks = {}): Promise<ScanOutcome> {
  const now = hooks.now ?? (() => new Date());
  const startedAt = now();
  const signal = hooks.signal ?? new AbortController().signal;
  const everyProtocol: Protocol[] = ['http', ...WIRE_PROBES.map((probe) => probe.protocol)];
  const protocols = new Set<Protocol>(rules.flatMap((rule) => (rule.protocols === 'any' ? everyProtocol : rule.protocols)));
  const products = new Set(rules.flatMap((rule) => rule.meta.products));
  const agent = createHttpAgent(settings.timeoutMs);
  const options = {
    timeoutMs: settings.timeoutMs,
    greetingMs: settings.greetingMs ?? Math.min(500, Math.max(100, settings.timeoutMs / 10)),
    maxBodyBytes: settings.maxBodyBytes ?? 1024 * 1024,
    signal,
    protocols,
    fingerprints: HTTP_FINGERPRINTS.filter((fingerprint) => fingerprint.products.some((product) => products.has(product))),
    credentialChecks: settings.credentialChecks ?? false,
    scheduler: new Scheduler({ perHost: settings.perHost, rate: settings.rate }),
    agent,
  };

  const drafts: { rule: Rule; evidence: EndpointEvidence; draft: FindingDraft }[] = [];
  const services: ServiceRecord[] = [];
  const failures: Partial<Record<ProbeFailure, number>> = {};
  let total = 0;
  let open = 0;
  let identified = 0;
  let interrupted = false;

  const iterator = endpoints[Symbol.iterator]();
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
        const ctx = { now: startedAt };
        for (const rule of rules) {
          if (rule.protocols !== 'any' && !rule.protocols.includes(outcome.observation.protocol)) continue;
          for (const draft of rule.check(evidence, ctx)) drafts.push({ rule, evidence, draft });
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

  const findings = rank(buildFindings(drafts));
  return {
    startedAt,
    finishedAt: now(),
    partial: interrupted,
    stats: { endpoints: total, open, identified, failures, findings: findings.length },
    // Endpoints finish in any order; the report does not.
    services: services.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port || (a.product ?? '').localeCompare(b.product ?? '')),
    findings,
  };
}

function buildFindings(all: readonly { rule: Rule; evidence: EndpointEvidence; draft: FindingDraft }[]): Finding[] {
  const overridden = new Set(all.filter(({ rule }) => rule.meta.overridesEndpoint).map(({ evidence }) => endpointKey(evidence.endpoint)));
  const drafts = all.filter(({ rule, evidence }) => rule.meta.overridesEndpoint || !overridden.has(endpointKey(evidence.endpoint)));
  const endOfLife = new Set(drafts.filter(({ rule }) => rule.meta.id === 'software-end-of-life').map(({ evidence }) => endpointKey(evidence.endpoint)));
  const byId = new Map<string, Finding>();
  for (const { rule, evidence, draft } of drafts) {
    const { endpoint } = evidence;
    const id = fingerprint({
      ruleId: rule.meta.id,
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.url ? { path: endpoint.url.basePath } : {}),
      ...(draft.resource ? { resource: draft.resource } : {}),
    });
    const severity = draft.severity ?? rule.meta.severity;
    const scored = score({
      severity,
      confidence: draft.confidence,
      ...(evidence.address ?? endpoint.host ? { address: evidence.address ?? endpoint.host } : {}),
      ...(draft.exposure ? { exposure: draft.exposure } : {}),
      endOfLifeOnEndpoint: rule.meta.id !== 'software-end-of-life' && endOfLife.has(endpointKey(endpoint)),
    });
    byId.set(id, {
      id,
      ruleId: rule.meta.id,
      title: rule.meta.title,
      message: redactText(draft.message),
      severity,
      score: scored.score,
      why: scored.why,
      confidence: draft.confidence,
      product: draft.product,
      ...(draft.version ? { version: redactText(draft.version) } : {}),
      target: {
        host: endpoint.host,
        port: endpoint.port,
        protocol: evidence.observation.protocol,
        tls: evidence.tls,
        ...(evidence.observation.protocol === 'http' ? { url: evidence.observation.baseUrl } : {}),
        ...(evidence.address && evidence.address !== endpoint.host ? { address: evidence.address } : {}),
      },
      evidence: redactEvidence(draft.evidence),
      remediation: rule.meta.remediation,
      references: rule.meta.references,
      cwe: rule.meta.cwe,
    });
  }
  return [...byId.values()];
}

function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.host.toLowerCase()}\u0000${endpoint.port}\u0000${endpoint.url?.basePath ?? ''}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const entry of value.values()) deepFreeze(entry);
    else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
