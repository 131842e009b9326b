import type { CommandModule } from '../src/commands/types.js';
import * as ask from './ask.js';
import * as compare from './compare.js';
import * as digest from './digest.js';
import * as findRelated from './find-related.js';
import * as help from './help.js';
import * as paper from './paper.js';
import * as papers from './papers.js';
import * as status from './status.js';
import * as summarize from './summarize.js';

/** Every command: the Discord router, deploy-commands, the terminal chat and the tests read this list. */
export const commands = [
  papers,
  summarize,
  compare,
  ask,
  paper,
  help,
  status,
  findRelated,
  digest,
] as const satisfies readonly CommandModule[];
