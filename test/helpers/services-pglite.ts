// Real PGlite (npm @electric-sql/pglite + @electric-sql/pglite-socket, devDependencies) for
// integration tests: a child process of its own on a loopback port the kernel picks. It joins the
// registry of services.ts, so `stopAll()` stops it and the exit hooks kill it if a test forgot.
import { fileURLToPath } from 'node:url';
import type { RunningService } from './services.js';
import { spawnTracked, waitUntil } from './services-wire.js';

const script = fileURLToPath(new URL('./pglite-server.mjs', import.meta.url));

export async function startPglite(): Promise<RunningService> {
  const server = spawnTracked(process.execPath, [script], { cleanup: () => undefined });
  const port = () => Number(/^listening (\d+)$/m.exec(server.output())?.[1] ?? 0);
  try {
    // Building the WASM backend takes seconds (10 on a loaded machine): wait for its own word.
    await waitUntil(async () => port() > 0, server.child, 'pglite-socket');
  } catch (error) {
    await server.tracked.stop();
    throw new Error(`pglite-socket did not start: ${String(error)}\n${server.output()}`, { cause: error });
  }
  return { host: '127.0.0.1', port: port(), log: server.output, stop: server.tracked.stop };
}
