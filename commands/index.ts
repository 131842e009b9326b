import { collectRoutes } from '../src/interactions/run-command.ts';
import type { CommandModule } from '../src/interactions/types.ts';
import * as ask from './ask.ts';
import * as compare from './compare.ts';
import * as digest from './digest.ts';
import * as findRelated from './find-related.ts';
import * as help from './help.ts';
import * as paper from './paper.ts';
import * as papers from './papers.ts';
import * as reading from './reading.ts';
import * as status from './status.ts';
import * as summarize from './summarize.ts';
import * as trending from './trending.ts';

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
  reading,
  trending,
] as const satisfies readonly CommandModule[];

/** Every command's button and menu routes by name, for the Discord router and the terminal chat. */
export const routes = collectRoutes(commands);
