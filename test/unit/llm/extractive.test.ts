import { describe, expect, it } from 'vitest';
import {
  extractiveAnswer,
  extractiveComparison,
  extractiveSummary,
  extractiveTldr,
  keySentences,
  keyTerms,
  rankSentences,
} from '../../../src/llm/extractive.ts';
import { splitSentences } from '../../../src/llm/text.ts';
import { crystalTransformer, feedbackSelfLearning, nemotronCrossthink, smart } from './sample-papers.ts';

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

describe('rankSentences', () => {
  it('ranks the SMART contribution sentence most central', () => {
    expect(rankSentences(smart.abstract)[0]?.text).toMatch(/^To address this challenge, we introduce SMART/);
  });

  it('gives every sentence a score and the scores sum to about 1', () => {
    const ranked = rankSentences(crystalTransformer.abstract);
    expect(ranked.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 3);
  });
});

describe('keySentences', () => {
  it('returns the picked sentences in reading order', () => {
    const picked = keySentences(smart.abstract, 3);
    const positions = picked.map((s) => smart.abstract.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('extractiveSummary', () => {
  it('builds a summary from SMART sentences without a limitation it cannot find', () => {
    const summary = extractiveSummary(smart, 'tldr');

    expect(summary.tldr).toMatch(/^To address this challenge, we introduce SMART/);
    expect(summary.keyPoints).toHaveLength(2);
    expect(summary.results).toMatch(/\(\+15 points on the GSM8K dataset\)\.$/);
    expect(summary.limitations).toBe('Not stated in the abstract.');
  });

  it('uses each sentence for at most one of method, results and limitations', () => {
    const { method, results, limitations } = extractiveSummary(nemotronCrossthink, 'detailed');
    const stated = [method, results, limitations].filter((s) => s !== 'Not stated in the abstract.');
    expect(new Set(stated).size).toBe(stated.length);
  });

  it('gives more key points for detailed than for tldr', () => {
    expect(extractiveSummary(feedbackSelfLearning, 'detailed').keyPoints.length).toBeGreaterThan(
      extractiveSummary(feedbackSelfLearning, 'tldr').keyPoints.length,
    );
  });
});

describe('extractiveTldr', () => {
  it('is the most central sentence', () => {
    expect(extractiveTldr(smart)).toBe(rankSentences(smart.abstract)[0]?.text);
  });
});

describe('keyTerms', () => {
  it('finds terms shared by SMART and NEMOTRON-CROSSTHINK and terms only one uses', () => {
    const terms = keyTerms([smart, nemotronCrossthink]);

    expect(terms.shared).toContain('reasoning');
    expect(terms.distinct[0]).toContain('smart');
    expect(terms.distinct[1]).toContain('nemotron-crossthink');
  });
});

describe('extractiveComparison', () => {
  it('fills every aspect for every paper from that paper’s own abstract', () => {
    const output = extractiveComparison([smart, crystalTransformer]);

    expect(output.rows).toHaveLength(6);
    for (const row of output.rows) {
      expect(row.cells.map((c) => c.paper)).toEqual([1, 2]);
      const [first, second] = row.cells;
      if (first?.text !== 'Not stated in the abstract.') expect(smart.abstract).toContain(first?.text);
      if (second?.text !== 'Not stated in the abstract.') expect(crystalTransformer.abstract).toContain(second?.text);
    }
    expect(output.verdict).toMatch(/^Shared key terms: /);
  });
});

describe('extractiveAnswer', () => {
  it('cites the passage that shares the question terms', () => {
    const answer = extractiveAnswer('Which paper generates inorganic materials?', [smart, crystalTransformer]);

    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/inorganic materials.* \[2\]\./);
    expect(answer.text).not.toContain('[1]');
  });

  it('answers not answered when no passage shares the question terms', () => {
    expect(extractiveAnswer('Best pizza topping?', [smart, crystalTransformer])).toEqual({ answered: false, text: '' });
  });

  it('never uses a question from an abstract as a passage', () => {
    const answer = extractiveAnswer('Can LMs learn to select the optimal strategy?', [smart]);

    expect(answer.text).not.toContain('?');
  });
});
