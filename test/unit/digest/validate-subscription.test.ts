import { describe, expect, it } from 'vitest';
import { parseSubscriptionInput } from '../../../src/digest/validate-subscription.ts';
import { UserInputError } from '../../../src/errors/index.ts';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof UserInputError) return error.userMessage;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('parseSubscriptionInput', () => {
  it('fills in defaults and splits comma-separated lists', () => {
    expect(parseSubscriptionInput({ topics: ' LLM reasoning , RL,RL ' })).toEqual({
      topics: ['LLM reasoning', 'RL'],
      exclude: [],
      time: '09:00',
      timezone: 'UTC',
      days: 'weekdays',
      source: 'huggingface',
      categories: ['cs.LG', 'cs.CL', 'cs.AI'],
      minUpvotes: 0,
      minScore: 0,
      maxPapers: 5,
      style: 'compact',
    });
  });

  it('canonicalises the time zone and zero-pads the time', () => {
    const settings = parseSubscriptionInput({ topics: 'RL', timezone: 'europe/berlin', time: '7:05' });
    expect([settings.timezone, settings.time]).toEqual(['Europe/Berlin', '07:05']);
  });

  it('treats blank optional options as unset', () => {
    expect(parseSubscriptionInput({ topics: 'RL', time: '', exclude: ' ' }).time).toBe('09:00');
  });

  it('rejects an unknown time zone with an example of a valid one', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', timezone: 'Europe/Berln' }))).toBe(
      'Unknown time zone "Europe/Berln". Use an IANA name such as Europe/Berlin or America/New_York.',
    );
  });

  it('rejects a time that is not HH:MM', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', time: '25:00' }))).toBe(
      '"25:00" is not a time. Use HH:MM in 24-hour form, e.g. 09:00.',
    );
  });

  it('rejects more than 10 topics', () => {
    const topics = Array.from({ length: 11 }, (_, i) => `topic ${i}`).join(',');
    expect(messageOf(() => parseSubscriptionInput({ topics }))).toBe('Give at most 10 topics (you gave 11).');
  });

  it('rejects a topic over 100 characters', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'x'.repeat(101) }))).toBe(
      `Each topic must be at most 100 characters; "${'x'.repeat(40)}…" has 101.`,
    );
  });

  it('rejects no topics', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: ' , ' }))).toBe(
      'Give at least one topic, e.g. `LLM reasoning, RL`.',
    );
  });

  it('rejects max_papers outside 1–10', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', maxPapers: 11 }))).toBe(
      'max_papers must be between 1 and 10.',
    );
  });

  it('takes min_score from 0 to 1 and rejects anything else', () => {
    expect(parseSubscriptionInput({ topics: 'RL', minScore: 0.4 }).minScore).toBe(0.4);
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', minScore: 1.5 }))).toBe(
      'min_score must be between 0 and 1 (e.g. 0.4).',
    );
  });

  it('rejects a malformed arXiv category', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', categories: 'cs.LG, machine learning' }))).toBe(
      '"machine learning" is not an arXiv category. Use names like cs.LG, stat.ML or hep-th, separated by commas.',
    );
  });

  it('accepts categories with and without a subject class', () => {
    expect(parseSubscriptionInput({ topics: 'RL', categories: 'cs.LG, hep-th, astro-ph.GA' }).categories).toEqual([
      'cs.LG',
      'hep-th',
      'astro-ph.GA',
    ]);
  });

  it('lists every problem at once', () => {
    expect(messageOf(() => parseSubscriptionInput({ topics: 'RL', time: 'noon', style: 'big' }))).toBe(
      '"noon" is not a time. Use HH:MM in 24-hour form, e.g. 09:00. style must be one of: compact, cards, threads.',
    );
  });
});
