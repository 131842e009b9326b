import { createHash } from 'node:crypto';
import type { Paper } from '../papers/paper.ts';

export interface LlmCacheKeyParts {
  readonly task: 'summarize' | 'compare' | 'ask' | 'ask-paper' | 'tldr' | 'query-rewrite';
  /** `name@version` of the prompt, so editing a prompt (and bumping its version) invalidates its outputs. */
  readonly prompt: string;
  readonly model: string;
  readonly papers: readonly Pick<Paper, 'id' | 'version' | 'title' | 'abstract'>[];
  readonly style?: string;
  readonly language?: string;
  readonly question?: string;
  /** The rendered prompt's declared variables with their values (RenderedPrompt.inputs). */
  readonly promptInputs: Readonly<Record<string, string | boolean>>;
}

/**
 * sha256 over everything that changes an output: above all every input the prompt declares (so a
 * prompt cannot read a value the key leaves out), and the papers' ids and versions, which the
 * grounded output names. Papers contribute a hash of their text too: ids without versions (doi:,
 * s2:) can get a corrected abstract.
 */
export function llmCacheKey(parts: LlmCacheKeyParts): string {
  const canonical = JSON.stringify({
    task: parts.task,
    prompt: parts.prompt,
    model: parts.model,
    papers: parts.papers.map((p) => [p.id, p.version ?? null, sha256(`${p.title}\n${p.abstract}`).slice(0, 16)]),
    style: parts.style ?? null,
    language: parts.language ?? null,
    question: parts.question?.trim() ?? null,
    // Sorted, so the key does not depend on the order the prompt declares its variables in.
    inputs: Object.entries(parts.promptInputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  });
  return sha256(canonical);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
