// Every wire probe the engine can run. Adding a protocol means adding it here and to `Observation`.
import { mysqlProbe } from './mysql.js';
import { postgresProbe } from './postgres.js';
import type { WireProbe } from './probe.js';
import { redisProbe } from './redis.js';

export const WIRE_PROBES: readonly WireProbe[] = [redisProbe, postgresProbe, mysqlProbe];
