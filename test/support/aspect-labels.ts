import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { classifySentences } from '../../src/llm/aspect-cues.ts';
import { aspectSentences, rankSentenceList } from '../../src/llm/extractive.ts';
import { COMPARE_ASPECTS } from '../../src/llm/types.ts';

// test/fixtures/extractive/aspects.json: abstracts whose sentences are labelled, by hand, with the
// comparison aspects they state ("none": stating no aspect is right).
const Label = z.enum([...COMPARE_ASPECTS, 'none']);
const LabelledSet = z.object({
  abstracts: z.array(
    z.object({
      title: z.string(),
      heldOut: z.boolean().optional(),
      from: z.string(),
      sentences: z.array(z.object({ text: z.string(), aspects: z.array(Label).min(1) })),
    }),
  ),
});
export type LabelledAbstract = z.infer<typeof LabelledSet>['abstracts'][number];

export function loadAspectLabels(): LabelledAbstract[] {
  const file = new URL('../fixtures/extractive/aspects.json', import.meta.url);
  return LabelledSet.parse(JSON.parse(readFileSync(file, 'utf8'))).abstracts;
}

export interface AspectScore {
  readonly abstracts: number;
  /** Sentences given an aspect (or none) that their labels allow, of all sentences. */
  readonly sentences: { readonly right: number; readonly total: number };
  /** Comparison cells (one per abstract and aspect) filled with a sentence labelled with that aspect, of all filled. */
  readonly cells: { readonly right: number; readonly filled: number };
}

/** Scores classifySentences per sentence, and the comparison cells aspectSentences fills. */
export function scoreAspects(abstracts: readonly LabelledAbstract[]): AspectScore {
  let right = 0;
  let total = 0;
  let cellsRight = 0;
  let filled = 0;
  for (const { sentences } of abstracts) {
    const texts = sentences.map((s) => s.text);
    classifySentences(texts).forEach((aspect, index) => {
      total++;
      if (sentences[index]?.aspects.includes(aspect ?? 'none')) right++;
    });
    const cells = aspectSentences(rankSentenceList(texts));
    for (const aspect of COMPARE_ASPECTS) {
      const text = cells[aspect];
      if (text === undefined) continue;
      filled++;
      if (sentences.find((s) => s.text === text)?.aspects.includes(aspect)) cellsRight++;
    }
  }
  return { abstracts: abstracts.length, sentences: { right, total }, cells: { right: cellsRight, filled } };
}
