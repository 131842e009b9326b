import { describe, expect, it } from 'vitest';
import { parseRetryAfter, userAgent } from '../../../src/sources/http.ts';

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
