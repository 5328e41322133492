// Finding out what listens on a port, the way nmap -sV does, on a budget:
//   1. connect and listen briefly: servers that speak first (MySQL) name themselves;
//   2. silent: send the likeliest client-first probe for the port (Redis on 6379, PostgreSQL on
//      5432, otherwise one raw `GET /`), on that same connection;
//   3. not answered in kind: the stray reply often names the protocol (Redis `-ERR … 'get'`,
//      PostgreSQL's error packet), so that probe goes next, then the rest, one connection each;
//   4. a TLS alert or a TLS-typical port: the same steps inside TLS.
// A server that stays silent to the first probe costs one timeout and nothing more: silent to a
// stray `GET /` for half of it, the next likeliest probe for a server that keeps quiet on a GET
// (PostgreSQL, for PGlite's socket server) goes out beside it with the other half.
import net from 'node:net';
import type { Agent } from 'undici';
import { requestSpec, type HttpFingerprint, type HttpRequestSpec } from '../fingerprints/service.js';
import { Conn } from '../probes/conn.js';
import { httpGet } from '../probes/http.js';
import type { PinnedNames } from '../probes/pinned-names.js';
import type { HttpObservation, HttpOutcome, HttpResponse } from '../probes/http-observation.js';
import { parseRawResponse, rawGetRequest, responseCutShort } from '../probes/http-raw.js';
import type { Observation, Protocol } from '../probes/observation.js';
import { WIRE_PROBES } from '../probes/wire/index.js';
import type { ClientFirstProbe, ConverseOptions, ProceedOptions, WireProbe } from '../probes/wire/probe.js';
import type { Scheduler } from './scheduler.js';
import type { Endpoint, ProbeFailure } from './types.js';

export interface IdentifyOptions {
  readonly timeoutMs: number;
  /** How long to wait for a server to speak first before sending anything. */
  readonly greetingMs: number;
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal;
  /** Protocols some selected rule reads: probes for any other are never sent. */
  readonly protocols: ReadonlySet<Protocol>;
  /** HTTP products some selected rule reads: only their follow-up paths are fetched. */
  readonly fingerprints: readonly HttpFingerprint[];
  /**
   * Products whose documented default credentials may be tried: empty unless --credential-checks,
   * and then only the products of the selected rules whose meta says `triesDefaultCredentials`.
   */
  readonly credentialProducts: ReadonlySet<string>;
  /**
   * Protocols a selected rule reads by name. A server-first probe goes on past the greeting (the
   * MySQL empty-password login) only for these, never for rules that read `any` protocol.
   */
  readonly proceedProtocols: ReadonlySet<Protocol>;
  readonly scheduler: Scheduler;
  /** Names pinned to the address their endpoint's first connection reached (see pinned-names.ts). */
  readonly pins: PinnedNames;
  readonly agent: Agent;
}

export type EndpointOutcome =
  | { readonly state: 'closed'; readonly failure: ProbeFailure }
  | {
      readonly state: 'unidentified';
      readonly tls: boolean;
      readonly address?: string;
      readonly failure?: ProbeFailure;
      readonly banner?: string;
    }
  | {
      readonly state: 'identified';
      readonly tls: boolean;
      readonly address?: string;
      readonly observation: Observation;
    };

/** Ports where TLS is tried before plain text. */
const TLS_FIRST_PORTS: ReadonlySet<number> = new Set([443, 8443, 9243, 6443, 10250, 5986, 2376]);
const GREETING_BYTES = 4096;
/** All follow-up requests of one endpoint together get this many timeouts. */
const FOLLOW_UP_BUDGET_TIMEOUTS = 3;

type WireCandidate = ClientFirstProbe<Observation> & { readonly protocol: Protocol };
type Candidate = 'http' | WireCandidate;

/** Whether `promise` settles within `ms`; the timer is cleared either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), pending]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `accepted`: the plain connection discovery opened, used as the first plain-text connection so
 * the endpoint sees one session, not two (closed here if identification never needs it).
 */
export function identify(endpoint: Endpoint, options: IdentifyOptions, accepted?: Conn): Promise<EndpointOutcome> {
  // One per-host slot covers every step and connection of this endpoint's identification.
  return options.scheduler.withHost(endpoint.host, () => identifyEndpoint(endpoint, options, accepted));
}

async function identifyEndpoint(
  endpoint: Endpoint,
  options: IdentifyOptions,
  accepted: Conn | undefined,
): Promise<EndpointOutcome> {
  const order = endpoint.url
    ? [endpoint.url.scheme === 'https']
    : TLS_FIRST_PORTS.has(endpoint.port)
      ? [true, false]
      : [false, true];
  const pin = new EndpointPin(endpoint.host, options.pins);
  let handed = accepted;
  const takeHanded = (): Conn | undefined => {
    const conn = handed;
    handed = undefined;
    return conn;
  };
  // Discovery's handshake proved the port open: a TLS handshake that then fails is not "closed".
  const provenAddress = accepted?.remoteAddress;
  try {
    let first: EndpointOutcome | undefined;
    for (const tls of order) {
      const attempt = await identifyOver(endpoint, tls, options, pin, tls ? undefined : takeHanded());
      if (attempt.outcome.state === 'identified') return attempt.outcome;
      // The first answer, unless the first transport found nothing open and the other did.
      if (!first || (first.state === 'closed' && attempt.outcome.state !== 'closed')) first = attempt.outcome;
      if (!attempt.tryOtherTransport || options.signal.aborted) break;
    }
    return accepted ? openAfterAll(first!, order[0]!, provenAddress) : first!;
  } finally {
    takeHanded()?.close();
    pin.release();
  }
}

/**
 * An endpoint whose TCP handshake discovery saw is open, whatever identification then met: a
 * TLS-first port whose handshake timed out (a tarpit on 443) or was reset is open and not
 * identified, never "closed". Only a refusal now means it closed since discovery.
 */
function openAfterAll(outcome: EndpointOutcome, tls: boolean, address: string | undefined): EndpointOutcome {
  if (outcome.state !== 'closed' || outcome.failure === 'refused') return outcome;
  return { state: 'unidentified', tls, ...(address ? { address } : {}), failure: outcome.failure };
}

/**
 * Where this endpoint's connections go: its host as written until one connection succeeds, then
 * (for a host name) the address that connection reached, for every later connection and the
 * HTTP follow-ups, so a DNS answer that changes meanwhile cannot move them elsewhere.
 */
class EndpointPin {
  private address: string | undefined;
  private releaseHold: (() => void) | undefined;

  constructor(
    private readonly host: string,
    private readonly pins: PinnedNames,
  ) {}

  get connectHost(): string {
    return this.address ?? this.host;
  }

  reached(address: string | undefined): void {
    if (this.address !== undefined || address === undefined || net.isIP(this.host) !== 0) return;
    this.address = address;
    this.releaseHold = this.pins.hold(this.host, address);
  }

  release(): void {
    this.releaseHold?.();
  }
}

interface Attempt {
  readonly outcome: EndpointOutcome;
  /** The reply suggests the other transport (a TLS alert to plain text, a failed handshake). */
  readonly tryOtherTransport: boolean;
}

async function identifyOver(
  endpoint: Endpoint,
  tls: boolean,
  options: IdentifyOptions,
  pin: EndpointPin,
  handed: Conn | undefined,
): Promise<Attempt> {
  const open = async () => {
    await options.scheduler.rateSlot();
    return Conn.open({
      host: pin.connectHost,
      port: endpoint.port,
      tls,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      servername: endpoint.host,
    });
  };
  const firstConn = handed ?? (await open());
  // A further connection for a probe that needs one (same host pin, same rate limit).
  const reopen = async (): Promise<Conn | undefined> => {
    if (options.signal.aborted) return undefined;
    const fresh = await open();
    return fresh instanceof Conn ? fresh : undefined;
  };
  if (!(firstConn instanceof Conn)) {
    return {
      outcome: { state: 'closed', failure: firstConn.failure },
      tryOtherTransport: tls && firstConn.failure === 'tls',
    };
  }
  const address = firstConn.remoteAddress;
  pin.reached(address);
  const unidentified = (extra: { failure?: ProbeFailure; banner?: string }): EndpointOutcome => ({
    state: 'unidentified',
    tls,
    ...(address ? { address } : {}),
    ...extra,
  });

  // Step 1: a server that speaks first is heard before anything is sent. URLs are HTTP by definition.
  if (!endpoint.url) {
    const greeting = await firstConn.listen(options.greetingMs, GREETING_BYTES);
    if (greeting.length > 0) {
      try {
        for (const probe of WIRE_PROBES) {
          const recognised = probe.recognizeGreeting?.(greeting);
          if (!recognised) continue;
          let observation: Observation = recognised;
          if ('proceed' in probe && probe.proceed && options.proceedProtocols.has(probe.protocol)) {
            observation = await (
              probe.proceed as (conn: Conn, o: Observation, p: ProceedOptions) => Promise<Observation>
            )(firstConn, observation, { timeoutMs: options.timeoutMs, reconnect: reopen });
          }
          return {
            outcome: { state: 'identified', tls, ...(address ? { address } : {}), observation },
            tryOtherTransport: false,
          };
        }
        return { outcome: unidentified({ banner: printable(greeting) }), tryOtherTransport: false };
      } finally {
        firstConn.close();
      }
    }
  }

  // Steps 2 and 3: client-first probes, likeliest first, each on its own connection.
  const queue = candidatesFor(endpoint, options.protocols);
  let conn: Conn | undefined = firstConn;
  let lastFailure: ProbeFailure | undefined;
  let sawTlsHint = false;
  while (queue.length > 0 && !options.signal.aborted) {
    const candidate = queue.shift()!;
    if (!conn) {
      const fresh = await open();
      if (!(fresh instanceof Conn))
        return { outcome: unidentified({ failure: fresh.failure }), tryOtherTransport: false };
      conn = fresh;
    }
    try {
      if (candidate === 'http') {
        const sentAt = Date.now();
        const exchange = conn.exchange(
          rawGetRequest(hostHeader(endpoint), endpoint.url?.basePath ?? '/'),
          (bytes, ended) => parseRawResponse(bytes, ended, options.maxBodyBytes),
          {
            timeoutMs: options.timeoutMs,
            maxBytes: options.maxBodyBytes + 64 * 1024,
          },
        );
        const next = endpoint.url
          ? undefined
          : queue.find((waiting): waiting is WireCandidate => waiting !== 'http' && waiting.silentToStrayGet === true);
        if (next && !(await settlesWithin(exchange, options.timeoutMs / 2)) && conn.silentSoFar) {
          // Not one byte in half the timeout: the next likeliest probe for a server that keeps
          // quiet on a GET goes out beside it, on a connection of its own, with the other half.
          // The GET stays open meanwhile: a slow HTTP server still answers it.
          queue.splice(queue.indexOf(next), 1);
          const deadline = sentAt + options.timeoutMs;
          const probeOptions = {
            host: hostHeader(endpoint),
            reconnect: reopen,
            credentialProducts: options.credentialProducts,
          };
          const beside = await besideSilence(next, deadline, open, probeOptions, options.signal);
          const identified = (observation: Observation): Attempt => ({
            outcome: { state: 'identified', tls, ...(address ? { address } : {}), observation },
            tryOtherTransport: false,
          });
          if (beside.observation) return identified(beside.observation);
          if (beside.turnedAway && conn.silentSoFar) {
            // Turned away (a bare hang-up, or busy) while our silent GET was held: a server that
            // admits one client at a time (PGlite's socket server, maxConnections 1). The GET is given up,
            // its close waited for (PGlite counts it until it has seen it), and the probe tried
            // once more in what is left of the same timeout.
            const closing = conn;
            conn = undefined;
            await closing.closeGracefully(Math.max(0, deadline - Date.now()) / 2);
            const again = await besideSilence(next, deadline, open, probeOptions, options.signal);
            if (again.observation) return identified(again.observation);
            return { outcome: unidentified({ failure: 'timeout' }), tryOtherTransport: false };
          }
        }
        const reply = await exchange;
        // Headers in, body still coming when the deadline came: an HTTP answer all the same.
        const response =
          reply.kind === 'matched'
            ? reply.value
            : reply.kind === 'failure' && reply.failure === 'timeout'
              ? responseCutShort(reply.received, options.maxBodyBytes)
              : undefined;
        if (response) {
          conn.close();
          conn = undefined;
          if (!tls && looksLikePlainToTls(response)) {
            sawTlsHint = true;
            continue;
          }
          // Some wire servers answer a stray GET in HTTP, naming their own protocol (ClickHouse's
          // native port: "Port 9000 is for clickhouse-client program"): that probe goes next.
          if (promoteRecognisers(queue, reply.received)) continue;
          const observation = await followUp(endpoint, tls, response, options);
          return {
            outcome: { state: 'identified', tls, ...(address ? { address } : {}), observation },
            tryOtherTransport: false,
          };
        }
        if (reply.kind === 'failure' && reply.failure === 'timeout' && reply.received.length === 0) {
          return { outcome: unidentified({ failure: 'timeout' }), tryOtherTransport: false };
        }
        if (isTlsAlert(reply.received)) sawTlsHint = true;
        if (reply.kind === 'failure') lastFailure = reply.failure;
        promoteRecognisers(queue, reply.received);
      } else {
        const outcome = await candidate.converse(conn, {
          timeoutMs: options.timeoutMs,
          host: hostHeader(endpoint),
          reconnect: reopen,
          credentialProducts: options.credentialProducts,
        });
        if (outcome.kind === 'identified') {
          return {
            outcome: { state: 'identified', tls, ...(address ? { address } : {}), observation: outcome.observation },
            tryOtherTransport: false,
          };
        }
        if (outcome.kind === 'failure') {
          // Silence to a well-formed probe: this endpoint will be silent to the others too.
          if (outcome.failure === 'timeout')
            return { outcome: unidentified({ failure: 'timeout' }), tryOtherTransport: false };
          lastFailure = outcome.failure;
        }
      }
    } finally {
      conn?.close();
      conn = undefined;
    }
  }
  const outcome = unidentified(lastFailure ? { failure: lastFailure } : {});
  // Every plain-text probe was hung up on or answered with a TLS alert: try the handshake.
  return { outcome, tryOtherTransport: !tls && (sawTlsHint || lastFailure === 'closed' || lastFailure === 'reset') };
}

/**
 * The probe that follows a silent GET, on a fresh connection, until `deadline`: the observation
 * if it identified the server; `turnedAway` if the server hung up on it without a word or said
 * it was busy (the probe's failure `refused`).
 */
async function besideSilence(
  probe: WireCandidate,
  deadline: number,
  open: () => Promise<Conn | { failure: ProbeFailure }>,
  probeOptions: Omit<ConverseOptions, 'timeoutMs'>,
  signal: AbortSignal,
): Promise<{ readonly observation?: Observation; readonly turnedAway?: true }> {
  if (deadline - Date.now() <= 0 || signal.aborted) return {};
  const conn = await open();
  if (!(conn instanceof Conn)) return conn.failure === 'reset' || conn.failure === 'closed' ? { turnedAway: true } : {};
  try {
    const outcome = await probe.converse(conn, { ...probeOptions, timeoutMs: Math.max(1, deadline - Date.now()) });
    if (outcome.kind === 'identified') return { observation: outcome.observation };
    return conn.hungUpSilently || (outcome.kind === 'failure' && outcome.failure === 'refused')
      ? { turnedAway: true }
      : {};
  } finally {
    conn.close();
  }
}

function candidatesFor(endpoint: Endpoint, protocols: ReadonlySet<Protocol>): Candidate[] {
  if (endpoint.url) return protocols.has('http') ? ['http'] : [];
  const wire = WIRE_PROBES.filter(
    (probe): probe is WireProbe & { speaksFirst: false } => !probe.speaksFirst && protocols.has(probe.protocol),
  ) as Candidate[];
  const hinted = wire.filter((probe) => probe !== 'http' && probe.hintPorts.includes(endpoint.port));
  const rest = wire.filter((probe) => !hinted.includes(probe));
  return [...hinted, ...(protocols.has('http') ? (['http'] as const) : []), ...rest];
}

/** Moves the probes that recognise a stray reply to the front of the queue; says whether any did. */
function promoteRecognisers(queue: Candidate[], reply: Buffer): boolean {
  if (reply.length === 0) return false;
  // Optional: a probe whose server answers "GET " with nothing telling has no recogniser.
  const recognised = queue.filter(
    (candidate) => candidate !== 'http' && candidate.recognizeStrayReply?.(reply) === true,
  );
  for (const candidate of recognised.reverse()) {
    queue.splice(queue.indexOf(candidate), 1);
    queue.unshift(candidate);
  }
  return recognised.length > 0;
}

async function followUp(
  endpoint: Endpoint,
  tls: boolean,
  root: HttpResponse,
  options: IdentifyOptions,
): Promise<HttpObservation> {
  const baseUrl = `${tls ? 'https' : 'http'}://${hostHeader(endpoint)}${endpoint.url?.basePath ?? '/'}`;
  const suggested = options.fingerprints.filter(
    (fingerprint) => fingerprint.suggestedBy(root) || (!endpoint.url && fingerprint.hintPorts?.includes(endpoint.port)),
  );
  const responses = new Map<string, HttpOutcome>();
  // One budget for all of this endpoint's follow-ups, not a timeout each: a root claiming twenty
  // products whose thirty paths all stall (test/hostile) would otherwise hold the scan thirty
  // timeouts. A real product answers its few paths well within it.
  const deadline = Date.now() + FOLLOW_UP_BUDGET_TIMEOUTS * options.timeoutMs;
  const fetchOnce = async (request: HttpRequestSpec & { readonly key: string }): Promise<void> => {
    // Several fingerprints may ask for one path: it is fetched once and shared.
    if (options.signal.aborted || responses.has(request.key)) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      // Not asked: the endpoint spent its time; said as a timeout, never as an answer.
      responses.set(request.key, { ok: false, failure: 'timeout' });
      return;
    }
    const url = baseUrl + request.path.replace(/^\//, '');
    await options.scheduler.rateSlot();
    responses.set(
      request.key,
      await httpGet(options.agent, url, {
        timeoutMs: Math.min(options.timeoutMs, left),
        maxBodyBytes: options.maxBodyBytes,
        signal: options.signal,
        ...(request.headers ? { headers: request.headers } : {}),
        // A POST only where the API's reads are POSTs (etcd's v3 gateway serves its read-only
        // Range RPC as `POST /v3/kv/range`); GET otherwise. No spec here ever writes.
        ...(request.method === 'POST'
          ? { method: 'POST' as const, ...(request.body !== undefined ? { body: request.body } : {}) }
          : {}),
      }),
    );
  };
  // A root that names no product but has the shape some products answer with (a bare JSON or
  // Go-style 404): one pilot request each, and that product's requests only if the pilot's answer
  // suggests it. This is how the Docker API is found off 2375/2376 without sending /version and
  // /info to every Go server on the internet.
  const piloted: HttpFingerprint[] = [];
  for (const fingerprint of options.fingerprints) {
    const pilot = fingerprint.pilot;
    if (!pilot || suggested.includes(fingerprint) || !pilot.when(root)) continue;
    await fetchOnce({ path: pilot.path, key: pilot.path });
    const answer = responses.get(pilot.path);
    if (answer?.ok && fingerprint.suggestedBy(answer.response)) piloted.push(fingerprint);
  }
  const wanted = [...suggested, ...piloted].flatMap((fingerprint) => {
    const credentialsAllowed = fingerprint.products.some((product) => options.credentialProducts.has(product));
    return fingerprint.requests.map(requestSpec).filter((request) => credentialsAllowed || !request.credentialCheck);
  });
  for (const request of wanted) await fetchOnce(request);
  return { protocol: 'http', tls, baseUrl, root, responses };
}

function hostHeader(endpoint: Endpoint): string {
  const host = net.isIPv6(endpoint.host) ? `[${endpoint.host}]` : endpoint.host;
  return `${host}:${endpoint.port}`;
}

function isTlsAlert(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x15 && bytes[1] === 0x03;
}

function looksLikePlainToTls(response: HttpResponse): boolean {
  return (
    response.status === 400 &&
    /plain HTTP request was sent to HTTPS port|speak plain HTTP to an SSL|Client sent an HTTP request to an HTTPS server/i.test(
      response.body,
    )
  );
}

/** A banner fit for a report: printable ASCII only, short. */
function printable(bytes: Buffer): string {
  return bytes
    .subarray(0, 160)
    .toString('latin1')
    .replace(/[^\x20-\x7e]+/g, '.')
    .trim();
}
