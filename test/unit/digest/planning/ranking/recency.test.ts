import { describe, expect, it } from 'vitest';
import { rankPapers } from '../../../../../src/digest/planning/ranking/rank.ts';
import {
  FRESH_FOR_MS,
  MAX_STALENESS_PENALTY,
  recencyFactor,
} from '../../../../../src/digest/planning/ranking/recency.ts';
import { makePaper } from '../../../../support/builders.ts';

const DAY = 24 * 3600_000;
const AS_OF = Date.parse('2025-04-01T09:00:00Z');
const base = { topics: ['speculative decoding'], exclude: [], minUpvotes: 0 };
const at = (daysBefore: number) => new Date(AS_OF - daysBefore * DAY).toISOString();
const decoding = (id: string, published: string) =>
  makePaper({ id, title: 'Speculative decoding', abstract: 'Drafts speed up decoding.', published });

describe('recency', () => {
  it('keeps papers of the last few days whole, then costs more with age, never past the floor', () => {
    expect(recencyFactor(0)).toBe(1);
    expect(recencyFactor(FRESH_FOR_MS)).toBe(1);
    expect(recencyFactor(FRESH_FOR_MS + 7 * DAY)).toBeCloseTo(1 - MAX_STALENESS_PENALTY / 2, 12);
    expect(recencyFactor(365 * DAY)).toBeGreaterThanOrEqual(1 - MAX_STALENESS_PENALTY);
    expect(recencyFactor(20 * DAY)).toBeLessThan(recencyFactor(10 * DAY));
    // A paper dated after the digest (clock skew) is simply new.
    expect(recencyFactor(-DAY)).toBe(1);
  });

  it('puts the newer of two equal matches first when the digest says when it is due', () => {
    const old = decoding('arxiv:2503.00001', at(20));
    const fresh = decoding('arxiv:2503.00002', at(1));
    // Without asOf the tie goes to the lower id, as before.
    expect(rankPapers([fresh, old], base).map((e) => e.paper.id)).toEqual([old.id, fresh.id]);
    const ranked = rankPapers([fresh, old], { ...base, asOf: AS_OF });
    expect(ranked.map((e) => e.paper.id)).toEqual([fresh.id, old.id]);
    expect(ranked[1]?.confidence).toBeLessThan(ranked[0]?.confidence ?? 0);
  });

  it('lets an old paper that matches much better still lead, and counts an undated paper as new', () => {
    const strongOld = makePaper({
      id: 'arxiv:2503.00003',
      title: 'Speculative decoding: speculative decoding with drafts',
      abstract: 'Speculative decoding, speculative sampling and decoding trees.',
      published: at(30),
    });
    const weakNew = makePaper({
      id: 'arxiv:2503.00004',
      title: 'Serving systems',
      abstract: 'Among many serving tricks we mention speculative decoding once, in passing, near the end.',
      published: at(0),
    });
    expect(rankPapers([weakNew, strongOld], { ...base, asOf: AS_OF })[0]?.paper.id).toBe(strongOld.id);
    const undated = decoding('arxiv:2503.00005', 'unknown');
    const fresh = decoding('arxiv:2503.00006', at(0));
    const [first, second] = rankPapers([fresh, undated], { ...base, asOf: AS_OF });
    expect(first?.score).toBe(second?.score);
  });
});
