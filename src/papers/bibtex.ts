import { sanitiseLine } from '../text/index.ts';
import { type Paper, paperUrl } from './paper.ts';

// BibTeX for a reading list, from arXiv/HF metadata only (no network): `@article` when arXiv gives a
// journal reference, else `@misc` with the arXiv eprint fields biblatex and natbib's arXiv styles
// read (eprint, archivePrefix, primaryClass). Keys follow Google Scholar's `vaswani2017attention`.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

// Words a key skips when it takes the title's first word (as Google Scholar's keys do).
const KEY_SKIP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'towards', 'toward', 'is']);

// LaTeX specials that a value may not contain raw. Braces are escaped too: an unbalanced one in a
// title would end the field early. Accented letters stay UTF-8 (biber and bibtex8 read it).
const LATEX_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\~{}',
};

/**
 * `text` safe inside a braced BibTeX value: on one line, through the one sanitiser (paper text is
 * untrusted: no terminal escapes or bidi controls in a file the user opens), LaTeX specials escaped.
 */
export function escapeBibtex(text: string): string {
  return sanitiseLine(text).replace(/[\\{}#$%&_^~]/g, (ch) => LATEX_SPECIALS[ch] ?? ch);
}

/** Every paper as a BibTeX entry, keys unique within the file (a second `vaswani2017attention` gets `…b`). */
export function toBibtex(papers: readonly Paper[]): string {
  const used = new Set<string>();
  return papers.map((paper) => bibtexEntry(paper, uniqueKey(citationKey(paper), used))).join('\n');
}

/** `vaswani2017attention`: the first author's family name, the year and the title's first word, ASCII only. */
export function citationKey(paper: Pick<Paper, 'id' | 'authors' | 'published' | 'title'>): string {
  const family = asciiWord(familyName(paper.authors[0] ?? ''));
  const year = /^\d{4}/.exec(paper.published)?.[0] ?? '';
  const word = paper.title
    .split(/[^\p{L}\p{N}]+/u)
    .map(asciiWord)
    .find((w) => w.length > 0 && !KEY_SKIP_WORDS.has(w));
  const key = `${family}${year}${word ?? ''}`;
  return key || asciiWord(paper.id) || 'paper';
}

function uniqueKey(key: string, used: Set<string>): string {
  let candidate = key;
  // b, c, … then numbers: a list of thousands of one author's papers stays unique.
  for (let n = 1; used.has(candidate); n++) {
    candidate = n < 26 ? `${key}${String.fromCharCode(97 + n)}` : `${key}${n}`;
  }
  used.add(candidate);
  return candidate;
}

function bibtexEntry(paper: Paper, key: string): string {
  const arxivId = paper.id.startsWith('arxiv:') ? paper.id.slice('arxiv:'.length) : undefined;
  const doi = paper.doi ?? (paper.id.startsWith('doi:') ? paper.id.slice('doi:'.length) : undefined);
  const date = /^(\d{4})-(\d{2})/.exec(paper.published);
  const month = date ? MONTHS[Number(date[2]) - 1] : undefined;
  const url = paperUrl(paper);
  const fields: Array<[string, string]> = [
    // Double braces keep the title's capitals (BibTeX styles lowercase them otherwise).
    ['title', `{${escapeBibtex(paper.title)}}`],
    ['author', authorList(paper.authors)],
    ...(paper.journalRef ? ([['journal', escapeBibtex(paper.journalRef)]] as Array<[string, string]>) : []),
    ...(date?.[1] ? ([['year', date[1]]] as Array<[string, string]>) : []),
  ];
  if (arxivId) {
    fields.push(['eprint', arxivId], ['archivePrefix', 'arXiv']);
    const primary = paper.categories[0];
    if (primary) fields.push(['primaryClass', escapeBibtex(primary)]);
  }
  if (doi) fields.push(['doi', escapeBibtex(doi)]);
  if (url) fields.push(['url', escapeUrl(url)]);
  const lines = fields.filter(([, value]) => value.length > 0).map(([name, value]) => `  ${name} = {${value}},`);
  // Month as the standard macro (`jan`), unbraced, so every style prints it in its own language.
  if (month) lines.push(`  month = ${month},`);
  return `@${paper.journalRef ? 'article' : 'misc'}{${key},\n${lines.join('\n')}\n}\n`;
}

/** "A and B": a name that itself contains " and " is braced so BibTeX keeps it whole. */
function authorList(authors: readonly string[]): string {
  return authors
    .map((name) => escapeBibtex(name))
    .filter(Boolean)
    .map((name) => (/\sand\s/i.test(name) ? `{${name}}` : name))
    .join(' and ');
}

function familyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.includes(',')) return trimmed.split(',')[0] ?? '';
  return trimmed.split(/\s+/).at(-1) ?? '';
}

function asciiWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** URLs stay raw (biblatex and hyperref read the field verbatim) except braces, which would end it. */
function escapeUrl(url: string): string {
  return url.replace(/[{}]/g, (ch) => encodeURIComponent(ch));
}
