import { UserInputError } from '../errors/index.ts';
import { isStopword } from '../text/index.ts';

// arXiv API search_query syntax (https://info.arxiv.org/help/api/user-manual.html §5.1):
// prefixes ti/au/abs/co/jr/cat/rn/id/all, operators AND/OR/ANDNOT, grouping with parentheses,
// phrases in double quotes, submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM].

export type ArxivField = 'ti' | 'au' | 'abs' | 'co' | 'jr' | 'cat' | 'rn' | 'all';

export type ArxivQuery =
  | { readonly field: ArxivField; readonly term: string }
  | { readonly and: readonly ArxivQuery[] }
  | { readonly or: readonly ArxivQuery[] }
  | { readonly andNot: readonly [ArxivQuery, ArxivQuery] }
  /** Days (YYYY-MM-DD, whole days in UTC) or exact YYYYMMDDHHMM stamps. */
  | { readonly submittedDate: { readonly from: string; readonly to: string } };

const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;
const STAMP = /^\d{12}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Words that only make a natural-language query longer; AND-ing them would drop good matches.
// The shared stopwords, and the words of a request for papers.
const REQUEST_WORDS: ReadonlySet<string> = new Set(
  'can me my papers paper show some using via about find any new recent latest'.split(' '),
);
const MAX_TERMS = 8;

/** Renders a query tree to search_query text; every term is sanitized, so user text cannot add syntax. */
export function buildSearchQuery(query: ArxivQuery): string {
  if ('field' in query) return `${query.field}:${renderTerm(query.field, query.term)}`;
  if ('submittedDate' in query) {
    return `submittedDate:[${stamp(query.submittedDate.from, '0000')} TO ${stamp(query.submittedDate.to, '2359')}]`;
  }
  if ('andNot' in query) return `${group(query.andNot[0])} ANDNOT ${group(query.andNot[1])}`;
  const [operator, parts] = 'and' in query ? (['AND', query.and] as const) : (['OR', query.or] as const);
  if (parts.length === 0) throw new RangeError(`empty ${operator} in arXiv query`);
  return parts.map(group).join(` ${operator} `);
}

/**
 * Content words of free user text, sanitized and without stop words, at most 8. Empty when the
 * text has nothing searchable.
 */
export function freeTextTerms(text: string): string[] {
  const words = sanitize(text)
    .toLowerCase()
    .split(' ')
    .map((w) => w.replace(/^[-.]+|[-.]+$/g, ''))
    .filter((w) => w.length > 0 && !isStopword(w) && !REQUEST_WORDS.has(w));
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** Free text as `all:"w1" AND all:"w2"…` (or OR), or undefined when nothing is left to search. */
export function freeTextQuery(text: string, operator: 'and' | 'or'): ArxivQuery | undefined {
  const terms = freeTextTerms(text).map((term) => ({ field: 'all', term }) as const);
  if (terms.length === 0) return undefined;
  if (terms.length === 1) return terms[0];
  return operator === 'and' ? { and: terms } : { or: terms };
}

function group(query: ArxivQuery): string {
  const text = buildSearchQuery(query);
  return 'field' in query || 'submittedDate' in query ? text : `(${text})`;
}

function renderTerm(field: ArxivField, term: string): string {
  if (field === 'cat') {
    if (!CATEGORY.test(term)) throw new UserInputError('That is not an arXiv category (e.g. cs.LG).');
    return term;
  }
  const clean = sanitize(term);
  if (!clean) throw new UserInputError('The search needs at least one letter or digit.');
  // Quoting every term keeps words like AND/OR/ANDNOT as plain words.
  return `"${clean}"`;
}

/** Letters, digits, spaces, hyphens and dots only: no quotes, parentheses, colons or brackets. */
function sanitize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\s.-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stamp(value: string, timeOfDay: string): string {
  if (STAMP.test(value)) return value;
  const day = DAY.exec(value);
  if (day) return `${day[1]}${day[2]}${day[3]}${timeOfDay}`;
  throw new UserInputError('Give dates as YYYY-MM-DD.');
}
