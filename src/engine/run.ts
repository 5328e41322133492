// One scan: endpoints are pulled lazily from the targets by a fixed pool of workers, each endpoint
// is identified once, its evidence is handed to every rule that reads that protocol, and what it
// produced (services, findings) is appended to a sink as soon as it finishes: the spool file in
// the --out folder for the CLI (src/scan/spool.ts), memory for library callers. Nothing here
// grows with the target list: closed endpoints leave only counters, and completion is a low
// watermark plus the few indices finished above it. The report is built from the sink at the end.
import { setMaxListeners } from 'node:events';
import net from 'node:net';
import pLimit from 'p-limit';
import { HTTP_FINGERPRINTS, serviceReaders } from '../fingerprints/index.js';
import type { Service } from '../fingerprints/service.js';
import type { ImpliedEndpoint, Inventory } from '../cloud/inventory.js';
import { buildFindings, endpointKey, placeOfEvidence, type EndpointDraft } from '../findings/build.js';
import type { Finding } from '../findings/finding.js';
import type { ResourceDraft } from '../findings/build.js';
import { rank } from '../findings/rank.js';
import { redactDraft, redactText } from '../findings/redact.js';
import { capStrings } from '../probes/caps.js';
import { createHttpAgent } from '../probes/http.js';
import { PinnedNames } from '../probes/pinned-names.js';
import type { Protocol } from '../probes/observation.js';
import { WIRE_PROBES } from '../probes/wire/index.js';
import { identify, type EndpointOutcome } from './identify.js';
import { isEndpointRule, isResourceRule, type EndpointEvidence, type Rule } from './rule.js';
import { deepFreeze, judgeByRule, judgeInventory } from './judge.js';
import { Conn } from '../probes/conn.js';
import { DEFAULT_CONNECT_RETRIES, discover, idleClock } from './discover.js';
import { HostSilence } from './host-silence.js';
import { AbortableWaits } from './waits.js';
import { interleave } from './order.js';
import { DEFAULT_RTT_BOUNDS, RttEstimator } from './rtt.js';
import { Scheduler } from './scheduler.js';
import { SliceStop, Slices } from './slices.js';
import type { Endpoint, ProbeFailure } from './types.js';
import type { ScanOutcome, ServiceRecord } from './outcome.js';
import { CompletionLedger } from '../scan/checkpoint.js';
import type { ScanJournal } from '../scan/journal.js';
import { inShard, type Shard } from '../scan/shard.js';
import { TargetReach } from '../scan/reach.js';
import { MemorySink, type ResultSink, type SpoolRecord } from '../scan/spool.js';

export interface ScanSettings {
  /** Endpoints in identification at once (probes with the probe timeout, on endpoints that accepted). */
  readonly concurrency: number;
  /** Connection attempts in flight during discovery (default: `concurrency`). */
  readonly connectConcurrency?: number;
  /** SYNs retried at most per endpoint while nothing answers (default 2). */
  readonly connectRetries?: number;
  readonly perHost: number;
  readonly rate: number;
  readonly timeoutMs: number;
  readonly greetingMs?: number;
  readonly maxBodyBytes?: number;
  /** Try documented default credentials (read-only requests); off by default. */
  readonly credentialChecks?: boolean;
  /** CPU time reading one endpoint's answers may take (src/engine/slices.ts); the probe timeout unless set. */
  readonly judgeBudgetMs?: number;
}

/** What the engine is doing now: written by runScan, read by whoever samples it. */
export interface ScanMeter {
  /** Endpoints in discovery (holding a worker, possibly queued behind their host's limit). */
  discovering: number;
  /** SYNs sent so far, retries included. */
  attempts: number;
  /** The handshake deadline given to the latest SYN. */
  deadlineMs: number;
  /** Endpoints being identified (they accepted). */
  identifying: number;
}

export interface ScanHooks {
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** After each endpoint: endpoints done, and the open endpoints and findings so far (for progress). */
  readonly onEndpoint?: (done: number, so: { readonly open: number; readonly findings: number }) => void;
  /** Each endpoint's discovery as it ends: how many SYNs it took (the bench's profile counts them). */
  readonly onDiscovered?: (discovery: {
    readonly open: boolean;
    readonly attempts: number;
    readonly failure?: ProbeFailure;
  }) => void;
  /** Live counters the engine keeps up to date, for a caller that samples them (bench --wan --profile). */
  readonly meter?: ScanMeter;
  /**
   * The findings of each endpoint as soon as it is done (--jsonl); findings on endpoints a cloud
   * resource implies, and the cloud findings, once the scan ends (they are folded together then).
   */
  readonly onFindings?: (findings: readonly Finding[]) => void;
  /** Cloud resources to judge; the endpoints they imply are probed in the same scan. */
  readonly inventory?: Inventory;
  /** Spool and checkpoint in the --out folder (the CLI); possibly continuing an earlier run. Without it results stay in memory. */
  readonly journal?: ScanJournal;
  /** Probe only this shard's endpoints (--shard i/n). */
  readonly shard?: Shard;
}

export async function runScan(
  endpoints: Iterable<Endpoint>,
  rules: readonly Rule[],
  settings: ScanSettings,
  hooks: ScanHooks = {},
): Promise<ScanOutcome> {
  const now = hooks.now ?? (() => new Date());
  // A resumed scan started when its first run did: rules judge dates against it, so both runs judge alike.
  const startedAt = hooks.journal?.restored?.startedAt ?? now();
  const signal = hooks.signal ?? new AbortController().signal;
  // Every probe in flight listens on the one scan-wide signal (a few per endpoint): expected,
  // not a leak, so Node's warning past 10 listeners is raised to well above what the pool holds.
  const connectConcurrency = Math.max(1, settings.connectConcurrency ?? settings.concurrency);
  setMaxListeners(Math.max(10, (settings.concurrency + connectConcurrency) * 16), signal);
  const endpointRules = rules.filter(isEndpointRule);
  const everyProtocol: Protocol[] = ['http', ...WIRE_PROBES.map((probe) => probe.protocol)];
  const protocols = new Set<Protocol>(
    endpointRules.flatMap((rule) => (rule.protocols === 'any' ? everyProtocol : rule.protocols)),
  );
  const ctx = { now: startedAt };

  // Cloud resources first (pure and fast): what they imply is probed with the targets.
  const resourceDrafts = judgeInventory(hooks.inventory, rules.filter(isResourceRule), ctx);
  const implied = resourceDrafts.flatMap(({ draft }) => draft.impliedEndpoints ?? []);
  // Only drafts on these endpoints are needed after the scan (to fold them into cloud findings);
  // every other endpoint's drafts become findings at once and go to the sink.
  const impliedKeys = new Set(implied.map((endpoint) => endpointKey({ host: endpoint.host, port: endpoint.port })));
  const journal = hooks.journal;
  const sink: ResultSink = journal?.sink ?? new MemorySink();
  const ledger = journal?.ledger ?? new CompletionLedger();
  const restored = journal?.restored?.counters;
  const failures: Partial<Record<ProbeFailure, number>> = { ...restored?.failures };
  let total = restored?.endpoints ?? 0;
  let open = restored?.open ?? 0;
  let identified = restored?.identified ?? 0;
  let interrupted = false;
  let findingsSoFar = 0;
  const reach = new TargetReach(restored?.targets);
  journal?.begin([...impliedKeys], startedAt, () => ({
    endpoints: total,
    open,
    identified,
    failures: { ...failures },
    targets: reach.snapshot(),
  }));
  const products = new Set(rules.flatMap((rule) => rule.meta.products));
  const pins = new PinnedNames();
  const agent = createHttpAgent(settings.timeoutMs, pins.lookup);
  const options = {
    timeoutMs: settings.timeoutMs,
    greetingMs: settings.greetingMs ?? Math.min(500, Math.max(100, settings.timeoutMs / 10)),
    maxBodyBytes: settings.maxBodyBytes ?? 1024 * 1024,
    signal,
    protocols,
    fingerprints: HTTP_FINGERPRINTS.filter((fingerprint) =>
      fingerprint.products.some((product) => products.has(product)),
    ),
    credentialProducts: new Set(
      settings.credentialChecks
        ? endpointRules.filter((rule) => rule.meta.triesDefaultCredentials).flatMap((rule) => rule.meta.products)
        : [],
    ),
    proceedProtocols: new Set<Protocol>(
      endpointRules.flatMap((rule) => (rule.protocols === 'any' ? [] : rule.protocols)),
    ),
    scheduler: new Scheduler({ perHost: settings.perHost, rate: settings.rate }),
    agent,
    pins,
  };

  // Probed in an interleaved order (order.ts), so no host's per-host limit holds the queue.
  const iterator = numbered(interleave(withImplied(endpoints, implied)))[Symbol.iterator]();
  /** The next endpoint to probe: endpoints already done (--resume) or of another shard are passed over without a connection. */
  const pull = (): { index: number; endpoint: Endpoint } | undefined => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return undefined;
      const { index, endpoint } = next.value;
      if (ledger.isDone(index)) continue;
      if (!inShard(endpoint, hooks.shard)) {
        // Another shard's: "done" for this one, so the watermark keeps moving.
        ledger.markDone(index);
        continue;
      }
      return next.value;
    }
  };
  // Two stages. Discovery: `connectConcurrency` workers pull endpoints in order and try a TCP
  // handshake with the adaptive deadline (discover.ts). Identification: endpoints that accepted
  // are identified, at most `concurrency` at once, with the probe timeout. A worker waits for
  // identification only when its queue is full, so memory stays bounded whatever discovery finds.
  const estimator = new RttEstimator({
    minMs: Math.min(DEFAULT_RTT_BOUNDS.minMs, settings.timeoutMs),
    maxMs: Math.min(DEFAULT_RTT_BOUNDS.maxMs, settings.timeoutMs),
    initialMs: Math.min(DEFAULT_RTT_BOUNDS.initialMs, settings.timeoutMs),
  });
  const retries = settings.connectRetries ?? DEFAULT_CONNECT_RETRIES;
  // Fewer retries for hosts that never answer (host-silence.ts); one abort listener for every
  // discovery wait (waits.ts); round trips on the loop's idle clock (discover.ts).
  const silence = new HostSilence();
  const waits = new AbortableWaits(signal);
  const meter = hooks.meter;
  const rateSlot = () => options.scheduler.rateSlot();
  const identifying = pLimit(Math.max(1, settings.concurrency));
  const identifications = new Set<Promise<void>>();
  const identifyOne = async (index: number, endpoint: Endpoint, accepted: Conn) => {
    if (meter) meter.identifying++;
    const outcome = await identify(endpoint, options, accepted).finally(() => {
      if (meter) meter.identifying--;
    });
    if (signal.aborted && outcome.state !== 'identified') {
      // Abandoned mid-probe: this endpoint was not really checked (and is not marked done).
      interrupted = true;
      return;
    }
    // What the endpoint sent is read in slices, the event loop served between them.
    const judged = await judgeEndpoint(index, endpoint, outcome);
    if (judged === 'aborted') {
      interrupted = true;
      return;
    }
    finish(index, endpoint, outcome, judged);
    hooks.onEndpoint?.(total, { open, findings: findingsSoFar });
  };
  const worker = async () => {
    for (;;) {
      const next = pull();
      if (!next) return;
      if (signal.aborted) {
        // Endpoints were left unprobed: only then is the scan partial.
        interrupted = true;
        return;
      }
      const { index, endpoint } = next;
      // The connection discovery accepted is handed to identification (see Conn.attempt).
      const ip = net.isIP(endpoint.host) !== 0;
      if (meter) meter.discovering++;
      const found = await options.scheduler.withHost(endpoint.host, () =>
        discover<Conn>({
          open: (onAnswer) => {
            if (meter) {
              meter.attempts++;
              meter.deadlineMs = estimator.timeoutMs;
            }
            return Conn.attempt(endpoint.host, endpoint.port, onAnswer, signal);
          },
          wait: waits.wait,
          roundTripClock: idleClock,
          estimator,
          retries: ip ? () => silence.retriesFor(endpoint.host, retries) : () => retries,
          // A host name's handshake includes its DNS lookup: not a round trip.
          sampleRtt: ip,
          beforeAttempt: rateSlot,
          signal,
        }),
      );
      if (meter) meter.discovering--;
      // Only addresses are remembered (a name may move), and an interrupted try says nothing.
      if (ip && !(found.kind === 'closed' && found.failure === 'aborted')) {
        silence.note(endpoint.host, found.kind === 'open' || found.answered);
      }
      hooks.onDiscovered?.(
        found.kind === 'open'
          ? { open: true, attempts: found.attempts }
          : { open: false, attempts: found.attempts, failure: found.failure },
      );
      if (found.kind === 'closed') {
        if (signal.aborted) {
          interrupted = true;
          return;
        }
        finish(index, endpoint, { state: 'closed', failure: found.failure }, undefined);
        hooks.onEndpoint?.(total, { open, findings: findingsSoFar });
        continue;
      }
      const handed: Conn = found.conn;
      const job: Promise<void> = identifying(() => identifyOne(index, endpoint, handed)).finally(() =>
        identifications.delete(job),
      );
      identifications.add(job);
      // Backpressure: with a full identification queue, this worker waits for its own endpoint.
      if (identifying.pendingCount >= settings.concurrency) await job;
    }
  };

  /**
   * Fingerprints, rules and the spool record for one endpoint, in slices (src/engine/slices.ts):
   * `overran` when its CPU budget (the probe timeout) ran out, `aborted` when the scan was
   * interrupted meanwhile. Nothing is counted or written here.
   */
  async function judgeEndpoint(
    index: number,
    endpoint: Endpoint,
    outcome: EndpointOutcome,
  ): Promise<SpoolRecord | undefined | 'overran' | 'aborted'> {
    const slices = new Slices(settings.judgeBudgetMs ?? settings.timeoutMs, signal);
    try {
      const services: ServiceRecord[] = [];
      const drafts: EndpointDraft[] = [];
      if (outcome.state === 'unidentified') {
        // Open but not recognised: worth listing (an auditor asks "what else listens?"), never a finding.
        services.push({
          host: endpoint.host,
          port: endpoint.port,
          protocol: 'unknown',
          tls: outcome.tls,
          ...(outcome.banner ? { banner: redactText(outcome.banner) } : {}),
        });
      }
      if (outcome.state === 'identified') {
        // Server text is cut to its caps before any rule or redaction reads it (src/probes/caps.ts);
        // HTTP bodies keep their own byte cap, and the services read from them are cut as they are read.
        const observation =
          outcome.observation.protocol === 'http' ? outcome.observation : capStrings(outcome.observation);
        const found: Service[] = [];
        for (const read of serviceReaders(observation)) {
          await slices.between();
          const service = read();
          if (service) found.push(service);
        }
        const evidence = deepFreeze({
          endpoint,
          ...(outcome.address ? { address: outcome.address } : {}),
          tls: outcome.tls,
          observation,
          services: found,
        });
        services.push(...servicesOfEvidence(endpoint, evidence));
        for (const rule of endpointRules) {
          if (rule.protocols !== 'any' && !rule.protocols.includes(observation.protocol)) continue;
          await slices.between();
          for (const draft of judgeByRule(rule, evidence, ctx))
            drafts.push({ rule, place: placeOfEvidence(evidence), draft });
        }
      }
      await slices.between();
      const record =
        services.length > 0 || drafts.length > 0
          ? spoolRecord(index, endpoint, services, drafts, impliedKeys)
          : undefined;
      slices.finish();
      return record;
    } catch (error) {
      if (error instanceof SliceStop) return error.reason;
      throw error;
    }
  }

  /** Counts the outcome, appends what it produced, marks it done: synchronous, so a checkpoint never sees half of it. */
  function finish(
    index: number,
    endpoint: Endpoint,
    outcome: EndpointOutcome,
    judged: SpoolRecord | undefined | 'overran',
  ) {
    total++;
    if (outcome.state !== 'closed') open++;
    // An endpoint whose answers took longer to read than its budget counts as a failure, never as identified.
    const failure = judged === 'overran' ? 'overran' : outcome.state === 'identified' ? undefined : outcome.failure;
    if (outcome.state === 'identified' && !failure) identified++;
    if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
    reach.note(endpoint.target, outcome.state === 'closed' ? outcome.failure : undefined, endpoint.lone === true);
    if (judged !== undefined && judged !== 'overran') {
      findingsSoFar += judged.findings?.length ?? 0;
      sink.append(judged);
      if (judged.findings) hooks.onFindings?.(judged.findings);
    }
    ledger.markDone(index);
  }

  try {
    await Promise.all(Array.from({ length: connectConcurrency }, worker));
    while (identifications.size > 0) await Promise.all(identifications);
  } finally {
    await agent.close().catch(() => undefined);
    waits.stop();
    journal?.stop();
  }

  const { services, findings, folded } = readBack(sink.records(), endpointRules, resourceDrafts);
  if (folded.length > 0) hooks.onFindings?.(folded);
  return {
    startedAt,
    finishedAt: now(),
    // An endpoint given up for overrunning its budget was not really checked: the scan is partial
    // (read from the counters, so a resumed scan says so too).
    partial: interrupted || (failures.overran ?? 0) > 0,
    stats: { endpoints: total, open, identified, failures, findings: findings.length },
    services,
    findings,
    // Gap messages are the providers' error texts: redacted like everything else a server sent.
    coverage: (hooks.inventory?.gaps ?? []).map((gap) => ({ ...gap, message: redactText(gap.message) })),
    unreached: reach.unreached(),
    reached: reach.reached(),
  };
}

function servicesOfEvidence(endpoint: Endpoint, evidence: EndpointEvidence): ServiceRecord[] {
  const base = { host: endpoint.host, port: endpoint.port, protocol: evidence.observation.protocol, tls: evidence.tls };
  if (evidence.services.length === 0) return [base];
  return evidence.services.map((service) => ({
    ...base,
    product: redactText(service.product),
    ...(service.version ? { version: redactText(service.version) } : {}),
    access: service.access,
  }));
}

/**
 * One endpoint's line. Its drafts become findings here, the honeypot override applied within
 * the endpoint (it only ever concerns one endpoint), except on endpoints a cloud resource
 * implies: those drafts are kept as data, to be folded into the cloud findings at the end.
 */
function spoolRecord(
  index: number,
  endpoint: Endpoint,
  services: ServiceRecord[],
  drafts: EndpointDraft[],
  impliedKeys: ReadonlySet<string>,
): SpoolRecord {
  const keepDrafts = impliedKeys.has(endpointKey({ host: endpoint.host, port: endpoint.port }));
  const findings = keepDrafts ? [] : buildFindings(drafts);
  return {
    i: index,
    ...(services.length > 0 ? { services } : {}),
    ...(findings.length > 0 ? { findings } : {}),
    ...(keepDrafts && drafts.length > 0
      ? { drafts: drafts.map(({ rule, place, draft }) => ({ ruleId: rule.meta.id, place, draft: redactDraft(draft) })) }
      : {}),
  };
}

/** The sink's records → sorted services and ranked findings (cloud findings folded with the live ones on their endpoints). */
function readBack(
  records: Iterable<SpoolRecord>,
  endpointRules: readonly Rule[],
  resourceDrafts: readonly ResourceDraft[],
) {
  const ruleById = new Map(endpointRules.map((rule) => [rule.meta.id, rule]));
  const services: ServiceRecord[] = [];
  const byId = new Map<string, Finding>();
  const impliedDrafts: EndpointDraft[] = [];
  for (const record of records) {
    if (record.services) services.push(...record.services);
    // An endpoint named twice (a host and its host:port) gives the same ids: one finding each.
    for (const finding of record.findings ?? []) byId.set(finding.id, finding);
    for (const { ruleId, place, draft } of record.drafts ?? []) {
      const rule = ruleById.get(ruleId);
      if (rule) impliedDrafts.push({ rule, place, draft });
    }
  }
  const folded = buildFindings(impliedDrafts, resourceDrafts);
  for (const finding of folded) byId.set(finding.id, finding);
  // Endpoints finish in any order; the report does not.
  services.sort(
    (a, b) => a.host.localeCompare(b.host) || a.port - b.port || (a.product ?? '').localeCompare(b.product ?? ''),
  );
  return { services, findings: rank([...byId.values()]), folded };
}

/** Each endpoint with its position in the probing order: the checkpoint's numbering. */
function* numbered(endpoints: Iterable<Endpoint>): Generator<{ index: number; endpoint: Endpoint }> {
  let index = 0;
  for (const endpoint of endpoints) yield { index: index++, endpoint };
}

/** The targets, then each endpoint a cloud resource implies that the targets did not already name. */
function* withImplied(endpoints: Iterable<Endpoint>, implied: readonly ImpliedEndpoint[]): Generator<Endpoint> {
  const pending = new Map(implied.map((endpoint) => [endpointKey(endpoint), endpoint]));
  for (const endpoint of endpoints) {
    pending.delete(endpointKey({ host: endpoint.host, port: endpoint.port }));
    yield endpoint;
  }
  // An HTTPS listener is spoken to in TLS first, with its name as SNI, as a browser would.
  for (const endpoint of pending.values())
    yield {
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.tls ? { url: { scheme: 'https' as const, basePath: '/' } } : {}),
    };
}
