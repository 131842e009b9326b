import { DiscordAPIError, MessageFlags, PermissionFlagsBits, REST, Routes } from 'discord.js';
import { type APIMessage, OverwriteType } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_PAPERS_CHANNEL_ID,
  type FakeDiscord,
  type FakeDiscordOptions,
  startFakeDiscord,
} from '../support/fake-discord.ts';

const CHANNEL = FAKE_PAPERS_CHANNEL_ID;
const MINUTE = 60_000;

/** The fake Discord on a clock the test moves, and discord.js's REST client logged in as the bot. */
async function setup(options: FakeDiscordOptions = {}) {
  let now = Date.UTC(2024, 8, 18, 7, 0);
  const fake: FakeDiscord = await startFakeDiscord({ clock: { now: () => now }, ...options });
  onTestFinished(() => fake.close());
  const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(FAKE_BOT_TOKEN);
  const send = (body: Record<string, unknown>) =>
    rest.post(Routes.channelMessages(CHANNEL), { body: { allowed_mentions: { parse: [] }, ...body } }) as Promise<
      APIMessage & { nonce?: string | number }
    >;
  const list = (query: Record<string, string>) =>
    rest.get(Routes.channelMessages(CHANNEL), { query: new URLSearchParams(query) }) as Promise<APIMessage[]>;
  return {
    fake,
    rest,
    send,
    list,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

async function formErrorOf(work: Promise<unknown>): Promise<{ status: number; code: number; fields: string[] }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  const errors = (error.rawError as { errors?: Record<string, unknown> }).errors ?? {};
  return { status: error.status, code: Number(error.code), fields: Object.keys(errors) };
}

describe('the fake Discord: message nonces', () => {
  it('answers a create with its nonce but keeps it out of the stored message', async () => {
    const { fake, send, list } = await setup();
    const created = await send({ content: 'one', nonce: 'n-1' });
    expect(created.nonce).toBe('n-1');
    expect((await list({}))[0]).not.toHaveProperty('nonce');
    expect(fake.message(created.id)).not.toHaveProperty('nonce');
  });

  it('returns the earlier message for a nonce reused with enforce_nonce within the window', async () => {
    const { fake, send, tick } = await setup({ nonceWindowMs: 2 * MINUTE });
    const first = await send({ content: 'one', nonce: 'n-1', enforce_nonce: true });
    tick(MINUTE);
    const again = await send({ content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(again.id).toBe(first.id);
    expect(fake.messagesIn(CHANNEL)).toHaveLength(1);
  });

  it('creates another message once the window has passed, or without enforce_nonce', async () => {
    const { fake, send, tick } = await setup({ nonceWindowMs: 2 * MINUTE });
    await send({ content: 'one', nonce: 'n-1', enforce_nonce: true });
    await send({ content: 'one', nonce: 'n-1' });
    tick(2 * MINUTE + 1);
    await send({ content: 'one', nonce: 'n-1', enforce_nonce: true });
    expect(fake.messagesIn(CHANNEL)).toHaveLength(3);
  });

  it('refuses a nonce longer than 25 characters', async () => {
    const { send } = await setup();
    expect(await formErrorOf(send({ content: 'x', nonce: 'n'.repeat(26) }))).toEqual({
      status: 400,
      code: 50035,
      fields: ['nonce'],
    });
  });
});

describe('the fake Discord: listing channel messages', () => {
  async function tenMessages() {
    const s = await setup();
    const sent: APIMessage[] = [];
    for (let i = 0; i < 10; i++) {
      sent.push(await s.send({ content: `m${i}` }));
      s.tick(1_000);
    }
    return { ...s, sent };
  }

  it('lists the newest 50 by default, newest first', async () => {
    const { list, sent } = await tenMessages();
    expect((await list({})).map((m) => m.content)).toEqual(sent.map((m) => m.content).reverse());
  });

  it('lists the messages right after `after`, newest first', async () => {
    const { list, sent } = await tenMessages();
    const page = await list({ after: sent[2]?.id ?? '', limit: '3' });
    expect(page.map((m) => m.content)).toEqual(['m5', 'm4', 'm3']);
  });

  it('lists the messages right before `before`, newest first', async () => {
    const { list, sent } = await tenMessages();
    const page = await list({ before: sent[5]?.id ?? '', limit: '2' });
    expect(page.map((m) => m.content)).toEqual(['m4', 'm3']);
  });

  it('refuses more than one of around, before and after, and a limit outside 1–100', async () => {
    const { list, sent } = await tenMessages();
    const id = sent[0]?.id ?? '';
    expect((await formErrorOf(list({ after: id, before: id }))).fields).toEqual(['before', 'after']);
    expect((await formErrorOf(list({ limit: '101' }))).fields).toEqual(['limit']);
    expect((await formErrorOf(list({ limit: '0' }))).fields).toEqual(['limit']);
  });

  it('lists nothing, without an error, when the bot may not read the history', async () => {
    const { fake, list } = await tenMessages();
    fake.setPermissionOverwrite(CHANNEL, {
      id: FAKE_BOT_USER_ID,
      type: OverwriteType.Member,
      deny: PermissionFlagsBits.ReadMessageHistory,
    });
    expect(await list({})).toEqual([]);
  });

  it('marks a message whose thread was started with HAS_THREAD and the thread', async () => {
    const { rest, send, list } = await setup();
    const message = await send({ content: 'paper' });
    await rest.post(Routes.threads(CHANNEL, message.id), { body: { name: 'Paper', auto_archive_duration: 1440 } });
    const [listed] = await list({});
    expect(((listed?.flags ?? 0) & MessageFlags.HasThread) !== 0).toBe(true);
    expect(listed?.thread?.id).toBe(message.id);
  });
});

describe('the fake Discord: holdReply', () => {
  it('acts on the request, then keeps its answer back until released', async () => {
    const { fake, send } = await setup();
    const held = fake.holdReply((r) => r.method === 'POST');
    const sending = send({ content: 'held' });
    await held.reached;
    expect(fake.messagesIn(CHANNEL).map((m) => m.content)).toEqual(['held']);
    let answered = false;
    void sending.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    held.release();
    expect((await sending).content).toBe('held');
  });
});
