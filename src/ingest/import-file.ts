import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { UserInputError } from '../errors/index.ts';
import { arxivLinks, type Paper, type PaperSource } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { collapseWhitespace, sanitiseTitle } from '../text/index.ts';
import { arrayElementLines, firstJsonError } from './json-locations.ts';
import { decodeTextFile } from './text-file.ts';
import { showInvisible } from './visible-text.ts';

// File import for `paperboy ingest --file`: a JSON array or JSONL of papers, BEIR corpus.jsonl
// lines {_id, title, text}, or a saved Hugging Face Papers page (a header, then a title line and an
// abstract line per paper, blank lines between).

export type ImportFormat = 'json' | 'jsonl' | 'hf-page';

/** A record of the file that was left out, and why. */
export interface SkippedRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  /** 1-based column, where a line's JSON breaks. */
  readonly column?: number;
  readonly reason: string;
}

export interface ImportResult {
  readonly format: ImportFormat;
  readonly papers: Paper[];
  /** Records that could not be used, and repeated ids (the first record of an id is kept), in file order. */
  readonly skipped: readonly SkippedRecord[];
}

interface Found {
  readonly paper: Paper;
  readonly line: number;
}

const SOURCES = ['huggingface', 'arxiv', 'semanticscholar', 'local'] as const;
const stringList = z.union([z.array(z.string()), z.string().transform((s) => s.split(/\s*[,;]\s*/).filter(Boolean))]);

/** A paper as people write it by hand or export it: only a title is required. */
const PaperRecord = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  _id: z.union([z.string(), z.number()]).optional(),
  version: z.number().int().positive().optional(),
  title: z.string(),
  abstract: z.string().optional(),
  summary: z.string().optional(),
  text: z.string().optional(),
  authors: stringList.optional(),
  published: z.string().optional(),
  updated: z.string().optional(),
  categories: stringList.optional(),
  links: z.record(z.string(), z.string()).optional(),
  upvotes: z.number().optional(),
  aiSummary: z.string().optional(),
  keywords: stringList.optional(),
  sources: z.array(z.enum(SOURCES)).optional(),
  listedOn: z.string().optional(),
  citationCount: z.number().optional(),
  tldr: z.string().optional(),
  comment: z.string().optional(),
  journalRef: z.string().optional(),
  doi: z.string().optional(),
});
type PaperRecord = z.infer<typeof PaperRecord>;

// An abstract line is long prose; titles on the saved page are at most ~170 characters.
const MIN_ABSTRACT_CHARS = 120;
const MAX_TITLE_CHARS = 300;

/**
 * Reads a file of papers in any supported format. Only text is read: a compressed, binary or
 * mis-encoded file is refused whole, before anything is parsed. The result may hold no paper (every
 * record skipped); the caller reports the skipped records and decides.
 * @throws UserInputError when the file cannot be read, is not text, or is a JSON document that does not parse.
 */
export async function importFile(path: string): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UserInputError(`Cannot read ${path}: check the path.`, { cause: error });
  }
  return parseImport(decodeTextFile(bytes, path), extname(path).toLowerCase(), path);
}

/**
 * Parses file content. A `.jsonl`/`.ndjson` extension means JSON lines; otherwise the content
 * decides: a JSON document (an array of records, or one record), else JSON lines when its lines
 * are JSON on their own (so a first line `[1,2]` is one bad record, not a broken array), or a
 * saved Hugging Face page. `name` names the file in errors.
 * @throws UserInputError when a JSON document does not parse, with the line and column.
 */
export function parseImport(text: string, extension = '', name = 'the file'): ImportResult {
  const body = text.replace(/^\uFEFF/, '');
  if (extension === '.jsonl' || extension === '.ndjson') return parseJsonLines(body);
  const first = body.trimStart()[0];
  if (first !== '[' && first !== '{') return { format: 'hf-page', ...withoutRepeats(hfPageRecords(body)) };
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    if (isJsonLines(body)) return parseJsonLines(body);
    const at = firstJsonError(body);
    const where = at ? `:${at.line}:${at.column}` : '';
    throw new UserInputError(`${name}${where}: not valid JSON (${at?.reason ?? (error as Error).message}).`, {
      cause: error,
    });
  }
  return parseJsonDocument(body, document, name);
}

// JSON lines, not a broken document: the first line is JSON on its own, or most of the first few
// are (in a pretty-printed array most lines are not: they end in a comma, or hold half a record).
const LINES_SAMPLED = 20;

function isJsonLines(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, LINES_SAMPLED);
  if (lines.length < 2) return false;
  const valid = lines.map((line) => firstJsonError(line) === undefined);
  return valid[0] === true || valid.filter(Boolean).length * 2 > lines.length;
}

function parseJsonDocument(text: string, document: unknown, name: string): ImportResult {
  let body = document;
  if (!Array.isArray(body)) {
    if (!isRecord(body)) throw new UserInputError(`${name} holds a JSON ${kindOf(body)}, not an array of papers.`);
    body = [body];
  }
  // Finding each element's line means parsing again: only when there is something to report.
  let lines: number[] | undefined;
  const lineOf = (index: number) => {
    lines ??= arrayElementLines(text);
    return lines[index] ?? 1;
  };
  // Until reported, a record's `line` is its index in the array.
  const found: Found[] = [];
  const skipped: SkippedRecord[] = [];
  (body as unknown[]).forEach((raw, index) => {
    const outcome = toPaper(raw);
    if (typeof outcome === 'string') skipped.push({ line: lineOf(index), reason: outcome });
    else found.push({ paper: outcome, line: index });
  });
  const { papers, skipped: repeats } = withoutRepeats(found, lineOf);
  return { format: 'json', papers, skipped: inFileOrder([...skipped, ...repeats]) };
}

function parseJsonLines(text: string): ImportResult {
  const found: Found[] = [];
  const skipped: SkippedRecord[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    if (!content.trim()) return;
    const line = index + 1;
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      // A broken line is reported and the rest still imports.
      const at = firstJsonError(content);
      skipped.push({
        line,
        ...(at ? { column: at.column } : {}),
        reason: `not valid JSON (${at?.reason ?? (error as Error).message})`,
      });
      return;
    }
    const outcome = toPaper(raw);
    if (typeof outcome === 'string') skipped.push({ line, reason: outcome });
    else found.push({ paper: outcome, line });
  });
  const { papers, skipped: repeats } = withoutRepeats(found);
  return { format: 'jsonl', papers, skipped: inFileOrder([...skipped, ...repeats]) };
}

/** The paper a parsed record describes, or why it cannot be one. */
function toPaper(raw: unknown): Paper | string {
  if (!isRecord(raw)) return `a JSON ${kindOf(raw)}, not a paper record`;
  const record = PaperRecord.safeParse(raw);
  if (!record.success) {
    return record.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
  }
  return recordToPaper(record.data) ?? 'title is empty (nothing visible once control and zero-width characters go)';
}

/** BEIR lines ({_id, title, text}) become `local:<_id>`; arXiv ids and DOIs become canonical ids. */
function recordToPaper(record: PaperRecord): Paper | undefined {
  const title = sanitiseTitle(record.title);
  if (title === undefined) return undefined;
  const id = canonicalId(record) ?? localId(title);
  const sources: PaperSource[] = record.sources?.length ? [...record.sources] : ['local'];
  return {
    id,
    ...(record.version ? { version: record.version } : {}),
    title,
    abstract: collapseWhitespace(record.abstract ?? record.summary ?? record.text ?? ''),
    authors: record.authors ?? [],
    published: record.published ?? '',
    ...(record.updated ? { updated: record.updated } : {}),
    categories: record.categories ?? [],
    links: { ...arxivLinks(id), ...record.links },
    ...(record.upvotes === undefined ? {} : { upvotes: record.upvotes }),
    ...(record.aiSummary ? { aiSummary: record.aiSummary } : {}),
    keywords: record.keywords ?? [],
    sources,
    ...(record.listedOn ? { listedOn: record.listedOn } : {}),
    ...(record.citationCount === undefined ? {} : { citationCount: record.citationCount }),
    ...(record.tldr ? { tldr: record.tldr } : {}),
    ...(record.comment ? { comment: record.comment } : {}),
    ...(record.journalRef ? { journalRef: record.journalRef } : {}),
    ...(record.doi ? { doi: record.doi } : {}),
  };
}

function canonicalId(record: PaperRecord): string | undefined {
  if (record._id !== undefined) return `local:${String(record._id).trim()}`;
  if (record.id === undefined) return undefined;
  const id = String(record.id).trim();
  if (/^local:.+/.test(id)) return id;
  const parsed = tryParsePaperId(id);
  return parsed ? parsed.id : `local:${id}`;
}

/**
 * Papers of a saved Hugging Face Papers page: each title line followed by its abstract line.
 * Header lines ("Daily Papers", dates…) are never followed by an abstract-sized line, so they drop out.
 */
export function parseHfPage(text: string): Paper[] {
  return withoutRepeats(hfPageRecords(text)).papers;
}

function hfPageRecords(text: string): Found[] {
  const lines = text
    .split(/\r?\n/)
    .map((content, index) => ({ content: content.trim(), line: index + 1 }))
    .filter((l) => l.content);
  const found: Found[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const title = lines[i]?.content ?? '';
    const abstract = lines[i + 1]?.content ?? '';
    if (title.length > MAX_TITLE_CHARS || abstract.length < MIN_ABSTRACT_CHARS || title.length >= abstract.length)
      continue;
    const cleanTitle = sanitiseTitle(title);
    if (cleanTitle === undefined) continue;
    const paper: Paper = {
      id: localId(cleanTitle),
      title: cleanTitle,
      abstract: collapseWhitespace(abstract),
      authors: [],
      published: '',
      categories: [],
      links: {},
      keywords: [],
      sources: ['local'],
    };
    found.push({ paper, line: lines[i]?.line ?? 1 });
    i++;
  }
  return found;
}

/** `local:<slug>-<hash>`: readable, stable across re-imports, distinct for titles that slug alike. */
export function localId(title: string): string {
  const normalized = collapseWhitespace(title).toLowerCase();
  const slug = normalized
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 8);
  return `local:${slug || 'paper'}-${hash}`;
}

/** The first record of each id; each later one is reported, naming where the first is. */
function withoutRepeats(
  found: readonly Found[],
  lineOf: (line: number) => number = (line) => line,
): { papers: Paper[]; skipped: SkippedRecord[] } {
  const first = new Map<string, number>();
  const papers: Paper[] = [];
  const skipped: SkippedRecord[] = [];
  for (const { paper, line } of found) {
    const seen = first.get(paper.id);
    if (seen === undefined) {
      first.set(paper.id, line);
      papers.push(paper);
    } else {
      skipped.push({
        line: lineOf(line),
        reason: `repeats id ${showInvisible(paper.id)} of line ${lineOf(seen)} (the first is kept)`,
      });
    }
  }
  return { papers, skipped };
}

function inFileOrder(skipped: readonly SkippedRecord[]): SkippedRecord[] {
  return [...skipped].sort((a, b) => a.line - b.line);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}
