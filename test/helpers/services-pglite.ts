// Real PGlite (npm @electric-sql/pglite + @electric-sql/pglite-socket, devDependencies) for
// integration tests: a child process of its own on a loopback port the kernel picks. It joins the
// registry of services.ts, so `stopAll()` stops it and the exit hooks kill it if a test forgot.
import { fileURLToPath } from 'node:url';
import type { RunningService } from './services.js';
import { spawnTracked, waitUntil } from './services-wire.js';

const script = fileURLToPath(new URL('./pglite-server.mjs', import.meta.url));

export interface RunningPglite extends RunningService {
  /**
   * Resolves once PGlite has let go of every client it took (pglite-server.mjs prints `open` and
   * `closed` for each). It admits one client at a time: a scan started while it still counts the
   * previous scan's last connection is hung up on at once, so tests wait for this event first.
   */
  idle(): Promise<void>;
}

export async function startPglite(): Promise<RunningPglite> {
  const server = spawnTracked(process.execPath, [script], { cleanup: () => undefined });
  const port = () => Number(/^listening (\d+)$/m.exec(server.output())?.[1] ?? 0);
  try {
    // Building the WASM backend takes seconds (10 on a loaded machine): wait for its own word.
    await waitUntil(async () => port() > 0, server.child, 'pglite-socket');
  } catch (error) {
    await server.tracked.stop();
    throw new Error(`pglite-socket did not start: ${String(error)}\n${server.output()}`, { cause: error });
  }
  const idle = () =>
    new Promise<void>((resolve, reject) => {
      const stdout = server.child.stdout!;
      const settled = () => {
        const output = server.output();
        return (output.match(/^open$/gm) ?? []).length === (output.match(/^closed$/gm) ?? []).length;
      };
      // spawnTracked's own listener came first, so output() already holds the chunk seen here.
      const onData = () => {
        if (!settled()) return;
        stdout.off('data', onData);
        server.child.off('exit', onExit);
        resolve();
      };
      const onExit = () => {
        stdout.off('data', onData);
        reject(new Error(`pglite-socket exited while clients were open\n${server.output()}`));
      };
      stdout.on('data', onData);
      server.child.once('exit', onExit);
      onData();
    });
  return { host: '127.0.0.1', port: port(), log: server.output, stop: server.tracked.stop, idle };
}
