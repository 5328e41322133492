import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'mysql-empty-password',
    title: 'MySQL or MariaDB accepts root or the anonymous account with an empty password',
    severity: 'critical',
    products: ['mysql', 'mariadb'],
    tags: ['mysql', 'mariadb', 'database', 'unauth', 'default-credentials'],
    cwe: ['CWE-521', 'CWE-287'],
    description:
      "The server accepted a login as `root` (or, where root was refused, as the anonymous account `''`) with an empty password, over the " +
      'network. As root, anyone who reaches the port owns every database and often the host (FILE privilege, plugins, SELECT … INTO ' +
      'OUTFILE). exposcan sends a login with an empty password and COM_QUIT: no other password, and no query, ever.',
    remediation:
      "Set a strong password for every root account (`ALTER USER 'root'@'%' IDENTIFIED BY …`, for each host part), drop anonymous " +
      "accounts (`DROP USER ''@'localhost'`, as mysql_secure_installation / mariadb-secure-installation does), keep root to local " +
      'logins (unix_socket or auth_socket), and keep port 3306 off the internet (bind-address, firewall).',
    references: [
      'https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html',
      'https://mariadb.com/kb/en/mariadb-secure-installation/',
    ],
    defaultPorts: [3306],
  },
  protocols: ['mysql'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'mysql') return [];
    const name = observation.product === 'mariadb' ? 'MariaDB' : 'MySQL';
    return (observation.logins ?? [])
      .filter((login) => login.result === 'accepted')
      .map((login) => ({
        product: observation.product,
        ...(observation.version ? { version: observation.version } : {}),
        message:
          login.user === ''
            ? `${name} ${observation.version} let the anonymous account ('') log in with an empty password.`
            : `${name} ${observation.version} let '${login.user}' log in with an empty password.`,
        confidence: 'confirmed' as const,
        resource: login.user === '' ? 'user:(anonymous)' : `user:${login.user}`,
        evidence: {
          user: login.user,
          account: login.user === '' ? 'anonymous' : login.user,
          login: 'empty password',
          authPlugin: observation.authPlugin ?? null,
          switchedTo: login.plugin ?? null,
          signals: observation.signals,
        },
      }));
  },
});
