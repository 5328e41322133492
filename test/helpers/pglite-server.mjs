// PGlite (npm @electric-sql/pglite, Postgres compiled to WASM) behind its own socket server (npm
// @electric-sql/pglite-socket), as a developer runs it: `node pglite-server.mjs` prints
// `listening <port>` once it accepts on 127.0.0.1 (a free port of the kernel's choosing; never
// anything but loopback). Its own process: the WASM backend blocks the event loop it runs on.
// Like every PGlite, it lets anyone in as `postgres` without a password. SIGTERM stops it.
//
// Plain JavaScript: spawned by node directly, outside vitest's TypeScript loader.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await server.start();
process.stdout.write(`listening ${server.port}\n`);

const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
