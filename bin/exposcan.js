#!/usr/bin/env -S node --max-semi-space-size=8
// --max-semi-space-size=8: V8's young generation otherwise grows to 3 x 16 MB of short-lived
// garbage (a socket, a promise and a few closures per probe); at 8 MB a sweep of 127.0.0.0/16
// on three ports peaks at 175 MB RSS instead of 193 MB, at the same speed (docs/performance.md).
// The published entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// package's `prepare` script), so `npx exposcan` starts without a TypeScript loader.
import '../dist/src/cli.js';
