import { json, type RecordedRequest, type Reply } from './http.ts';

// Discord's per-route rate limits, for POST /channels/{id}/messages (its bucket is per channel, the
// major parameter). Every answer on the route carries the headers Discord sends — X-RateLimit-Limit,
// -Remaining, -Reset (epoch seconds), -Reset-After (seconds), -Bucket — and a request beyond the
// limit gets 429 with `retry_after`, `Retry-After` and X-RateLimit-Scope: user, as Discord's "Rate
// Limits" page describes. Nothing is sent for a refused request: Discord does not act on it.

export interface RouteBucketOptions {
  /** Requests per window per channel (Discord's is 5 per 5 s). */
  readonly limit: number;
  readonly windowMs: number;
}

const MESSAGE_ROUTE = /^\/channels\/(\d+)\/messages$/;
const BUCKET_HASH = 'fake-channel-messages';

export function createRouteBuckets(options: RouteBucketOptions, now: () => number) {
  const windows = new Map<string, { resetAt: number; used: number }>();
  return {
    /** The refusal for a request over its bucket's limit, or the headers for one that may go on. */
    take(request: RecordedRequest): { refused: Reply } | { headers: Record<string, string> } | undefined {
      const channelId = request.method === 'POST' ? MESSAGE_ROUTE.exec(request.path)?.[1] : undefined;
      if (channelId === undefined) return undefined;
      const at = now();
      let window = windows.get(channelId);
      if (!window || at >= window.resetAt) {
        window = { resetAt: at + options.windowMs, used: 0 };
        windows.set(channelId, window);
      }
      const resetAfter = (window.resetAt - at) / 1000;
      const headers = (remaining: number): Record<string, string> => ({
        'x-ratelimit-limit': String(options.limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(window.resetAt / 1000),
        'x-ratelimit-reset-after': String(resetAfter),
        'x-ratelimit-bucket': BUCKET_HASH,
      });
      if (window.used >= options.limit) {
        const body = { message: 'You are being rate limited.', retry_after: resetAfter, global: false, code: 0 };
        return {
          refused: json(429, body, {
            ...headers(0),
            'retry-after': String(Math.ceil(resetAfter)),
            'x-ratelimit-scope': 'user',
          }),
        };
      }
      window.used += 1;
      return { headers: headers(options.limit - window.used) };
    },
  };
}
