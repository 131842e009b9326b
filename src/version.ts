import { readFileSync } from 'node:fs';

/** Paperboy's version, from package.json: read once, for the CLI, /status and the User-Agent. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
