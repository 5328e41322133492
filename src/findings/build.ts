// Rule drafts → findings: stable ids, redaction, scores, and two cross-finding steps:
// - an endpoint a honeypot rule fired on keeps only that finding;
// - a cloud finding whose implied endpoint a live probe proved open (the whitelist is open AND
//   Kibana answers there) becomes one finding, confidence `confirmed`, with both pieces of
//   evidence, scored above either alone; the live finding is folded into it.
import type { CloudResource, ImpliedEndpoint } from '../cloud/inventory.js';
import {
  isResourceRule,
  type EndpointEvidence,
  type FindingDraft,
  type ResourceFindingDraft,
  type Rule,
} from '../engine/rule.js';
import { fixFor } from '../fix/apply.js';
import { atOrAbove, type Endpoint, type Severity } from '../engine/types.js';
import type { Finding } from './finding.js';
import { endpointFingerprint, resourceFingerprint } from './fingerprint.js';
import { redactEvidence, redactText } from './redact.js';
import { score } from './score.js';

/**
 * Where a live finding stands: all a finding needs of its endpoint's evidence. Drafts keep only
 * this, not the observation (bodies up to the cap), so memory grows with findings, not responses.
 */
export interface EndpointPlace {
  readonly endpoint: Endpoint;
  readonly address?: string;
  readonly tls: boolean;
  readonly protocol: string;
  readonly url?: string;
}

export function placeOfEvidence(evidence: EndpointEvidence): EndpointPlace {
  return {
    endpoint: evidence.endpoint,
    ...(evidence.address ? { address: evidence.address } : {}),
    tls: evidence.tls,
    protocol: evidence.observation.protocol,
    ...(evidence.observation.protocol === 'http' ? { url: evidence.observation.baseUrl } : {}),
  };
}

export interface EndpointDraft {
  readonly rule: Rule;
  readonly place: EndpointPlace;
  readonly draft: FindingDraft;
}

export interface ResourceDraft {
  readonly rule: Rule;
  readonly resource: CloudResource;
  readonly draft: ResourceFindingDraft;
}

export function endpointKey(endpoint: Pick<Endpoint, 'host' | 'port'> & Partial<Pick<Endpoint, 'url'>>): string {
  return `${endpoint.host.toLowerCase()}\u0000${endpoint.port}\u0000${endpoint.url?.basePath ?? ''}`;
}

function impliedKey(implied: ImpliedEndpoint): string {
  return endpointKey({ host: implied.host, port: implied.port });
}

export function buildFindings(
  endpointDrafts: readonly EndpointDraft[],
  resourceDrafts: readonly ResourceDraft[] = [],
): Finding[] {
  const overridden = new Set(
    endpointDrafts.filter(({ rule }) => rule.meta.overridesEndpoint).map(({ place }) => endpointKey(place.endpoint)),
  );
  const live = endpointDrafts.filter(
    ({ rule, place }) => rule.meta.overridesEndpoint || !overridden.has(endpointKey(place.endpoint)),
  );
  const endOfLife = new Set(
    live.filter(({ rule }) => rule.meta.lifecycle === 'end-of-life').map(({ place }) => endpointKey(place.endpoint)),
  );

  const liveFindings = live.map((item) => ({
    item,
    finding: endpointFinding(item, endOfLife.has(endpointKey(item.place.endpoint))),
  }));
  const folded = new Set<string>();
  const cloudFindings = resourceDrafts.map((item) => {
    const proofs = liveFindings.filter(({ item: liveItem, finding }) => proves(item.draft, liveItem, finding));
    for (const proof of proofs) folded.add(proof.finding.id);
    return resourceFinding(
      item,
      proofs.map((proof) => proof.finding),
    );
  });

  const byId = new Map<string, Finding>();
  for (const { finding } of liveFindings) if (!folded.has(finding.id)) byId.set(finding.id, finding);
  for (const finding of cloudFindings) byId.set(finding.id, finding);
  return [...byId.values()];
}

/** A live finding proves a cloud finding when it stands on an endpoint the resource implies, for the product expected there. */
function proves(draft: ResourceFindingDraft, liveItem: EndpointDraft, liveFinding: Finding): boolean {
  if (liveItem.rule.meta.lifecycle || liveItem.rule.meta.overridesEndpoint) return false;
  const key = endpointKey({ host: liveItem.place.endpoint.host, port: liveItem.place.endpoint.port });
  return (draft.impliedEndpoints ?? []).some(
    (implied) => impliedKey(implied) === key && implied.products.includes(liveFinding.product),
  );
}

function endpointFinding({ rule, place, draft }: EndpointDraft, endOfLifeOnEndpoint: boolean): Finding {
  const { endpoint } = place;
  const severity = draft.severity ?? rule.meta.severity;
  const scored = score({
    severity,
    confidence: draft.confidence,
    address: place.address ?? endpoint.host,
    ...(draft.exposure ? { exposure: draft.exposure } : {}),
    endOfLifeOnEndpoint: rule.meta.lifecycle !== 'end-of-life' && endOfLifeOnEndpoint,
  });
  return {
    id: endpointFingerprint({
      ruleId: rule.meta.id,
      host: endpoint.host,
      port: endpoint.port,
      ...(endpoint.url ? { path: endpoint.url.basePath } : {}),
      ...(draft.resource ? { resource: draft.resource } : {}),
    }),
    ...common(rule, draft, severity, scored),
    target: {
      host: endpoint.host,
      port: endpoint.port,
      protocol: place.protocol,
      tls: place.tls,
      ...(place.url ? { url: place.url } : {}),
      ...(place.address && place.address !== endpoint.host ? { address: place.address } : {}),
    },
  };
}

function resourceFinding({ rule, resource, draft }: ResourceDraft, proofs: readonly Finding[]): Finding {
  const confirmed = proofs.length > 0;
  const severity = proofs.reduce<Severity>(
    (worst, proof) => (atOrAbove(proof.severity, worst) ? proof.severity : worst),
    draft.severity ?? rule.meta.severity,
  );
  // The address is what makes it public: the first implied endpoint, if it is an IP.
  const address = draft.impliedEndpoints?.[0]?.host;
  const scored = score({
    severity,
    confidence: confirmed ? 'confirmed' : draft.confidence,
    ...(address ? { address } : {}),
    ...(draft.exposure ? { exposure: draft.exposure } : {}),
    endOfLifeOnEndpoint: false,
    confirmedByProbe: confirmed,
  });
  // A live proof decides what the plan or account could not: the unknown fields no longer matter.
  const { unknownFields: undecided, ...base } = common(rule, draft, severity, scored);
  const fix = isResourceRule(rule) ? fixFor(rule, resource, draft) : undefined;
  return {
    id: resourceFingerprint({
      ruleId: rule.meta.id,
      ref: resource.ref,
      ...(draft.resource ? { resource: draft.resource } : {}),
    }),
    ...base,
    ...(fix ? { fix } : {}),
    confidence: confirmed ? 'confirmed' : draft.confidence,
    ...(!confirmed && undecided ? { unknownFields: undecided } : {}),
    resource: resource.ref,
    ...(confirmed
      ? {
          evidence: {
            ...base.evidence,
            confirmedBy: proofs.map((proof) => `${proof.ruleId} at ${proof.target?.host}:${proof.target?.port}`),
            liveEvidence: proofs.map((proof) => redactText(proof.message)),
          },
          target: proofs[0]!.target,
        }
      : {}),
  };
}

function common(rule: Rule, draft: FindingDraft, severity: Severity, scored: { score: number; why: string }) {
  return {
    ruleId: rule.meta.id,
    title: rule.meta.title,
    message: redactText(draft.message),
    severity,
    score: scored.score,
    why: scored.why,
    confidence: draft.confidence,
    ...(draft.confidence === 'unknown' && draft.unknownFields && draft.unknownFields.length > 0
      ? { unknownFields: [...draft.unknownFields] }
      : {}),
    product: draft.product,
    ...(draft.version ? { version: redactText(draft.version) } : {}),
    evidence: redactEvidence(draft.evidence),
    remediation: rule.meta.remediation,
    references: draft.references ?? rule.meta.references,
    cwe: rule.meta.cwe,
  };
}
