import type { Paper, PaperLinks, PaperSource } from './paper.ts';

// Which source's value wins for each field when several describe the same paper.
const PREFERENCE: Readonly<Record<'text' | 'dates' | 'categories', readonly PaperSource[]>> = {
  text: ['arxiv', 'huggingface', 'semanticscholar', 'local'],
  dates: ['arxiv', 'semanticscholar', 'huggingface', 'local'],
  categories: ['arxiv', 'semanticscholar', 'huggingface', 'local'],
};

/**
 * Merges records of one paper (same canonical id) from several sources into one, keeping the best
 * field of each: arXiv's text, dates and categories; HF's upvotes, AI summary and keywords;
 * Semantic Scholar's citation count and TLDR; the newest version; links and sources unioned.
 * Order of `records` does not matter.
 */
export function mergePapers(records: readonly Paper[]): Paper {
  const [first, ...rest] = records;
  if (!first) throw new RangeError('mergePapers needs at least one record');
  if (rest.length === 0) return first;
  const newestVersion = Math.max(0, ...records.map((r) => r.version ?? 0));
  // Text from the newest version wins: an older record may carry a superseded abstract.
  const current =
    newestVersion > 0 ? records.filter((r) => (r.version ?? 0) === newestVersion || r.version === undefined) : records;
  const text = pick(current, PREFERENCE.text, (r) => Boolean(r.title && r.abstract)) ?? first;
  const dates = pick(records, PREFERENCE.dates, (r) => Boolean(r.published)) ?? first;
  const categorised = pick(records, PREFERENCE.categories, (r) => r.categories.length > 0);

  const merged: Paper = {
    id: first.id,
    ...(newestVersion > 0 ? { version: newestVersion } : {}),
    title: text.title,
    abstract: text.abstract,
    authors: longest(records.map((r) => r.authors)),
    published: dates.published,
    ...optional('updated', latest(records.map((r) => r.updated))),
    categories: categorised?.categories ?? [],
    links: mergeLinks(records),
    ...optional('upvotes', max(records.map((r) => r.upvotes))),
    ...optional('aiSummary', firstDefined(records, 'aiSummary', ['huggingface'])),
    keywords: unique(records.flatMap((r) => r.keywords)),
    sources: unique(records.flatMap((r) => r.sources)),
    ...optional('listedOn', earliest(records.map((r) => r.listedOn))),
    ...optional('citationCount', max(records.map((r) => r.citationCount))),
    ...optional('tldr', firstDefined(records, 'tldr', ['semanticscholar'])),
    ...optional('comment', firstDefined(records, 'comment', ['arxiv'])),
    ...optional('journalRef', firstDefined(records, 'journalRef', ['arxiv'])),
    ...optional('doi', firstDefined(records, 'doi', ['arxiv', 'semanticscholar'])),
  };
  return merged;
}

/** Groups papers by canonical id and merges each group, keeping first-seen order. */
export function mergePaperLists(lists: ReadonlyArray<readonly Paper[]>): Paper[] {
  const groups = new Map<string, Paper[]>();
  for (const paper of lists.flat()) {
    const group = groups.get(paper.id);
    if (group) group.push(paper);
    else groups.set(paper.id, [paper]);
  }
  return [...groups.values()].map(mergePapers);
}

function mergeLinks(records: readonly Paper[]): PaperLinks {
  const links: Record<string, string> = {};
  for (const record of records) {
    for (const [key, value] of Object.entries(record.links)) if (value && !links[key]) links[key] = value;
  }
  return links;
}

function pick(
  records: readonly Paper[],
  order: readonly PaperSource[],
  usable: (r: Paper) => boolean,
): Paper | undefined {
  for (const source of order) {
    const found = records.find((r) => r.sources.includes(source) && usable(r));
    if (found) return found;
  }
  return records.find(usable);
}

function firstDefined<K extends 'aiSummary' | 'tldr' | 'comment' | 'journalRef' | 'doi'>(
  records: readonly Paper[],
  key: K,
  preferred: readonly PaperSource[],
): Paper[K] | undefined {
  const ordered = [...records].sort(
    (a, b) =>
      Number(preferred.some((s) => b.sources.includes(s))) - Number(preferred.some((s) => a.sources.includes(s))),
  );
  return ordered.map((r) => r[key]).find((v) => v !== undefined && v !== '');
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function longest<T>(lists: ReadonlyArray<readonly T[]>): readonly T[] {
  return lists.reduce((best, list) => (list.length > best.length ? list : best), [] as readonly T[]);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function max(values: ReadonlyArray<number | undefined>): number | undefined {
  const defined = values.filter((v): v is number => typeof v === 'number');
  return defined.length ? Math.max(...defined) : undefined;
}

function latest(values: ReadonlyArray<string | undefined>): string | undefined {
  return values
    .filter((v): v is string => Boolean(v))
    .sort()
    .at(-1);
}

function earliest(values: ReadonlyArray<string | undefined>): string | undefined {
  return values.filter((v): v is string => Boolean(v)).sort()[0];
}
