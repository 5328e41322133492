// PGlite (npm @electric-sql/pglite, Postgres compiled to WASM) behind its own socket server (npm
// @electric-sql/pglite-socket), as a developer runs it: `node pglite-server.mjs` prints
// `listening <port>` once it accepts on 127.0.0.1 (a free port of the kernel's choosing; never
// anything but loopback). Its own process: the WASM backend blocks the event loop it runs on.
// Like every PGlite, it lets anyone in as `postgres` without a password. SIGTERM stops it.
//
// It admits one client at a time (maxConnections 1): a client that connects while PGlite still
// counts the previous one is hung up on. So it also prints `open` for each client it takes and
// `closed` once it has let that client go (its handler gone, after the socket's close), and a
// test that needs the slot free waits for that line rather than for a guessed delay.
//
// Plain JavaScript: spawned by node directly, outside vitest's TypeScript loader.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await server.start();
// The socket server's own net.Server (a field its types keep private). This listener runs before
// PGlite attaches its handler (deferred with setImmediate), so on close ours is called first;
// PGlite then drops the handler in a setImmediate of its own, which runs before the second one here.
server.server.on('connection', (socket) => {
  process.stdout.write('open\n');
  socket.once('close', () => setImmediate(() => setImmediate(() => process.stdout.write('closed\n'))));
});
process.stdout.write(`listening ${server.port}\n`);

const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
