import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'nats-unauthenticated',
    title: 'NATS server accepts clients without credentials',
    severity: 'high',
    products: ['nats'],
    tags: ['nats', 'message-broker', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The NATS server took a CONNECT that carried no user, password, token or key, and answered the PING after it with PONG. Anyone ' +
      'who reaches it can subscribe to `>` and read every message the services behind it exchange, publish to any subject (requests ' +
      'included), and, with JetStream on, read stored streams. A server whose INFO banner says `auth_required` and that answers ' +
      "`-ERR 'Authorization Violation'` requires credentials: not this finding.",
    remediation:
      'Require authentication (an `authorization` block with users, a token, NKeys, or decentralised JWT accounts), give each ' +
      'service its own user with subject permissions, drop any `no_auth_user` that maps anonymous clients to a real account, use TLS, ' +
      'and keep port 4222 off the internet.',
    references: [
      'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro',
      'https://docs.nats.io/reference/reference-protocols/nats-protocol',
    ],
    defaultPorts: [4222],
  },
  protocols: ['nats'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'nats' || observation.access !== 'open') return [];
    const proven = observation.provenBy === 'connect';
    return [
      {
        product: 'nats',
        ...(observation.version ? { version: observation.version } : {}),
        message: proven
          ? `NATS${observation.version ? ` ${observation.version}` : ''} answered PONG to a CONNECT without credentials${observation.jetstream ? ' (JetStream on)' : ''}.`
          : `NATS${observation.version ? ` ${observation.version}` : ''} announced no auth_required in its INFO banner; the CONNECT that would prove it could not be made.`,
        // Only the banner (a TLS handshake the scanner could not complete): the server's word, not a proof.
        confidence: proven ? 'confirmed' : 'firm',
        evidence: {
          request: proven ? 'CONNECT (no credentials), PING' : 'none after INFO',
          authRequired: observation.authRequired,
          tlsRequired: observation.tlsRequired,
          ...(observation.jetstream !== undefined ? { jetstream: observation.jetstream } : {}),
          ...(observation.protocolVersion !== undefined ? { protocolVersion: observation.protocolVersion } : {}),
          signals: observation.signals,
        },
      },
    ];
  },
});
