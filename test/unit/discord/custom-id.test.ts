import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId, encodeInlineCustomId, newStateKey } from '../../../src/discord/custom-id.ts';
import { ExpiredStateError } from '../../../src/errors/index.ts';

const KEY = 'q3Xk9vTa2LbM';

describe('encodeCustomId', () => {
  it('joins route and key with a colon', () => {
    expect(encodeCustomId('papers.next', KEY)).toBe('papers.next:q3Xk9vTa2LbM');
  });

  it('throws when the custom_id would pass 100 characters', () => {
    expect(() => encodeCustomId(`papers.${'a'.repeat(90)}`, KEY)).toThrow(/Discord allows 100/);
  });

  it('throws on a key that is not 12 base64url characters', () => {
    expect(() => encodeCustomId('papers.next', 'user text')).toThrow(/invalid component state key/);
  });
});

describe('decodeCustomId', () => {
  it('splits at the first colon', () => {
    expect(decodeCustomId('papers.next:q3Xk9vTa2LbM')).toEqual({ route: 'papers.next', key: KEY });
  });

  it('throws ExpiredStateError for an id that is not ours', () => {
    expect(() => decodeCustomId('some-old-button')).toThrow(ExpiredStateError);
  });
});

describe('newStateKey', () => {
  it('makes 12 base64url characters', () => {
    expect(newStateKey()).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});

describe('persistent custom_ids (state inline)', () => {
  it('round-trips the state through `<route>=<base64url JSON>`', () => {
    const state = { paperId: 'arxiv:2401.12345', subscriptionId: 'c2d9a1' };
    const customId = encodeInlineCustomId('feedback.up', state);
    expect(customId).toMatch(/^feedback\.up=[A-Za-z0-9_-]+$/);
    expect(decodeCustomId(customId)).toEqual({ route: 'feedback.up', state });
  });

  it('throws when the state would push the custom_id past 100 characters', () => {
    expect(() => encodeInlineCustomId('feedback.up', { paperId: 'x'.repeat(80) })).toThrow(/Discord allows 100/);
  });

  it('throws ExpiredStateError for inline state that is not base64url JSON', () => {
    expect(() => decodeCustomId('feedback.up=not json!')).toThrow(ExpiredStateError);
    expect(() => decodeCustomId(`feedback.up=${Buffer.from('{oops').toString('base64url')}`)).toThrow(
      ExpiredStateError,
    );
  });
});
