// A real, open redis-server started from a config file whose path carries a secret (INFO reports
// `config_file`, so the secret is in the very reply exposcan reads), with `masterauth` set and a
// key whose name and value are secrets. exposcan must report the open Redis and none of these.
// (test/helpers/services.ts starts Redis without a config file, hence this small starter.)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { redisBinary, redisCommands, waitForPort } from '../helpers/services.js';
import { CANARIES as C } from './canaries.js';

export interface SecretRedis {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startSecretRedis(): Promise<SecretRedis> {
  const binary = redisBinary();
  if (!binary) throw new Error('redis-server is not installed (check redisBinary() first)');
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'exposcan-safety-redis-'));
  const dir = join(root, `password=${C.realRedisDir}`);
  mkdirSync(dir);
  const config = join(dir, 'redis.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      'protected-mode no',
      'save ""',
      'appendonly no',
      `dir ${root}`,
      `masterauth ${C.realRedisMasterauth}`,
      '',
    ].join('\n'),
  );
  const child = spawn(binary.path, [config], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForPort('127.0.0.1', port, child);
    const server = { host: '127.0.0.1', port };
    const replies = await redisCommands({ ...server, log: () => '', stop }, [
      ['SET', `api_key=${C.realRedisKeyName}`, `password=${C.realRedisValue}`],
    ]);
    if (!replies.startsWith('+OK')) throw new Error(`seeding failed: ${replies}`);
    const info = await redisCommands({ ...server, log: () => '', stop }, [['INFO', 'server']]);
    // The premise of the test: the secret is in what exposcan will read.
    if (!info.includes(C.realRedisDir)) throw new Error('INFO does not show the config file path');
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}
