// The text toolkit: one tokenizer, stemmer and stopword list for everything that must agree with
// the papers' FTS5 index (search, re-ranking, snippets, digest ranking, the extractive summariser),
// and the generic clipping, sentence splitting and escaping the renderers share. A leaf: it
// imports nothing else from src/.
export { clip } from './clip.ts';
export { collapseWhitespace } from './collapse-whitespace.ts';
export { escapeMarkdown } from './escape-markdown.ts';
export { hasVisibleText, sanitiseLine, sanitiseText, sanitiseTitle } from './sanitise.ts';
export { snippet } from './snippet.ts';
export { splitSentences } from './split-sentences.ts';
export { stem } from './stem.ts';
export { isStopword } from './stopwords.ts';
export { createTermMatcher, type TermMatcher } from './term-matcher.ts';
export { type QueryWord, queryWords, stemmedTerms } from './terms.ts';
export { type TokenSpan, tokenize, tokenSpans } from './tokenize.ts';
