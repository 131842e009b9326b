#!/usr/bin/env node
// Runs the TypeScript sources on Node's own type stripping, so `npm ci` needs no build step.
// Plain JavaScript on purpose: this file must run, and say something useful, on any Node.js.
const [major, minor] = process.versions.node.split('.').map(Number);
// 22.18 is the first 22.x that strips types without a flag (and its node:sqlite has FTS5).
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `paperboy needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}. ` +
      'With nvm: `nvm install` then `nvm use` in this folder (.nvmrc says 24).\n',
  );
  process.exit(1);
}
const { main } = await import('../src/cli.ts');
await main(process.argv);
