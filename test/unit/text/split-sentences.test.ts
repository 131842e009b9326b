import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/text/index.ts';
import { smart } from '../llm/sample-papers.ts';

describe('splitSentences', () => {
  it('splits the SMART abstract into its eight sentences', () => {
    expect(splitSentences(smart.abstract)).toHaveLength(8);
  });

  it('does not split after e.g.', () => {
    expect(splitSentences('Agents (e.g. Alexa, Siri) are common. They learn.')).toEqual([
      'Agents (e.g. Alexa, Siri) are common.',
      'They learn.',
    ]);
  });
});
