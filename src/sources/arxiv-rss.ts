import { z } from 'zod';
import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import { UpstreamError, UserInputError } from '../errors/index.ts';
import type { Logger } from '../log.ts';
import { arxivLinks, type Paper } from '../papers/paper.ts';
import { tryParsePaperId } from '../papers/parse-paper-id.ts';
import { collapseWhitespace } from '../text/index.ts';
import { isoTimestamp, utcDay } from './dates.ts';
import type { HttpClient } from './http.ts';
import { cachedListing, type ListedPaper, type ListingOptions } from './listings.ts';
import { parseXml, textOf } from './xml.ts';

// arXiv RSS (https://info.arxiv.org/help/rss.html): GET {rss}/cs.LG+cs.CL → RSS 2.0, one item per
// announced paper with <arxiv:announce_type> new | cross | replace | replace-cross, the guid
// oai:arXiv.org:<id>v<N>, and "arXiv:<id> Announce Type: new Abstract: …" as description.
// No announcements on weekends and holidays: the channel is then empty.

export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export interface Announcements {
  readonly papers: Paper[];
  /** False when the feed is empty: a weekend or holiday, not an error. */
  readonly announced: boolean;
}

export interface ArxivRssClient {
  /**
   * Today's announcements in the categories: new and cross-listed papers, plus replacements when
   * `includeReplacements` is set.
   * @throws UserInputError for a malformed category; UpstreamError; RateLimitedError.
   */
  announcements(
    categories: readonly string[],
    options?: { readonly includeReplacements?: boolean; readonly signal?: AbortSignal },
  ): Promise<Announcements>;
  /**
   * The current mailing's new and cross-listed papers, each listed at the item's pubDate: 00:00 ET
   * of the mailing's date. arXiv announces at 20:00 ET the evening before, but the feed is rebuilt
   * only at midnight (https://info.arxiv.org/help/rss.html), so that is when this listing shows them.
   * @throws as `announcements`.
   */
  listings(categories: readonly string[], options?: ListingOptions): Promise<ListedPaper[]>;
}

export interface ArxivRssDependencies {
  readonly rssUrl: string;
  readonly http: HttpClient;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
}

const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;
// The feed changes once a day (around 00:00 ET); half an hour keeps a fresh view without re-asking.
const RSS_TTL_MS = 30 * 60_000;
const ARRAYS = new Set(['item', 'category']);
const NEW_TYPES: ReadonlySet<string> = new Set(['new', 'cross']);
const ALL_TYPES: ReadonlySet<string> = new Set(['new', 'cross', 'replace', 'replace-cross']);

const Item = z.looseObject({
  title: z.unknown(),
  link: z.unknown().optional(),
  description: z.unknown().optional(),
  guid: z.unknown().optional(),
  category: z.array(z.unknown()).optional(),
  pubDate: z.unknown().optional(),
  'arxiv:announce_type': z.unknown().optional(),
  'dc:creator': z.unknown().optional(),
});
type Item = z.infer<typeof Item>;
const Rss = z.looseObject({
  rss: z.looseObject({
    channel: z.union([
      z.looseObject({ item: z.array(z.unknown()).optional(), pubDate: z.unknown().optional() }),
      z.literal(''),
    ]),
  }),
});

export function createArxivRssClient({ rssUrl, http, cache, clock, log }: ArxivRssDependencies): ArxivRssClient {
  const rssLog = log.child({ module: 'sources', service: 'arxiv', feed: 'rss' });
  const feed = (
    categories: readonly string[],
    options: { readonly signal?: AbortSignal | undefined; readonly fetchedAfter?: number | undefined },
  ): Promise<RssEntry[]> => {
    const list = [...new Set(categories.map((c) => c.trim()).filter(Boolean))];
    if (list.length === 0 || !list.every((c) => CATEGORY.test(c))) {
      throw new UserInputError('Give arXiv categories like cs.LG,cs.CL.');
    }
    const url = `${rssUrl}/${list.join('+')}`;
    return cachedListing(
      { cache, clock },
      `arxiv:rss-feed:${list.join('+')}`,
      { ttlMs: RSS_TTL_MS, fetchedAfter: options.fetchedAfter },
      async () => {
        const response = await http.request({ url, signal: options.signal, accept: 'application/rss+xml' });
        try {
          return parseRss(response.text, (err) => rssLog.warn({ err }, 'skipped a malformed RSS item'));
        } catch (error) {
          http.noteFailure(error);
          throw error;
        }
      },
    );
  };
  return {
    async announcements(categories, options = {}) {
      const all = await feed(categories, options);
      const wanted = options.includeReplacements ? ALL_TYPES : NEW_TYPES;
      return {
        announced: all.length > 0,
        papers: all.filter((entry) => wanted.has(entry.announceType)).map((entry) => entry.paper),
      };
    },
    async listings(categories, options = {}) {
      const all = await feed(categories, options);
      return all.flatMap((entry) =>
        NEW_TYPES.has(entry.announceType) && entry.announcedAt
          ? [{ paper: entry.paper, listedAt: entry.announcedAt }]
          : [],
      );
    },
  };
}

export interface RssEntry {
  readonly announceType: string;
  readonly paper: Paper;
  /** The item's pubDate (else the channel's), ISO-8601 UTC; undefined when the feed gives neither. */
  readonly announcedAt: string | undefined;
}

/** @throws UpstreamError `bad_response` for malformed XML or a document that is not RSS. */
export function parseRss(xml: string, onBadItem: (error: unknown) => void = () => {}): RssEntry[] {
  const parsed = Rss.safeParse(parseXml(xml, 'arxiv', ARRAYS));
  if (!parsed.success) throw new UpstreamError('arxiv', 'bad_response', 'not an RSS feed', { cause: parsed.error });
  const channel = parsed.data.rss.channel;
  if (channel === '') return [];
  const entries: RssEntry[] = [];
  for (const raw of channel.item ?? []) {
    const item = Item.safeParse(raw);
    const entry = item.success ? itemToEntry(item.data, textOf(channel.pubDate)) : undefined;
    if (entry) entries.push(entry);
    else onBadItem(item.success ? new Error(`unusable item ${String(textOf(item.data.guid))}`) : item.error);
  }
  return entries;
}

function itemToEntry(item: Item, channelDate: string | undefined): RssEntry | undefined {
  // guid: oai:arXiv.org:2404.01234v1 (the version tells new from replaced).
  const guid = textOf(item.guid) ?? '';
  const rawId = /^oai:arXiv\.org:(.+)$/i.exec(guid)?.[1] ?? /\/abs\/(.+)$/.exec(textOf(item.link) ?? '')?.[1];
  const parsed = rawId ? tryParsePaperId(rawId) : undefined;
  if (parsed?.kind !== 'arxiv') return undefined;
  const title = collapseWhitespace(textOf(item.title) ?? '');
  if (!title) return undefined;
  const description = collapseWhitespace(textOf(item.description) ?? '');
  const announceType =
    textOf(item['arxiv:announce_type'])?.trim() ?? /Announce Type:\s*([a-z-]+)/.exec(description)?.[1] ?? 'new';
  const abstract = /Abstract:\s*(.*)$/s.exec(description)?.[1] ?? description;
  const announcedAt = isoTimestamp(textOf(item.pubDate)) ?? isoTimestamp(channelDate);
  const listedOn = utcDay(announcedAt);
  return {
    announceType,
    announcedAt,
    paper: {
      id: parsed.id,
      ...(parsed.version ? { version: parsed.version } : {}),
      title,
      abstract,
      authors: splitCreators(textOf(item['dc:creator']) ?? ''),
      // The feed has no submission date; the announcement is the closest it says.
      published: announcedAt ?? '',
      categories: (item.category ?? []).map((c) => textOf(c) ?? '').filter(Boolean),
      links: arxivLinks(parsed.id),
      keywords: [],
      sources: ['arxiv'],
      ...(listedOn ? { listedOn } : {}),
    },
  };
}

/** "A. One, B. Two and C. Three" → names. */
function splitCreators(creators: string): string[] {
  return collapseWhitespace(creators)
    .split(/\s*,\s*|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}
