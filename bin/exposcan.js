#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// package's `prepare` script), so `npx exposcan` starts without a TypeScript loader.
import '../dist/src/cli.js';
