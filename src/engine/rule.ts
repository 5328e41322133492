// The rule contract. A rule is metadata as data plus one pure `check`: evidence in, finding
// drafts out. No I/O, no clock but `ctx.now`, no globals. The engine does everything else:
// probing, fingerprinting, scoring, fingerprint ids, redaction.
import type { CloudResource, ImpliedEndpoint, ResourceKind } from '../cloud/inventory.js';
import type { Fix } from '../fix/types.js';
import type { Service } from '../fingerprints/service.js';
import type { Observation, Protocol } from '../probes/observation.js';
import type { Confidence, Endpoint, Evidence, ExposureContext, Severity } from './types.js';

export interface RuleMeta {
  /** `<product>-<failure>`, kebab-case, equal to the file name. */
  readonly id: string;
  /** States the bad condition. */
  readonly title: string;
  /** The verdict; context moves the score, never the severity. */
  readonly severity: Severity;
  /** Lowercase canonical product names this rule can report. */
  readonly products: readonly string[];
  readonly tags: readonly string[];
  readonly cwe: readonly `CWE-${number}`[];
  readonly description: string;
  readonly remediation: string;
  readonly references: readonly `https://${string}`[];
  /** Ports a bare host is probed on for this rule. Options, never part of the id. */
  readonly defaultPorts: readonly number[];
  /**
   * When this rule fires on an endpoint, every other finding there is dropped: it says the
   * endpoint's answers cannot be believed (a honeypot), so they are reported once, as that.
   */
  readonly overridesEndpoint?: true;
  /**
   * The rule judges the software's age, not an exposure: `end-of-life` (its release line is
   * unsupported; raises the score of every other finding on its endpoint) or `known-vulnerable`
   * (a published CVE). Such a finding never proves a cloud finding (it says nothing of reach).
   */
  readonly lifecycle?: 'end-of-life' | 'known-vulnerable';
  /**
   * The fingerprints of its products try documented default credentials (read-only requests).
   * With --credential-checks, those requests are sent only for the products of selected rules
   * that say so; a test checks this against the fingerprints' `credentialCheck` requests.
   */
  readonly triesDefaultCredentials?: true;
}

/** Everything known about one endpoint after probing. Frozen before rules see it. */
export interface EndpointEvidence {
  readonly endpoint: Endpoint;
  /** The address actually connected to (a host name resolves to it). */
  readonly address?: string;
  readonly tls: boolean;
  readonly observation: Observation;
  readonly services: readonly Service[];
}

export interface RuleContext {
  readonly now: Date;
}

export interface FindingDraft {
  readonly product: string;
  readonly version?: string;
  /** One sentence about this endpoint, shown under the title. */
  readonly message: string;
  readonly confidence: Confidence;
  /**
   * With confidence `unknown`: the fields whose values are not known that the verdict hangs on
   * (exposcan's normalised names, as in `resource.terraform.unknownUntilApply`).
   */
  readonly unknownFields?: readonly string[];
  readonly evidence: Evidence;
  readonly exposure?: ExposureContext;
  /**
   * What, on this endpoint, the finding is about when one rule can report several things there
   * (e.g. the product for end of life). Part of the stable id.
   */
  readonly resource?: string;
  /**
   * Where to read about this very finding (a CVE's NVD page and its vendor advisory); the rule's
   * own references otherwise.
   */
  readonly references?: readonly `https://${string}`[];
  /**
   * Only for rules whose verdict is per-item data (a CVE's own severity); every other rule's
   * findings carry the rule's severity.
   */
  readonly severity?: Severity;
}

/** A rule over what a live probe of one endpoint found. */
export interface EndpointRule {
  readonly meta: RuleMeta;
  /**
   * Which probe's evidence the rule reads; the engine skips it for every other protocol. `any`:
   * whatever was found (e.g. end of life reads every version seen), so every probe is worth sending.
   */
  readonly protocols: readonly Protocol[] | 'any';
  check(evidence: EndpointEvidence, ctx: RuleContext): readonly FindingDraft[];
}

export interface ResourceFindingDraft extends FindingDraft {
  /** Where the resource makes something reachable: probed in the same scan to confirm the finding. */
  readonly impliedEndpoints?: readonly ImpliedEndpoint[];
}

/**
 * A rule's exact remediation for one of its findings: from the resource judged and the draft made,
 * the CLI calls (and, for a planned resource, the Terraform change) that close it (src/fix/).
 * `undefined` only when nothing the resource holds can name one.
 */
export type FixGenerator<K extends ResourceKind = ResourceKind> = (
  resource: Extract<CloudResource, { kind: K }>,
  draft: ResourceFindingDraft,
) => Fix | undefined;

/** A rule over one normalised cloud resource (from a live account or a Terraform plan). */
export interface ResourceRule<K extends ResourceKind = ResourceKind> {
  readonly meta: RuleMeta;
  readonly resources: readonly K[];
  checkResource(resource: Extract<CloudResource, { kind: K }>, ctx: RuleContext): readonly ResourceFindingDraft[];
  /**
   * Required: a cloud rule cannot be written without the exact fix for its findings. It is
   * generated, never run; its ids are quoted for sh (src/fix/shell.ts).
   */
  fix: FixGenerator<K>;
}

export type Rule = EndpointRule | ResourceRule;

export function isResourceRule(rule: Rule): rule is ResourceRule {
  return 'resources' in rule;
}

export function isEndpointRule(rule: Rule): rule is EndpointRule {
  return 'protocols' in rule;
}

/**
 * A rule that judges both what a live probe found and cloud resources. None ships today (end of life
 * was one until managed engines stopped being judged by upstream dates); it is named in defineRule's bound so that such a rule's checkResource callback gets its parameter types.
 */
type DualRule = EndpointRule & ResourceRule;

/** Identity at run time; it exists so a rule file is checked against the contract where it is written. */
export function defineRule<R extends EndpointRule | DualRule>(rule: R): R {
  return rule;
}

export function defineResourceRule<K extends ResourceKind>(rule: ResourceRule<K>): ResourceRule {
  return rule as unknown as ResourceRule;
}
