import { askTask } from './ask.ts';
import { askPaperTask } from './ask-paper.ts';
import { compareTask } from './compare.ts';
import { rewriteQueryTask } from './rewrite-query.ts';
import { summarizeTask } from './summarize.ts';
import { tldrTask } from './tldr.ts';

/** Every LLM task, by the Llm method that runs it (src/llm/create-llm.ts). */
export const LLM_TASKS = {
  summarize: summarizeTask,
  compare: compareTask,
  ask: askTask,
  askPaper: askPaperTask,
  tldr: tldrTask,
  rewriteQuery: rewriteQueryTask,
} as const;
