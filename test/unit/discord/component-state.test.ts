import { Keyv } from 'keyv';
import { describe, expect, it } from 'vitest';
import { createComponentStateStore } from '../../../src/discord/component-state.ts';
import { encodeCustomId, encodeInlineCustomId } from '../../../src/discord/custom-id.ts';
import { ExpiredStateError } from '../../../src/errors/index.ts';

const KEY = 'q3Xk9vTa2LbM';

function memoryCache() {
  const store = new Keyv();
  return { namespace: () => store };
}

describe('createComponentStateStore', () => {
  it('reads a persistent custom_id from the id itself, with nothing in the store', async () => {
    const states = createComponentStateStore({
      cache: { namespace: () => ({ get: () => Promise.reject(new Error('store read')), set: () => undefined }) },
    } as never);
    const customId = encodeInlineCustomId('feedback.up', { paperId: 'arxiv:2401.12345' });
    expect(await states.load(customId)).toEqual({ route: 'feedback.up', state: { paperId: 'arxiv:2401.12345' } });
  });

  it('loads the state stored under a rendered custom_id after flush', async () => {
    const states = createComponentStateStore({ cache: memoryCache(), newId: () => KEY });
    const recorder = states.recorder();
    const key = recorder.storeState('papers.next', { query: 'rlhf', page: 1 });
    await recorder.flush();
    expect(await states.load(encodeCustomId('papers.next', key))).toEqual({
      route: 'papers.next',
      state: { query: 'rlhf', page: 1 },
    });
  });

  it('throws ExpiredStateError when no state is stored under the key', async () => {
    const states = createComponentStateStore({ cache: memoryCache() });
    await expect(states.load(`papers.next:${KEY}`)).rejects.toMatchObject({
      name: 'ExpiredStateError',
      userMessage: 'These results have expired; run the command again.',
    });
  });

  it('throws ExpiredStateError when the state was stored for another route', async () => {
    const states = createComponentStateStore({ cache: memoryCache(), newId: () => KEY });
    const recorder = states.recorder();
    recorder.storeState('papers.next', { page: 1 });
    await recorder.flush();
    await expect(states.load(`papers.compare:${KEY}`)).rejects.toBeInstanceOf(ExpiredStateError);
  });

  it('throws ExpiredStateError once the TTL has passed', async () => {
    const states = createComponentStateStore({ cache: memoryCache(), newId: () => KEY, ttlMs: 1 });
    const recorder = states.recorder();
    recorder.storeState('papers.next', { page: 1 });
    await recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(states.load(`papers.next:${KEY}`)).rejects.toBeInstanceOf(ExpiredStateError);
  });
});
