// The Node.js version check, shared by bin/paperboy.js and npm's preinstall/pretest scripts.
// Plain JavaScript with no imports on purpose: it must run, and say something useful, on any Node.js.

// 22.18 is the first 22.x that strips types without a flag (and its node:sqlite has FTS5).
const NEEDED = [22, 18];

/** The one line to print when `version` (e.g. "20.11.0") cannot run Paperboy, or undefined when it can. */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = String(version).split('.').map(Number);
  if (major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1])) return undefined;
  return (
    `paperboy needs Node.js ${NEEDED.join('.')} or newer (24 LTS recommended); this is v${version}. ` +
    'With nvm: `nvm install` then `nvm use` in this folder (.nvmrc says 24).'
  );
}

/** Prints the problem and exits 1 when this Node.js is too old; returns otherwise. */
export function checkNode() {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem === undefined) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

// Run directly (`node bin/check-node.js`, as npm's preinstall does): check and exit.
if ((process.argv[1] || '').endsWith('check-node.js')) checkNode();
