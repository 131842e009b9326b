import type { Paper } from '../papers/paper.ts';
import { sanitiseLine, sanitiseText } from '../text/index.ts';

/**
 * The paper with every untrusted text field through the one sanitiser (issue 12, item 2): one-line
 * fields (title, authors, categories, keywords…) collapsed, the abstract and summaries keeping their
 * paragraphs. Ids and URLs are left to the Paper contract and the renderers' URL checks.
 */
export function sanitisePaper(paper: Paper): Paper {
  return {
    ...paper,
    title: sanitiseLine(paper.title),
    abstract: sanitiseText(paper.abstract).trim(),
    authors: paper.authors.map(sanitiseLine).filter(Boolean),
    categories: paper.categories.map(sanitiseLine).filter(Boolean),
    keywords: paper.keywords.map(sanitiseLine).filter(Boolean),
    ...optional('aiSummary', paper.aiSummary, sanitiseText),
    ...optional('tldr', paper.tldr, sanitiseText),
    ...optional('comment', paper.comment, sanitiseLine),
    ...optional('journalRef', paper.journalRef, sanitiseLine),
  };
}

function optional<K extends string>(
  key: K,
  value: string | undefined,
  sanitise: (text: string) => string,
): { [key in K]?: string } {
  return (value === undefined ? {} : { [key]: sanitise(value).trim() }) as { [key in K]?: string };
}
