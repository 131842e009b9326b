import { describe, expect, it } from 'vitest';
import { SourceUnreachableError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { DEFAULT_COOL_DOWN_MS } from '../../../src/sources/circuit-breaker.ts';
import { createHttpClient, parseRetryAfter, userAgent } from '../../../src/sources/http.ts';
import { createWindowLimiter } from '../../../src/sources/rate-limiter.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

describe('parseRetryAfter', () => {
  it('reads Retry-After in seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '5' }), 0)).toBe(5000);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Wed, 18 Sep 2024 12:00:30 GMT' }), Date.UTC(2024, 8, 18, 12)),
    ).toBe(30_000);
  });

  it("reads t=N from Hugging Face's RateLimit header", () => {
    expect(parseRetryAfter(new Headers({ ratelimit: '"api";r=0;t=42' }), 0)).toBe(42_000);
  });

  it('returns undefined without either header', () => {
    expect(parseRetryAfter(new Headers(), 0)).toBeUndefined();
  });
});

describe('userAgent', () => {
  it('names the project, its version and its home', () => {
    expect(userAgent('1.2.3')).toBe('Paperboy/1.2.3 (+https://github.com/paperboy-bot/paperboy)');
  });
});

describe('createHttpClient', () => {
  // undici's fetch rejects with TypeError('fetch failed') and the system error as its cause.
  const refused = () =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });

  function client(answers: Array<() => Promise<Response>>) {
    const clock = createFakeClock({ auto: true });
    const calls: string[] = [];
    const http = createHttpClient({
      service: 'huggingface',
      fetch: async (url) => {
        calls.push(String(url));
        const next = answers.shift();
        if (!next) throw new Error('no answer scripted');
        return next();
      },
      clock,
      log: silentLogger(),
      limiter: createWindowLimiter({ clock, limit: 100, windowMs: 1000 }),
      timeoutMs: 1000,
      userAgent: 'test',
      offline: false,
      random: () => 0.5,
    });
    return { http, clock, calls };
  }

  it('asks again after the cool-down, and keeps asking once the service answers', async () => {
    const { http, clock, calls } = client([
      () => Promise.reject(refused()),
      async () => new Response('[]'),
      async () => new Response('[]'),
    ]);
    await expect(http.request({ url: 'https://hf.test/a' })).rejects.toBeInstanceOf(SourceUnreachableError);
    await expect(http.request({ url: 'https://hf.test/b' })).rejects.toThrow(/skipped until/);
    await clock.advance(DEFAULT_COOL_DOWN_MS);
    await http.request({ url: 'https://hf.test/c' });
    await http.request({ url: 'https://hf.test/d' });
    expect([calls, http.skippedUntil()]).toEqual([
      ['https://hf.test/a', 'https://hf.test/c', 'https://hf.test/d'],
      undefined,
    ]);
  });

  it('opens again for another cool-down when the retry after one fails too', async () => {
    const { http, clock, calls } = client([() => Promise.reject(refused()), () => Promise.reject(refused())]);
    await http.request({ url: 'https://hf.test/a' }).catch(() => undefined);
    await clock.advance(DEFAULT_COOL_DOWN_MS);
    await http.request({ url: 'https://hf.test/b' }).catch(() => undefined);
    expect([calls.length, http.skippedUntil()]).toEqual([2, clock.now() + DEFAULT_COOL_DOWN_MS]);
  });

  it('counts a refusal of every address the host has as unreachable', async () => {
    const everyAddress = Object.assign(new TypeError('fetch failed'), {
      cause: new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ]),
    });
    const { http, calls } = client([() => Promise.reject(everyAddress)]);
    await expect(http.request({ url: 'https://hf.test/a' })).rejects.toBeInstanceOf(SourceUnreachableError);
    expect(calls).toHaveLength(1);
  });

  it('still retries a connection reset: the service was reached', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const { http, calls } = client([() => Promise.reject(reset), async () => new Response('[]')]);
    await http.request({ url: 'https://hf.test/a' });
    expect(calls).toHaveLength(2);
  });
});
