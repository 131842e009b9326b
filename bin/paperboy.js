#!/usr/bin/env node
// Runs the TypeScript sources on Node's own type stripping, so `npm ci` needs no build step.
// Plain JavaScript on purpose: this file must run, and say something useful, on any Node.js.
import { checkNode } from './check-node.js';

checkNode();
const { main } = await import('../src/cli.ts');
await main(process.argv);
