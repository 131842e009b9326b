import { type Fixture, loadFixture, type RecordedServer } from './recorded-server.ts';

// Listings that grow over time, served from recorded (or derived) fixtures as they stood at each
// request's time on the server's clock: what a digest fetched early could not have seen.

/**
 * Serves HF day listings as they stood when asked: an item whose listing time (top-level
 * `publishedAt`) is still ahead of the request is left out, so fetching early misses it as HF
 * would. Pages and days without a fixture list nothing.
 */
export function serveListingsAsTheyStood(server: RecordedServer, names: readonly string[]): void {
  for (const name of names) {
    const fixture = loadFixture(name);
    const url = new URL(fixture.url);
    server.route(`${url.pathname}${url.search}`, (request) => ({
      ...fixture,
      body: (fixture.body as Array<{ publishedAt?: string }>).filter(
        (item) => item.publishedAt === undefined || Date.parse(item.publishedAt) <= request.at,
      ),
    }));
  }
  server.route('/api/daily_papers', { url: '', status: 200, body: [] }, { anyQuery: true });
}

/** Serves the arXiv RSS channel as it stood when asked: the latest mailing whose pubDate has come, or an empty channel. */
export function serveFeedsAsTheyStood(server: RecordedServer, names: readonly string[]): void {
  const feeds = names.map(loadFixture).map((fixture) => ({ fixture, builtAt: channelPubDate(fixture) }));
  const empty = loadFixture('arxiv/rss-empty');
  server.route('/rss/cs.LG+cs.CL', (request) => {
    const current = feeds.filter((feed) => feed.builtAt <= request.at).sort((a, b) => b.builtAt - a.builtAt)[0];
    return current?.fixture ?? empty;
  });
}

function channelPubDate(fixture: Fixture): number {
  const pubDate = /<pubDate>([^<]+)<\/pubDate>/.exec(String(fixture.body))?.[1];
  if (!pubDate) throw new Error(`no pubDate in ${fixture.url}`);
  return Date.parse(pubDate);
}
