import { addDays } from '../scheduling/local-time.ts';
import type { DigestRun } from '../storage/ledger.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A first digest shows the day before it (issue 11, item 5). */
const FIRST_WINDOW_MS = DAY_MS;
/**
 * The furthest back a digest looks: after a pause or a run of skipped days, a week of listings
 * (about 10 HF day fetches) instead of everything since the last post.
 */
export const MAX_WINDOW_DAYS = 7;
/**
 * How long after its UTC day a Hugging Face listing still gains papers: the recorded 2024-09-18
 * listing (test/fixtures/huggingface) holds papers listed until 01:45 UTC on the 19th.
 */
const HF_LISTING_LAG_MS = DAY_MS;

/** The UTC instants a digest's papers were listed in: from the subscription's last digest (inclusive) to this one's due time (exclusive). */
export interface CandidateWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The window of a digest due at `dueAt`: since the subscription's last digest, 24 h for a first
 * one, never more than MAX_WINDOW_DAYS. Consecutive digests get adjacent windows, so each listing
 * time falls in exactly one, whatever the time zone or DST change between them.
 */
export function candidateWindow(dueAt: number, lastDigestAt: number | undefined): CandidateWindow {
  const from = lastDigestAt ?? dueAt - FIRST_WINDOW_MS;
  return { fromMs: Math.min(dueAt, Math.max(from, dueAt - MAX_WINDOW_DAYS * DAY_MS)), toMs: dueAt };
}

/**
 * When the subscription's latest digest before the run (`localDate`, due at `dueAt`) was due: the
 * newest earlier run, within MAX_WINDOW_DAYS local days, that posted or is posting (its window is
 * spent; an empty day's notice counts). Skipped and failed runs may have shown nothing, so their
 * papers stay due; any that a failed run did post are left out as posted before.
 */
export async function lastDigestAt(
  ledger: {
    getRun(subscriptionId: string, localDate: string): Promise<Pick<DigestRun, 'status' | 'scheduledAt'> | undefined>;
  },
  subscriptionId: string,
  run: { readonly localDate: string; readonly dueAt: number },
): Promise<number | undefined> {
  for (let back = 1; back <= MAX_WINDOW_DAYS; back++) {
    const earlier = await ledger.getRun(subscriptionId, addDays(run.localDate, -back));
    if (!earlier || earlier.scheduledAt >= run.dueAt) continue;
    if (earlier.status === 'done' || earlier.status === 'posting') return earlier.scheduledAt;
  }
  return undefined;
}

/** True when an ISO-8601 listing time lies in the window. */
export function inWindow(window: CandidateWindow, listedAt: string): boolean {
  const at = Date.parse(listedAt);
  return at >= window.fromMs && at < window.toMs;
}

/**
 * The Hugging Face day listings (UTC dates) that can hold a paper listed in the window, each with
 * the instant a copy must have been fetched after to be complete for it (ListingOptions.fetchedAfter):
 * the window's end, or for a day settled before that, the day's end plus HF_LISTING_LAG_MS.
 */
export function hfListingDays(
  window: CandidateWindow,
): Array<{ readonly date: string; readonly fetchedAfter: number }> {
  if (window.toMs <= window.fromMs) return [];
  const last = utcDate(window.toMs - 1);
  const days: Array<{ date: string; fetchedAfter: number }> = [];
  for (let date = utcDate(window.fromMs - HF_LISTING_LAG_MS); date <= last; date = addDays(date, 1)) {
    const settledAt = Date.parse(`${addDays(date, 1)}T00:00:00.000Z`) + HF_LISTING_LAG_MS;
    days.push({ date, fetchedAfter: Math.min(window.toMs, settledAt) });
  }
  return days;
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
