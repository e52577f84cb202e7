#!/usr/bin/env node
// Runs the API from its TypeScript sources (tsx), with the workspace's path aliases, from any folder.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('tsx/cjs');
require('../src/main.ts');
