#!/usr/bin/env node
// Runs the API from its TypeScript sources (tsx), with the workspace's path aliases, from any folder.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
// A server runs in production mode unless told otherwise: graphql-js' development-mode type checks
// alone cost ~4% of a cached recommendation request (bench:api profile, docs/benchmarks.md).
process.env.NODE_ENV = process.env.NODE_ENV || 'production';
require('tsx/cjs');
require('../src/main.ts');
