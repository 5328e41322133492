// Every rule exposcan ships. A test checks this list against the files under rules/, so a rule
// cannot exist without being registered, nor be registered without its file and doc.
import elasticsearchUnauthenticated from './elasticsearch/elasticsearch-unauthenticated.js';
import kibanaUnauthenticated from './kibana/kibana-unauthenticated.js';
import softwareEndOfLife from './lifecycle/software-end-of-life.js';
import postgresTrustAuth from './postgresql/postgres-trust-auth.js';
import redisUnauthenticated from './redis/redis-unauthenticated.js';
import type { Rule } from '../src/engine/rule.js';

export const RULES: readonly Rule[] = [kibanaUnauthenticated, elasticsearchUnauthenticated, redisUnauthenticated, postgresTrustAuth, softwareEndOfLife];
