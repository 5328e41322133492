import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'mongodb-unauthenticated',
    title: 'MongoDB lists its databases without authentication',
    severity: 'critical',
    products: ['mongodb'],
    tags: ['mongodb', 'database', 'nosql', 'unauth'],
    cwe: ['CWE-306'],
    description:
      'MongoDB answered `listDatabases` with `ok: 1` to a client that never authenticated: authorization is off, so anyone who reaches ' +
      'the port can read, change and drop every database. Exposed MongoDBs are wiped and ransomed by automated attacks within hours; a ' +
      'database named like READ__ME_TO_RECOVER_YOUR_DATA is such a note. A server with authorization on answers `Unauthorized` (code 13): ' +
      'not this finding. exposcan reads database names and sizes only, never a document.',
    remediation:
      'Enable authorization (`security.authorization: enabled`) and create users with least privilege, bind to private interfaces ' +
      '(`net.bindIp`, the default since 3.6 is localhost), enable TLS, and keep port 27017 off the internet. If a ransom note is present, ' +
      'treat the data as stolen and restore from backup.',
    references: [
      'https://www.mongodb.com/docs/manual/administration/security-checklist/',
      'https://www.mongodb.com/docs/manual/reference/command/listDatabases/',
      'https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/',
    ],
    defaultPorts: [27017],
  },
  protocols: ['mongodb'],
  check(evidence) {
    const observation = evidence.observation;
    if (observation.protocol !== 'mongodb' || observation.access !== 'open') return [];
    const ransomNotes = observation.ransomNotes ?? [];
    const count = observation.databaseCount ?? observation.databases?.length ?? 0;
    return [
      {
        product: 'mongodb',
        ...(observation.version ? { version: observation.version } : {}),
        message:
          `MongoDB ${observation.version ?? ''} listed ${count} databases without authentication` +
          (ransomNotes.length > 0 ? `, including a ransom note ('${ransomNotes[0]}').` : '.'),
        confidence: 'confirmed',
        evidence: {
          command: 'listDatabases',
          wire: observation.wire === 'op_msg' ? 'OP_MSG' : 'OP_QUERY',
          role: observation.role ?? null,
          databases: observation.databases ?? [],
          databaseCount: count,
          totalSizeBytes: observation.totalSizeBytes ?? null,
          ransomNotes,
          signals: observation.signals,
        },
        exposure: {
          ...(observation.totalSizeBytes !== undefined ? { bytes: observation.totalSizeBytes } : {}),
          ...(ransomNotes.length > 0 ? { ransomNote: true } : {}),
        },
      },
    ];
  },
});
