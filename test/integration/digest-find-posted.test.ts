import { REST } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { digestNonce } from '../../src/digest/scheduling/digest-nonce.ts';
import type { DigestMessage, PlannedPaper } from '../../src/digest/types.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { renderDigestMessage } from '../../src/discord/render/digest.ts';
import { FAKE_BOT_TOKEN, FAKE_PAPERS_CHANNEL_ID, FAKE_USER_ID, startFakeDiscord } from '../support/fake-discord.ts';

const CHANNEL = FAKE_PAPERS_CHANNEL_ID;
const MINUTE = 60_000;

const paper: PlannedPaper = {
  id: 'arxiv:2409.12183',
  title: 'To CoT or not to CoT?',
  url: 'https://arxiv.org/abs/2409.12183',
  upvotes: 36,
  matchedTerms: ['reasoning'],
  tldr: 'Chain-of-thought helps on math.',
};
const header: DigestMessage = { kind: 'header', seq: 0, text: 'Papers for Wed 18 Sep', notices: [] };
const thread: DigestMessage = { kind: 'thread', seq: 1, paper, rank: 1 };
const cards: DigestMessage = { kind: 'cards', seq: 1, papers: [paper], startRank: 1 };
const nonce = (seq: number) => digestNonce('sub-1', '2024-09-18', seq);

/** discord.js's REST client as the bot, against the fake Discord (its clock moves with `tick`). */
async function setup() {
  let now = Date.UTC(2024, 8, 18, 7, 0);
  const fake = await startFakeDiscord({ clock: { now: () => now } });
  onTestFinished(() => fake.close());
  const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(FAKE_BOT_TOKEN);
  return {
    fake,
    now: () => now,
    tick: (ms: number) => {
      now += ms;
    },
    ...createDigestDelivery(rest),
  };
}

describe('createFindPosted (discord.js REST against the fake Discord)', () => {
  it('finds a message Discord took but the ledger never recorded, after the last recorded one', async () => {
    const h = await setup();
    const first = await h.post(CHANNEL, header, nonce(0));
    const lost = await h.post(CHANNEL, cards, nonce(1));
    h.tick(10 * MINUTE);
    expect(await h.findPosted(CHANNEL, cards, { nonce: nonce(1), after: first.messageId, sentSince: 0 })).toEqual(lost);
    const lookup = h.fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`);
    expect(lookup.map((r) => r.query)).toEqual([{ after: first.messageId, limit: '100' }]);
  });

  it('finds the first message of a digest by when it was sent', async () => {
    const h = await setup();
    const sentSince = h.now();
    const lost = await h.post(CHANNEL, header, nonce(0));
    h.tick(10 * MINUTE);
    expect(await h.findPosted(CHANNEL, header, { nonce: nonce(0), after: undefined, sentSince })).toEqual(lost);
  });

  it('does not take the same text from someone else', async () => {
    const h = await setup();
    const first = await h.post(CHANNEL, header, nonce(0));
    h.fake.seedMessage({ authorId: FAKE_USER_ID, content: renderDigestMessage(thread, nonce(1)).content ?? '' });
    expect(await h.findPosted(CHANNEL, thread, { nonce: nonce(1), after: first.messageId, sentSince: 0 })).toBe(
      undefined,
    );
  });

  it('does not take another message of the digest', async () => {
    const h = await setup();
    const sentSince = h.now();
    await h.post(CHANNEL, header, nonce(0));
    expect(await h.findPosted(CHANNEL, cards, { nonce: nonce(1), after: undefined, sentSince })).toBe(undefined);
  });

  it('looks past a busy channel, page by page', async () => {
    const h = await setup();
    const first = await h.post(CHANNEL, header, nonce(0));
    for (let i = 0; i < 150; i++) h.fake.seedMessage({ content: `chatter ${i}` });
    const lost = await h.post(CHANNEL, cards, nonce(1));
    expect(await h.findPosted(CHANNEL, cards, { nonce: nonce(1), after: first.messageId, sentSince: 0 })).toEqual(lost);
  });

  it('starts the thread of a found message when the crash came before that', async () => {
    const h = await setup();
    const first = await h.post(CHANNEL, header, nonce(0));
    // What `post` sends before it starts the thread.
    h.fake.failNext({ method: 'POST', pathPattern: /\/threads$/, status: 500 });
    const error = await h.post(CHANNEL, thread, nonce(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const [, sent] = h.fake.messagesIn(CHANNEL);
    expect(sent?.thread).toBeUndefined();

    const found = await h.findPosted(CHANNEL, thread, { nonce: nonce(1), after: first.messageId, sentSince: 0 });
    expect(found).toEqual({ messageId: sent?.id });
    expect(h.fake.message(sent?.id ?? '')?.thread?.name).toBe('To CoT or not to CoT?');
  });

  it('leaves a thread that is there alone', async () => {
    const h = await setup();
    const first = await h.post(CHANNEL, header, nonce(0));
    await h.post(CHANNEL, thread, nonce(1));
    await h.findPosted(CHANNEL, thread, { nonce: nonce(1), after: first.messageId, sentSince: 0 });
    expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(1);
  });
});
