import { json, type RecordedRequest, type Reply } from './http.ts';

export interface FailureInjection {
  readonly method?: string;
  /** Tested against the decoded path without `/api/v10`, e.g. `/channels/123/messages`. */
  readonly pathPattern: RegExp;
  readonly status: 429 | 403 | 404 | 500 | 502 | 503;
  /** Seconds; 429 only. Default 0.05 so retries stay fast. */
  readonly retryAfter?: number;
  /** A 429 on the global limit (sets `X-RateLimit-Global`). */
  readonly global?: boolean;
  /** How many matching requests fail; default 1. */
  readonly times?: number;
  /** Overrides the JSON error body. */
  readonly body?: { readonly code: number; readonly message: string };
}

const FAILURE_BODIES = {
  403: { code: 50013, message: 'Missing Permissions' },
  404: { code: 0, message: '404: Not Found' },
  500: { code: 0, message: '500: Internal Server Error' },
  502: { code: 0, message: '502: Bad Gateway' },
  503: { code: 0, message: '503: Service Unavailable' },
} as const;

interface ActiveFailure {
  readonly rule: FailureInjection;
  readonly pattern: RegExp;
  remaining: number;
}

/** Failures queued by `failNext`, consumed in order by matching requests. */
export function createFailureInjector(now: () => number): {
  add(rule: FailureInjection): void;
  take(request: RecordedRequest): Reply | undefined;
} {
  const active: ActiveFailure[] = [];
  return {
    add(rule) {
      // A /g pattern keeps lastIndex between test() calls and would skip every other match.
      const pattern = new RegExp(rule.pathPattern.source, rule.pathPattern.flags.replace(/[gy]/g, ''));
      active.push({ rule, pattern, remaining: rule.times ?? 1 });
    },
    take(request) {
      const match = active.find(
        ({ rule, pattern, remaining }) =>
          remaining > 0 &&
          (rule.method === undefined || rule.method.toUpperCase() === request.method) &&
          pattern.test(request.path),
      );
      if (!match) return undefined;
      match.remaining -= 1;
      const { rule } = match;
      if (rule.status !== 429) return json(rule.status, rule.body ?? FAILURE_BODIES[rule.status]);
      const retryAfter = rule.retryAfter ?? 0.05;
      const global = rule.global === true;
      // The headers @discordjs/rest reads to wait and retry, plus Discord's JSON body.
      return json(
        429,
        rule.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 },
        {
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String((now() + retryAfter * 1000) / 1000),
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-scope': global ? 'global' : 'user',
          ...(global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      );
    },
  };
}
