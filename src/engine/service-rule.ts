// Most exposure rules say the same thing about a different product: "this service answers
// without credentials" or "this management UI's login page is public". This builds such a rule
// from its metadata and the few lines that differ, so a rule file stays a literal.
import { productServices, type Service } from '../fingerprints/service.js';
import type { Protocol } from '../probes/observation.js';
import { defineRule, type EndpointRule, type FindingDraft, type RuleMeta } from './rule.js';
import type { Confidence, Evidence, ExposureContext } from './types.js';

/** A rule spec for the services of product(s) `P`, whose details its callbacks read typed. */
export interface ServiceRuleSpec<P extends string = string> {
  readonly meta: RuleMeta;
  readonly protocols: readonly Protocol[] | 'any';
  /** The product the rule reports (one of meta.products), or several implementations of one API (Docker's, podman's). */
  readonly product: P | readonly P[];
  /**
   * Which access state is the finding: `open` (data or admin actions without credentials) or
   * `login-page` (a management UI shows its login page: reachable, still asking for credentials),
   * or `metadata-only` (the data asks for credentials, metadata about it is served without).
   */
  readonly when: 'open' | 'metadata-only' | 'login-page';
  readonly confidence?: Confidence | ((service: Service<P>) => Confidence);
  /** One sentence; `{service}` becomes the product and version seen ("kibana 7.0.0"). */
  readonly message: string | ((service: Service<P>) => string);
  readonly evidence?: (service: Service<P>) => Evidence;
  readonly exposure?: (service: Service<P>) => ExposureContext | undefined;
}

/** Services seen on the endpoint that this spec reports (the engine hands rules only services proven by two signals). */
function matching<P extends string>(services: readonly Service[], spec: ServiceRuleSpec<P>): Service<P>[] {
  const products: readonly P[] = typeof spec.product === 'string' ? [spec.product] : (spec.product as readonly P[]);
  return productServices(services, ...products).filter((service) => {
    if (spec.when === 'login-page')
      return service.access === 'auth-required' && (service as Service).details?.loginPage === true;
    return service.access === spec.when;
  });
}

export function serviceRule<P extends string>(spec: ServiceRuleSpec<P>): EndpointRule {
  return defineRule({
    meta: spec.meta,
    protocols: spec.protocols,
    check(evidence) {
      return matching(evidence.services, spec).map((service): FindingDraft => {
        const exposure = spec.exposure?.(service);
        return {
          product: service.product,
          ...(service.version ? { version: service.version } : {}),
          message:
            typeof spec.message === 'function'
              ? spec.message(service)
              : spec.message.replace('{service}', productName(service)),
          confidence:
            typeof spec.confidence === 'function' ? spec.confidence(service) : (spec.confidence ?? 'confirmed'),
          evidence: { ...(spec.evidence?.(service) ?? {}), signals: service.signals },
          ...(exposure ? { exposure } : {}),
        };
      });
    },
  });
}

/** "Kibana 7.0.0" or "Kibana" when no version was seen. */
export function productName(service: Pick<Service, 'product' | 'version'>): string {
  return service.version ? `${service.product} ${service.version}` : service.product;
}
