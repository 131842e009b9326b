import { isStopword } from '../text/index.ts';

// Academic boilerplate every abstract says ("we propose a novel method that shows …"). On top of
// the shared stopwords it carries no content, so the extractive summariser ignores it when it
// weighs which sentences share a topic.
const FILLER: ReadonlySet<string> = new Set(
  (
    'can could may might more most over through under up via within without also both each other only own same ' +
    'some very just about against between during before after above below again further once here all any few ' +
    'many much new novel propose proposed paper approach show shows using use used based results method methods ' +
    'work study present introduce existing across however well thus whether yet among upon therefore demonstrate ' +
    'demonstrates effective multiple challenge challenges significant significantly various different ability ' +
    'remarkable impressive recent recently enable enables including'
  ).split(' '),
);
// Hyphenated compounds stay one word: "nemotron-crossthink" names one thing.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}-]*/gu;

/**
 * Lower-cased content words of `text` (stopwords, filler and one-letter tokens dropped), plurals
 * folded. Not the FTS5 Porter stems (src/text/stem.ts): these are shown to users ("Shared key
 * terms: reasoning, …") and TextRank's sentence choices are tuned on them; nothing here is
 * matched against the papers index.
 */
export function contentTerms(text: string): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  return words.filter((w) => w.length > 1 && !isStopword(w) && !FILLER.has(w)).map(singular);
}

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
