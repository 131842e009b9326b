import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { UserInputError } from '../errors/index.ts';
import { arxivLinks, type Paper, type PaperSource } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';

// File import for `paperboy ingest --file`: a JSON array or JSONL of papers, BEIR corpus.jsonl
// lines {_id, title, text}, or a saved Hugging Face Papers page (a header, then a title line and an
// abstract line per paper, blank lines between).

export type ImportFormat = 'json' | 'jsonl' | 'hf-page';

export interface ImportResult {
  readonly format: ImportFormat;
  readonly papers: Paper[];
  /** Records that could not be used (1-based line for JSONL, index for JSON), with why. */
  readonly skipped: ReadonlyArray<{ readonly at: number; readonly reason: string }>;
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
 * Reads a file of papers in any supported format.
 * @throws UserInputError when the file cannot be read or holds no usable paper.
 */
export async function importFile(path: string): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserInputError(`Cannot read ${path}: check the path.`, { cause: error });
  }
  const result = parseImport(text, extname(path).toLowerCase());
  if (result.papers.length === 0) throw new UserInputError(`No papers found in ${path}.`);
  return result;
}

/** Parses file content; `extension` (".json", ".jsonl", ".txt"…) is a hint, the content decides. */
export function parseImport(text: string, extension = ''): ImportResult {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[')) return parseJsonArray(trimmed);
  if (extension === '.jsonl' || extension === '.ndjson' || trimmed.startsWith('{')) return parseJsonLines(trimmed);
  return { format: 'hf-page', papers: parseHfPage(trimmed), skipped: [] };
}

function parseJsonArray(text: string): ImportResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new UserInputError('The file starts like a JSON array but is not valid JSON.', { cause: error });
  }
  const papers: Paper[] = [];
  const skipped: Array<{ at: number; reason: string }> = [];
  for (const [index, raw] of (body as unknown[]).entries()) collect(raw, index, papers, skipped);
  return { format: 'json', papers: dedupe(papers), skipped };
}

function parseJsonLines(text: string): ImportResult {
  const papers: Paper[] = [];
  const skipped: Array<{ at: number; reason: string }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      // A broken line is reported and the rest still imports.
      skipped.push({ at: index + 1, reason: 'not JSON' });
      return;
    }
    collect(raw, index + 1, papers, skipped);
  });
  return { format: 'jsonl', papers: dedupe(papers), skipped };
}

function collect(raw: unknown, at: number, papers: Paper[], skipped: Array<{ at: number; reason: string }>): void {
  const record = PaperRecord.safeParse(raw);
  if (!record.success) {
    skipped.push({
      at,
      reason: record.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; '),
    });
    return;
  }
  const paper = recordToPaper(record.data);
  if (paper) papers.push(paper);
  else skipped.push({ at, reason: 'empty title' });
}

/** BEIR lines ({_id, title, text}) become `local:<_id>`; arXiv ids and DOIs become canonical ids. */
function recordToPaper(record: PaperRecord): Paper | undefined {
  const title = collapse(record.title);
  if (!title) return undefined;
  const id = canonicalId(record) ?? localId(title);
  const sources: PaperSource[] = record.sources?.length ? [...record.sources] : ['local'];
  return {
    id,
    ...(record.version ? { version: record.version } : {}),
    title,
    abstract: collapse(record.abstract ?? record.summary ?? record.text ?? ''),
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
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const papers: Paper[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const title = lines[i] ?? '';
    const abstract = lines[i + 1] ?? '';
    if (title.length > MAX_TITLE_CHARS || abstract.length < MIN_ABSTRACT_CHARS || title.length >= abstract.length)
      continue;
    const cleanTitle = collapse(title);
    papers.push({
      id: localId(cleanTitle),
      title: cleanTitle,
      abstract: collapse(abstract),
      authors: [],
      published: '',
      categories: [],
      links: {},
      keywords: [],
      sources: ['local'],
    });
    i++;
  }
  return dedupe(papers);
}

/** `local:<slug>-<hash>`: readable, stable across re-imports, distinct for titles that slug alike. */
export function localId(title: string): string {
  const normalized = collapse(title).toLowerCase();
  const slug = normalized
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 8);
  return `local:${slug || 'paper'}-${hash}`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function dedupe(papers: readonly Paper[]): Paper[] {
  const seen = new Set<string>();
  return papers.filter((p) => !seen.has(p.id) && seen.add(p.id));
}
