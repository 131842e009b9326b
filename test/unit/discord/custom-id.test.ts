import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId, newStateKey } from '../../../src/discord/custom-id.ts';
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
