import type { Paper } from '../papers/paper.ts';

// The tags our prompts use to fence untrusted text. Text that imitates one of them could close the
// fence early and smuggle instructions out of it, so look-alikes inside the data are defanged.
const DELIMITER_LOOKALIKE = /<\s*\/?\s*(?:paper|papers|title|abstract|hint|question|passage|section|text)\b[^<>]*>?/gi;

/** Bounds on untrusted text in a prompt: enough for any real abstract, not enough to flood the context. */
export const MAX_TITLE_CHARS = 500;
export const MAX_ABSTRACT_CHARS = 6000;
export const MAX_QUESTION_CHARS = 1000;

/**
 * Makes untrusted text safe to place between our delimiters: tag look-alikes get their angle
 * brackets replaced by ‹ › (so `</paper>` in an abstract cannot end the block), control
 * characters go, and the text is cut to `maxChars`.
 */
export function neutralizeUntrusted(text: string, maxChars: number): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(DELIMITER_LOOKALIKE, (tag) => tag.replace(/</g, '‹').replace(/>/g, '›'))
      .trim()
      .slice(0, maxChars)
  );
}

/** One paper as a delimited data block; `n` numbers it for citations. */
export function delimitPaper(paper: Pick<Paper, 'title' | 'abstract'>, n?: number): string {
  const open = n === undefined ? '<paper>' : `<paper id="${n}">`;
  return [
    open,
    `<title>${neutralizeUntrusted(paper.title, MAX_TITLE_CHARS)}</title>`,
    `<abstract>${neutralizeUntrusted(paper.abstract, MAX_ABSTRACT_CHARS)}</abstract>`,
    '</paper>',
  ].join('\n');
}

/** Several papers, numbered from 1 in the given order. */
export function delimitPapers(papers: readonly Pick<Paper, 'title' | 'abstract'>[]): string {
  return papers.map((paper, i) => delimitPaper(paper, i + 1)).join('\n\n');
}

/** Bounds on one passage of a paper's full text and its section heading (arXiv HTML is untrusted). */
export const MAX_PASSAGE_CHARS = 2000;
export const MAX_SECTION_CHARS = 200;

/**
 * One paper's passages as delimited data blocks numbered from 1 for citations; the section
 * heading is its own element, not an attribute, so no quote in it can break out.
 */
export function delimitPassages(passages: readonly { readonly section: string; readonly text: string }[]): string {
  return passages
    .map((passage, i) =>
      [
        `<passage id="${i + 1}">`,
        `<section>${neutralizeUntrusted(passage.section, MAX_SECTION_CHARS)}</section>`,
        `<text>${neutralizeUntrusted(passage.text, MAX_PASSAGE_CHARS)}</text>`,
        '</passage>',
      ].join('\n'),
    )
    .join('\n\n');
}

export function delimitQuestion(question: string): string {
  return `<question>${neutralizeUntrusted(question, MAX_QUESTION_CHARS)}</question>`;
}

/** A machine-written summary from elsewhere (HF's aiSummary), fenced as a hint; '' when absent. */
export function delimitHint(hint: string | undefined): string {
  const text = hint ? neutralizeUntrusted(hint, MAX_ABSTRACT_CHARS) : '';
  return text ? `<hint>${text}</hint>` : '';
}
