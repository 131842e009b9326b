import type { ExtractiveReason } from '../llm/types.ts';

/** Why a summary, comparison or answer is extractive, as both renderers word it. */
export const EXTRACTIVE_REASONS: Readonly<Record<ExtractiveReason, string>> = {
  'not-configured': 'no LLM configured',
  'llm-unavailable': 'the language model is not answering right now',
  'llm-rejected': "the language model's answer failed the checks (made-up citations or nothing usable)",
};
