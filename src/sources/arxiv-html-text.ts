import { clip, collapseWhitespace, sanitiseText, splitSentences } from '../text/index.ts';

// arXiv renders papers to HTML with LaTeXML (https://arxiv.org/html/<id>): sections are
// `<section class="ltx_section">` (older output: `<div class="ltx_section">`) headed by an
// `<h2 class="ltx_title ltx_title_section">` whose `<span class="ltx_tag">` is the number, the
// abstract a `div.ltx_abstract` under `<h6 class="ltx_title_abstract">`, paragraphs `<p class="ltx_p">`,
// formulas `<math alttext="…">`. This keeps headings and paragraph text and nothing else: the page
// is untrusted, so no markup, link or script survives, only the words a reader sees.

/** One section of a paper's text: its heading as shown ("3.1 Draft model") and its paragraphs. */
export interface PaperSection {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

// Elements whose content is not the paper's prose: page chrome, scripts, and the bibliography
// (a wall of titles that would outrank the text for any question).
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'nav',
  'footer',
  'header',
  'noscript',
  'svg',
  'table',
  'figure',
  'button',
  'template',
  'form',
]);
const SKIPPED_CLASSES =
  /\bltx_(?:bibliography|page_navbar|page_footer|page_header|TOC|authors|dates|pagination|note_outer)\b/;
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const HEADING = /^h[1-6]$/;
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!?[^>]*>|[^<]+/g;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*?)\/?>$/;
// A paragraph shorter than this is a caption stub or a stray label, not text to answer from.
const MIN_PARAGRAPH_CHARS = 40;
// Bounds on what one page may yield: a 300-page thesis must not fill the cache or the prompt.
const MAX_PARAGRAPHS = 600;
const MAX_PARAGRAPH_CHARS = 1500;
const MAX_TITLE_CHARS = 200;

/** Whether an arXiv HTML answer is a rendered paper (a stub page for "no HTML" is not). */
export function isLatexmlPage(html: string): boolean {
  return /class="[^"]*\bltx_(?:page_main|document)\b/.test(html);
}

// Tokens read between two `pause()`s: a few milliseconds of work.
const TOKENS_PER_SLICE = 500;

/**
 * The paper's headings and paragraphs from LaTeXML HTML, in order; text before the first heading
 * goes under "Preamble". Entities decoded, whitespace collapsed, invisible characters removed.
 * A long page takes a while (≈0.3 s per MB), so it awaits `pause` every few hundred tokens and
 * the event loop stays free for other interactions.
 */
export async function paperSections(
  html: string,
  options: { readonly pause?: () => Promise<void> } = {},
): Promise<PaperSection[]> {
  const sections: Array<{ title: string; paragraphs: string[] }> = [];
  const stack: string[] = [];
  // Depth in `stack` where a skipped element opened (undefined: not skipping).
  let skipFrom: number | undefined;
  let headingFrom: number | undefined;
  let paragraphFrom: number | undefined;
  let heading = '';
  let paragraph = '';
  let count = 0;
  const current = () => {
    let last = sections.at(-1);
    if (!last) {
      last = { title: 'Preamble', paragraphs: [] };
      sections.push(last);
    }
    return last;
  };
  const endParagraph = () => {
    const text = cleanText(paragraph);
    paragraph = '';
    paragraphFrom = undefined;
    if (text.length < MIN_PARAGRAPH_CHARS || count >= MAX_PARAGRAPHS) return;
    for (const piece of splitLong(text)) {
      current().paragraphs.push(piece);
      count++;
    }
  };
  const append = (text: string) => {
    if (headingFrom !== undefined) heading += text;
    else if (paragraphFrom !== undefined) paragraph += text;
  };

  let read = 0;
  for (const [token] of html.matchAll(TOKEN)) {
    if (options.pause && ++read % TOKENS_PER_SLICE === 0) await options.pause();
    if (!token.startsWith('<')) {
      if (skipFrom === undefined) append(decodeEntities(token));
      continue;
    }
    const tag = TAG.exec(token);
    if (!tag) continue; // comments, doctype, CDATA
    const [, closing, rawName = '', attributes = ''] = tag;
    const name = rawName.toLowerCase();
    if (closing) {
      const at = stack.lastIndexOf(name);
      if (at < 0) continue;
      stack.length = at;
      if (skipFrom !== undefined && at <= skipFrom) skipFrom = undefined;
      else if (skipFrom !== undefined) continue;
      if (headingFrom !== undefined && at <= headingFrom) {
        const title = clip(cleanText(heading), MAX_TITLE_CHARS);
        headingFrom = undefined;
        heading = '';
        if (title && !/^h1$/.test(name)) sections.push({ title, paragraphs: [] });
      }
      if (paragraphFrom !== undefined && at <= paragraphFrom) endParagraph();
      continue;
    }
    if (VOID.has(name) || token.endsWith('/>')) {
      if (name === 'br') append(' ');
      continue;
    }
    stack.push(name);
    if (skipFrom !== undefined) continue;
    const depth = stack.length - 1;
    if (name === 'math') {
      // A formula reads as its TeX source ("x^2"), not as MathML's scattered glyphs.
      const alt = /\balttext="([^"]*)"/.exec(attributes)?.[1];
      if (alt) append(` ${decodeEntities(alt)} `);
      skipFrom = depth;
      continue;
    }
    if (SKIPPED.has(name) || SKIPPED_CLASSES.test(classOf(attributes))) {
      skipFrom = depth;
      continue;
    }
    if (HEADING.test(name) && headingFrom === undefined) {
      if (paragraphFrom !== undefined) endParagraph();
      headingFrom = depth;
      heading = '';
      continue;
    }
    if (name === 'p' && paragraphFrom === undefined && headingFrom === undefined) {
      paragraphFrom = depth;
      paragraph = '';
    } else {
      // Block and inline elements alike: a space keeps words in adjacent cells apart.
      append(' ');
    }
  }
  if (paragraphFrom !== undefined) endParagraph();
  return sections.filter((section) => section.paragraphs.length > 0);
}

function classOf(attributes: string): string {
  return /\bclass="([^"]*)"/.exec(attributes)?.[1] ?? '';
}

// The paper's own reference markers ("Paralex [7]", "[16, 10]") would read as citations of the
// passages we number [n] for the model, so they go (LaTeXML writes them as text in a <cite>).
const REFERENCE_MARKER = /\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]/g;

function cleanText(text: string): string {
  return collapseWhitespace(sanitiseText(text).replace(REFERENCE_MARKER, ''))
    .replace(/\s+([.,;:!?)])/g, '$1')
    .replace(/([(])\s+/g, '$1');
}

/** A long paragraph as pieces of whole sentences, each at most MAX_PARAGRAPH_CHARS. */
function splitLong(text: string): string[] {
  if (text.length <= MAX_PARAGRAPH_CHARS) return [text];
  const pieces: string[] = [];
  let piece = '';
  for (const sentence of splitSentences(text)) {
    if (piece && piece.length + sentence.length + 1 > MAX_PARAGRAPH_CHARS) {
      pieces.push(piece);
      piece = '';
    }
    piece = piece ? `${piece} ${sentence}` : clip(sentence, MAX_PARAGRAPH_CHARS);
  }
  if (piece) pieces.push(piece);
  return pieces;
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  times: '×',
  minus: '−',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}
