// HashiCorp Consul's HTTP API (8500). `GET /` redirects to the UI (`/ui/`) or, with the UI off,
// says "Consul Agent: UI disabled…"; every API response since 1.9 carries
// `X-Consul-Default-Acl-Policy`. Access: `GET /v1/agent/self` (ACL `agent:read`) returns the
// agent's `Config` and its gossip `Member` to a client without a token when ACLs are off or the
// anonymous token may read the agent; with ACLs enforcing, 403 "Permission denied" (or "ACL not
// found" for a token the cluster does not know). The document also holds `DebugConfig`, the full
// runtime configuration: nothing of it is kept, only the version, datacenter and server flag.
import {
  isRecord,
  parseJson,
  responseAt,
  type HttpObservation,
  type HttpResponse,
} from '../probes/http-observation.js';
import type { HttpFingerprint, Service } from './service.js';

export const AGENT_SELF_PATH = '/v1/agent/self';

const ACL_HEADER = 'x-consul-default-acl-policy';

function uiRoot(root: HttpResponse): boolean {
  if (root.status >= 300 && root.status < 400) return /^(https?:\/\/[^/]+)?\/ui\/?$/.test(root.headers.location ?? '');
  return (
    root.status === 200 && (/^Consul Agent\b/.test(root.body) || /<title>Consul by HashiCorp<\/title>/.test(root.body))
  );
}

interface AgentSelf {
  readonly version?: string;
  readonly datacenter: string;
  readonly server?: boolean;
}

/** `/v1/agent/self`: a `Config` naming the datacenter and node, and the agent's gossip `Member`. */
function agentSelfOf(response: HttpResponse | undefined): AgentSelf | undefined {
  if (response?.status !== 200) return undefined;
  const json = parseJson(response);
  if (!isRecord(json) || !isRecord(json.Config) || !isRecord(json.Member)) return undefined;
  const { Config: config, Member: member } = json;
  if (
    typeof config.Datacenter !== 'string' ||
    typeof config.NodeName !== 'string' ||
    typeof member.Name !== 'string' ||
    !isRecord(member.Tags)
  )
    return undefined;
  return {
    datacenter: config.Datacenter,
    ...(typeof config.Version === 'string' && /^\d+\.\d+/.test(config.Version) ? { version: config.Version } : {}),
    ...(typeof config.Server === 'boolean' ? { server: config.Server } : {}),
  };
}

/** Consul's ACL refusal: 403 with its plain-text reason. */
function aclRefusal(response: HttpResponse | undefined): boolean {
  return (
    response?.status === 403 &&
    /^(Permission denied|ACL not found|rpc error making call: (Permission denied|ACL not found))/.test(
      response.body.trim(),
    )
  );
}

declare module './service.js' {
  interface DetailsByProduct {
    consul: {
      readonly datacenter?: string;
      /** The agent is a server (not a client agent). */
      readonly server?: boolean;
      readonly aclDefaultPolicy?: 'allow' | 'deny';
    };
  }
}

export const consulFingerprint: HttpFingerprint<'consul'> = {
  products: ['consul'],
  hintPorts: [8500],
  requests: [AGENT_SELF_PATH],
  suggestedBy: (root) => uiRoot(root) || root.headers[ACL_HEADER] !== undefined,
  identify(observation: HttpObservation): Service<'consul'> | undefined {
    const { root } = observation;
    const self = responseAt(observation, AGENT_SELF_PATH);
    const agent = agentSelfOf(self);
    const refused = aclRefusal(self);
    if (!agent && !refused) return undefined;
    const signals: string[] = [];
    const aclPolicy = self?.headers[ACL_HEADER] ?? root.headers[ACL_HEADER];
    if (aclPolicy !== undefined) signals.push('X-Consul-Default-Acl-Policy header');
    if (uiRoot(root)) signals.push('root answered as a Consul agent (UI redirect or agent banner)');
    // A refusal or a document alone could be anyone's: one Consul signal besides is required.
    if (signals.length === 0) return undefined;
    const policy: { readonly aclDefaultPolicy?: 'allow' | 'deny' } =
      aclPolicy === 'allow' || aclPolicy === 'deny' ? { aclDefaultPolicy: aclPolicy } : {};
    if (agent) {
      signals.push('/v1/agent/self returned the agent’s Config and Member without a token');
      return {
        product: 'consul',
        ...(agent.version ? { version: agent.version } : {}),
        access: 'open',
        signals,
        details: {
          datacenter: agent.datacenter,
          ...(agent.server !== undefined ? { server: agent.server } : {}),
          ...policy,
        },
      };
    }
    signals.push('/v1/agent/self answered 403 with Consul’s ACL refusal');
    return { product: 'consul', access: 'auth-required', signals, details: policy };
  },
};
