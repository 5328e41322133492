import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'mqtt-anonymous',
    title: 'MQTT broker accepts anonymous clients',
    severity: 'high',
    products: ['mqtt'],
    tags: ['mqtt', 'iot', 'message-broker', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'The MQTT broker accepted an MQTT 3.1.1 CONNECT that carried no user name and no password (CONNACK return code 0). Anyone who ' +
      'reaches it can subscribe to `#` and read every message the devices and services behind it exchange, and publish commands to them. ' +
      'A broker that answers return code 4 (bad user name or password) or 5 (not authorized) requires credentials: not this finding.',
    remediation:
      'Turn anonymous access off (Mosquitto 2.x: `allow_anonymous false`, the default, with a `password_file` or an auth plugin), give each ' +
      'client its own credentials and an ACL, use TLS (port 8883), and keep port 1883 off the internet.',
    references: [
      'https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html',
      'https://mosquitto.org/documentation/authentication-methods/',
    ],
    defaultPorts: [1883],
  },
  protocols: ['mqtt'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'mqtt' || observation.access !== 'open' || observation.returnCode !== 0) return [];
    return [
      {
        product: 'mqtt',
        message: observation.websocket
          ? `The MQTT broker accepted a CONNECT over a WebSocket (${observation.websocket.path}) without user name or password (CONNACK return code 0).`
          : 'The MQTT broker accepted a CONNECT without user name or password (CONNACK return code 0).',
        confidence: 'confirmed',
        evidence: {
          request: observation.websocket
            ? `CONNECT (MQTT 3.1.1 over a WebSocket on ${observation.websocket.path}, clean session, no credentials)`
            : 'CONNECT (MQTT 3.1.1, clean session, no credentials)',
          ...(observation.websocket ? { websocketPath: observation.websocket.path } : {}),
          returnCode: observation.returnCode,
          sessionPresent: observation.sessionPresent,
          signals: observation.signals,
        },
      },
    ];
  },
});
