// The words that run a View's buttons and menus in the chat. Each route keeps its word on every
// View that offers it ("s 7" summarizes result 7 on any page), so a word never changes meaning
// as pages turn (issue 15: numbered actions moved from page to page).

/** How one route is typed: its word, a one-letter short form, other spellings, and a line for /help. */
export interface ActionWord {
  readonly word: string;
  readonly short?: string;
  /** Other spellings, e.g. the button's label ("next page"). */
  readonly also?: readonly string[];
  /** What /help says about it; routes that share a word list it once. */
  readonly help?: string;
}

const WORDS: Readonly<Record<string, ActionWord>> = {
  'papers.summarize': { word: 'summarize', short: 's', help: 'summarize result N (s 2)' },
  'papers.compare': { word: 'compare', short: 'c', help: 'compare 2–5 results (c 1 3)' },
  'papers.next': { word: 'next', short: 'n', also: ['next page'], help: 'the next page' },
  'papers.prev': { word: 'prev', short: 'p', also: ['previous', 'previous page'], help: 'the previous page' },
  'summarize.show': { word: 'summarize', short: 's' },
  'summarize.regenerate': { word: 'regenerate', short: 'r', help: 'write the summary again' },
  'summarize.similar': { word: 'similar', also: ['similar papers'], help: 'papers like this one' },
  'reading.pick': { word: 'save', help: 'save result N, or this paper, to your reading list (save 2)' },
  'reading.save': { word: 'save' },
  'reading.keep': { word: 'save' },
  'reading.drop': { word: 'remove', help: 'remove result N from your reading list (remove 2)' },
  'reading.next': { word: 'next', short: 'n', also: ['next page'] },
  'reading.prev': { word: 'prev', short: 'p', also: ['previous', 'previous page'] },
  'trending.next': { word: 'next', short: 'n', also: ['next page'] },
  'trending.prev': { word: 'prev', short: 'p', also: ['previous', 'previous page'] },
  'trending.rank': { word: 'rank', help: 'rank trending papers for this channel, or by upvotes' },
};

/** The words of a route; one without an entry answers to the action part of its name (`x.more` → `more`). */
export function actionWord(route: string): ActionWord {
  return WORDS[route] ?? { word: route.slice(route.indexOf('.') + 1).toLowerCase() };
}

/** Every spelling of a word, lower-cased. */
export function spellings(word: ActionWord): string[] {
  return [word.word, ...(word.short ? [word.short] : []), ...(word.also ?? [])];
}

/**
 * Every spelling any route answers to. A line made of one of them (and numbers) is an action
 * even where that action is not offered, so "Next page" on the last page says so instead of
 * searching for "Next page".
 */
export const KNOWN_SPELLINGS: ReadonlySet<string> = new Set(Object.values(WORDS).flatMap(spellings));

/** Lines for /help: `s N, summarize N — summarize result N (s 2)`, one per word. */
export function actionHelp(): string[] {
  const lines: string[] = [];
  for (const entry of Object.values(WORDS)) {
    if (!entry.help) continue;
    const forms = [entry.short, entry.word].filter(Boolean).join(', ');
    lines.push(`  ${forms} — ${entry.help}`);
  }
  return lines;
}
