import type { Since } from './types.ts';

const DAY_MS = 86_400_000;
const SPAN_MS: Readonly<Record<Exclude<Since, 'any'>, number>> = {
  day: DAY_MS,
  week: 7 * DAY_MS,
  month: 30 * DAY_MS,
  year: 365 * DAY_MS,
};

/** The ISO instant `since` reaches back to from `now`, or undefined for no limit. */
export function sinceToIso(since: Since | undefined, now: number): string | undefined {
  if (!since || since === 'any') return undefined;
  return new Date(now - SPAN_MS[since]).toISOString();
}
