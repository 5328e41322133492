// Every rule exposcan ships. A test checks this list against the files under rules/, so a rule
// cannot exist without being registered, nor be registered without its file, doc and tests.
// One import and one list line per rule, sorted by family, so additions never collide.
import type { Rule } from '../src/engine/rule.js';
import elasticsearchUnauthenticated from './elasticsearch/elasticsearch-unauthenticated.js';
import honeypotSuspected from './honeypot/honeypot-suspected.js';
import kibanaUnauthenticated from './kibana/kibana-unauthenticated.js';
import softwareEndOfLife from './lifecycle/software-end-of-life.js';
import softwareKnownVulnerable from './lifecycle/software-known-vulnerable.js';
import postgresTrustAuth from './postgresql/postgres-trust-auth.js';
import redisUnauthenticated from './redis/redis-unauthenticated.js';

export const RULES: readonly Rule[] = [
  elasticsearchUnauthenticated,
  honeypotSuspected,
  kibanaUnauthenticated,
  softwareEndOfLife,
  softwareKnownVulnerable,
  postgresTrustAuth,
  redisUnauthenticated,
];
