import { describe, expect, it } from 'vitest';
import {
  type CandidateWindow,
  candidateWindow,
  hfListingDays,
  inWindow,
  lastDigestAt,
  MAX_WINDOW_DAYS,
} from '../../../../src/digest/planning/candidate-window.ts';
import type { RunStatus } from '../../../../src/digest/storage/ledger.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

describe('candidateWindow', () => {
  it('covers the 24 hours before a first digest', async () => {
    expect(candidateWindow(at('2024-09-19T00:00:00Z'), undefined)).toEqual({
      fromMs: at('2024-09-18T00:00:00Z'),
      toMs: at('2024-09-19T00:00:00Z'),
    });
  });

  it('starts where the last digest ended', async () => {
    expect(candidateWindow(at('2024-10-27T08:00:00Z'), at('2024-10-26T07:00:00Z'))).toEqual({
      fromMs: at('2024-10-26T07:00:00Z'),
      toMs: at('2024-10-27T08:00:00Z'),
    });
  });

  it(`looks back at most ${MAX_WINDOW_DAYS} days`, async () => {
    const due = at('2024-09-30T07:00:00Z');
    expect(candidateWindow(due, at('2024-09-01T07:00:00Z')).fromMs).toBe(due - MAX_WINDOW_DAYS * DAY);
  });

  it('is empty when the last digest is not before this one', async () => {
    const due = at('2024-09-19T00:00:00Z');
    expect(candidateWindow(due, due + HOUR)).toEqual({ fromMs: due, toMs: due });
  });
});

describe('inWindow', () => {
  const window: CandidateWindow = { fromMs: at('2024-09-18T00:00:00Z'), toMs: at('2024-09-19T00:00:00Z') };

  it('includes its start and excludes its end, so adjacent windows share no instant', async () => {
    expect(
      [
        '2024-09-18T00:00:00.000Z',
        '2024-09-18T23:59:59.999Z',
        '2024-09-19T00:00:00.000Z',
        '2024-09-17T23:59:59.999Z',
      ].map((listedAt) => inWindow(window, listedAt)),
    ).toEqual([true, true, false, false]);
  });
});

describe('hfListingDays', () => {
  it('asks for the UTC days the window touches and the day before, which still grows after midnight', async () => {
    const window = { fromMs: at('2024-09-18T19:00:00Z'), toMs: at('2024-09-19T19:00:00Z') };
    expect(hfListingDays(window).map((day) => day.date)).toEqual(['2024-09-17', '2024-09-18', '2024-09-19']);
  });

  it('does not ask for the day the window ends at midnight', async () => {
    const window = { fromMs: at('2024-09-18T00:00:00Z'), toMs: at('2024-09-19T00:00:00Z') };
    expect(hfListingDays(window).map((day) => day.date)).toEqual(['2024-09-17', '2024-09-18']);
  });

  it('wants a copy fetched after the window ends, or after the day settled when that is earlier', async () => {
    const window = { fromMs: at('2024-10-25T07:00:00Z'), toMs: at('2024-10-28T08:00:00Z') };
    expect(hfListingDays(window)).toEqual([
      { date: '2024-10-24', fetchedAfter: at('2024-10-26T00:00:00Z') },
      { date: '2024-10-25', fetchedAfter: at('2024-10-27T00:00:00Z') },
      { date: '2024-10-26', fetchedAfter: at('2024-10-28T00:00:00Z') },
      { date: '2024-10-27', fetchedAfter: at('2024-10-28T08:00:00Z') },
      { date: '2024-10-28', fetchedAfter: at('2024-10-28T08:00:00Z') },
    ]);
  });

  it('asks for nothing in an empty window', async () => {
    expect(hfListingDays({ fromMs: at('2024-09-19T00:00:00Z'), toMs: at('2024-09-19T00:00:00Z') })).toEqual([]);
  });
});

describe('lastDigestAt', () => {
  function ledgerWith(runs: Record<string, { status: RunStatus; scheduledAt: string }>) {
    return {
      getRun: async (subscriptionId: string, localDate: string) => {
        const run = subscriptionId === 'sub-1' ? runs[localDate] : undefined;
        return run ? { status: run.status, scheduledAt: at(run.scheduledAt) } : undefined;
      },
    };
  }
  const run = { localDate: '2024-09-20', dueAt: at('2024-09-20T00:00:00Z') };

  it("is the due time of the subscription's latest posted digest", async () => {
    const ledger = ledgerWith({
      '2024-09-18': { status: 'done', scheduledAt: '2024-09-18T00:00:00Z' },
      '2024-09-19': { status: 'done', scheduledAt: '2024-09-19T00:00:00Z' },
    });
    expect(await lastDigestAt(ledger, 'sub-1', run)).toBe(at('2024-09-19T00:00:00Z'));
  });

  it('counts a digest still posting and passes over skipped and failed ones', async () => {
    const ledger = ledgerWith({
      '2024-09-16': { status: 'posting', scheduledAt: '2024-09-16T00:00:00Z' },
      '2024-09-18': { status: 'failed', scheduledAt: '2024-09-18T00:00:00Z' },
      '2024-09-19': { status: 'skipped', scheduledAt: '2024-09-19T00:00:00Z' },
    });
    expect(await lastDigestAt(ledger, 'sub-1', run)).toBe(at('2024-09-16T00:00:00Z'));
  });

  it(`is undefined for a first digest or one whose last was more than ${MAX_WINDOW_DAYS} days ago`, async () => {
    expect(await lastDigestAt(ledgerWith({}), 'sub-1', run)).toBeUndefined();
    const old = ledgerWith({ '2024-09-12': { status: 'done', scheduledAt: '2024-09-12T00:00:00Z' } });
    expect(await lastDigestAt(old, 'sub-1', run)).toBeUndefined();
  });
});
