import { askTask } from './ask.ts';
import { compareTask } from './compare.ts';
import { rewriteQueryTask } from './rewrite-query.ts';
import { summarizeTask } from './summarize.ts';
import { tldrTask } from './tldr.ts';

/** Every LLM task, by the Llm method that runs it (src/llm/create-llm.ts). */
export const LLM_TASKS = {
  summarize: summarizeTask,
  compare: compareTask,
  ask: askTask,
  tldr: tldrTask,
  rewriteQuery: rewriteQueryTask,
} as const;
