import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LlmCacheKeyParts, llmCacheKey } from '../../../src/llm/cache-key.ts';
import {
  defaultPromptsDir,
  loadPrompts,
  PROMPT_NAMES,
  type PromptName,
  type PromptVariables,
  templateVariables,
} from '../../../src/llm/prompts.ts';
import { LLM_TASKS } from '../../../src/llm/tasks/index.ts';
import { makePaper } from '../../support/builders.ts';

// Issue 12, item 7: the cache key is derived from the inputs the prompt declares, so a prompt that
// reads a value (the summarize prompt's aiSummary hint) can never be answered from the cache entry
// of a request without it.
const prompts = loadPrompts(defaultPromptsDir());

function keyFor(name: PromptName, variables: Record<string, string | boolean>): string {
  const rendered = prompts.render(name, variables as PromptVariables<typeof name>);
  const parts: LlmCacheKeyParts = {
    task: name,
    prompt: `${name}@1`,
    model: 'm',
    papers: [],
    promptInputs: rendered.inputs,
  };
  return llmCacheKey(parts);
}

describe('the LLM cache key', () => {
  // Read from the template itself, not from what the front matter declares.
  const used = PROMPT_NAMES.flatMap((name) => {
    const template = readFileSync(join(defaultPromptsDir(), `${name}.md`), 'utf8');
    return [...templateVariables(template)].map((variable) => [name, variable] as const);
  });

  it.each(used)('changes with every variable the %s prompt uses: %s', (name, variable) => {
    const values = Object.fromEntries(prompts.get(name).variables.map((v) => [v, `value of ${v}`]));
    expect(keyFor(name, { ...values, [variable]: 'another value' })).not.toBe(keyFor(name, values));
  });

  it("changes with a paper's aiSummary, which the summarize prompt reads as a hint", () => {
    const task = LLM_TASKS.summarize;
    const key = (aiSummary: string) => {
      const input = task.prepare({ paper: makePaper({ aiSummary }), style: 'tldr', language: 'en' });
      const parts: LlmCacheKeyParts = {
        task: 'summarize',
        prompt: 'summarize@1',
        model: 'm',
        ...task.keyInputs(input),
        promptInputs: task.prompt(prompts, input).inputs,
      };
      return llmCacheKey(parts);
    };
    expect(key('HF says it is about drafting.')).not.toBe(key('HF says it is about heads.'));
  });
});
