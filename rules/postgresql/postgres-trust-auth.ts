import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'postgres-trust-auth',
    title: 'PostgreSQL accepts the postgres superuser without a password (trust authentication)',
    severity: 'critical',
    products: ['postgresql'],
    tags: ['postgresql', 'database', 'unauth'],
    cwe: ['CWE-306', 'CWE-287'],
    description:
      'A startup message for user `postgres` was answered with AuthenticationOk: pg_hba.conf has a `trust` line covering this client, so ' +
      'anyone who reaches the port is the database superuser, able to read every database and, through COPY … PROGRAM, run commands on the ' +
      'host. exposcan sends only the startup message and a Terminate; a password, md5 or SCRAM challenge is not this finding.',
    remediation:
      'Replace `trust` with `scram-sha-256` in pg_hba.conf for every host line, set a password for the postgres role, reload the server, ' +
      'and keep port 5432 off public addresses (listen_addresses, firewall).',
    references: [
      'https://www.postgresql.org/docs/current/auth-trust.html',
      'https://www.postgresql.org/docs/current/auth-pg-hba-conf.html',
    ],
    defaultPorts: [5432],
  },
  protocols: ['postgresql'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'postgresql' || observation.auth !== 'trust') return [];
    // 28000 after AuthenticationOk: trust is configured but the role does not exist, so nobody got in as postgres.
    if (observation.error?.code === '28000') return [];
    return [
      {
        product: 'postgresql',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `PostgreSQL ${observation.version ?? ''} let user '${observation.user}' in without a password.`.replace(
            '  ',
            ' ',
          ),
        confidence: 'confirmed',
        evidence: {
          user: observation.user,
          database: observation.database,
          authentication: 'AuthenticationOk (trust)',
          // hostssl: plain text was refused for want of encryption, and the startup succeeded inside TLS.
          overTls: observation.sslRequest === true,
          // e.g. the database did not exist: authentication still succeeded before that error.
          errorAfterAuthentication: observation.error ? `${observation.error.code} ${observation.error.message}` : null,
        },
      },
    ];
  },
});
