import { once } from 'node:events';
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  Client,
  type ClientOptions,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
  type TextChannel,
} from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_GUILD_ID,
  FAKE_PAPERS_CHANNEL_ID,
  FAKE_USER_ID,
  type FakeDiscord,
  type FakeDiscordOptions,
  shardOf,
  startFakeDiscord,
} from '../support/fake-discord.ts';

async function startFake(options?: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(options);
  onTestFinished(() => fake.close());
  return fake;
}

/** A logged-in client; vitest runs onTestFinished hooks in reverse, so it is destroyed before the fake closes. */
async function connect(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    allowedMentions: { parse: [] },
    ...options,
  });
  onTestFinished(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login(FAKE_BOT_TOKEN);
  await ready;
  if (!client.isReady()) throw new Error('client emitted clientReady but is not ready');
  return client;
}

function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

function papersChannel(client: Client<true>): TextChannel {
  const channel = client.channels.cache.get(FAKE_PAPERS_CHANNEL_ID);
  if (channel?.type !== ChannelType.GuildText) throw new Error('#papers is not cached as a text channel');
  return channel;
}

const papersCommand = {
  name: 'papers',
  description: 'Search papers',
  options: [
    { type: ApplicationCommandOptionType.String, name: 'query', description: 'What to look for', required: true },
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'How many results' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

describe('startFakeDiscord', () => {
  it('logs a real discord.js Client in and emits clientReady with the guild, #papers and the bot member cached', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    expect(client.user.id).toBe(FAKE_BOT_USER_ID);
    expect(client.application.id).toBe(FAKE_APPLICATION_ID);
    const guild = client.guilds.cache.get(FAKE_GUILD_ID);
    expect(guild?.available).toBe(true);
    expect(guild?.members.me?.id).toBe(FAKE_BOT_USER_ID);
    expect(papersChannel(client).name).toBe('papers');
    expect(fake.gatewayConnections[0]?.query).toEqual({ v: '10', encoding: 'json' });
    expect(fake.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
    expect(fake.unknownRoutes()).toEqual([]);
  });

  it('delivers a chat-input interaction as a ChatInputCommandInteraction with options typed by the registered command', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const [registered] = [...(await client.application.commands.set([papersCommand])).values()];

    const arriving = nextInteraction(client);
    const { id } = fake.sendInteraction(fake.chatInput('papers', { query: 'speculative decoding', limit: 3 }));
    const interaction = await arriving;

    if (!interaction.isChatInputCommand())
      throw new Error(`expected a chat input command, got type ${interaction.type}`);
    expect(interaction.id).toBe(id);
    expect(interaction.commandId).toBe(registered?.id);
    expect(interaction.options.getString('query', true)).toBe('speculative decoding');
    expect(interaction.options.getInteger('limit')).toBe(3);
    expect(interaction.user.id).toBe(FAKE_USER_ID);
    expect(interaction.channelId).toBe(FAKE_PAPERS_CHANNEL_ID);
    expect(interaction.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(fake.commands()).toMatchObject([{ name: 'papers', application_id: FAKE_APPLICATION_ID }]);
  });

  it('records deferReply as a type 5 callback and editReply as a PATCH of @original', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const arriving = nextInteraction(client);
    const { id, token } = fake.sendInteraction(fake.chatInput('papers', { query: 'rlhf' }));
    const interaction = await arriving;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.deferReply();
    const reply = await interaction.editReply({ content: 'Found 3 papers', allowedMentions: { parse: [] } });

    expect(fake.callbacks(id)).toMatchObject([
      { body: { type: InteractionResponseType.DeferredChannelMessageWithSource }, status: 204 },
    ]);
    expect(fake.edits(token)).toMatchObject([
      {
        path: `/webhooks/${FAKE_APPLICATION_ID}/${token}/messages/@original`,
        body: { content: 'Found 3 papers', allowed_mentions: { parse: [] } },
        status: 200,
      },
    ]);
    expect(reply.content).toBe('Found 3 papers');
    expect(fake.message(reply.id)?.flags ?? 0).toBe(0);
  });

  it('lets the first follow-up after a public deferral edit the placeholder, ignoring the ephemeral flag', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const arriving = nextInteraction(client);
    fake.sendInteraction(fake.chatInput('papers', { query: 'rlhf' }));
    const interaction = await arriving;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.deferReply();
    const placeholder = await interaction.fetchReply();
    const first = await interaction.followUp({ content: 'Oops', flags: MessageFlags.Ephemeral });
    const second = await interaction.followUp({ content: 'Private', flags: MessageFlags.Ephemeral });

    // Discord, Create Followup Message: the first follow-up after a type-5 deferral edits it.
    expect(first.id).toBe(placeholder.id);
    expect(fake.message(first.id)).toMatchObject({ content: 'Oops', flags: 0 });
    expect(second.id).not.toBe(placeholder.id);
    expect(fake.message(second.id)?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('records an autocomplete respond() as a type 8 callback with its choices', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const arriving = nextInteraction(client);
    const { id } = fake.sendInteraction(fake.autocomplete('summarize', { paper: 'attent' }, 'paper'));
    const interaction = await arriving;
    if (!interaction.isAutocomplete()) throw new Error('expected an autocomplete interaction');

    expect(interaction.options.getFocused()).toBe('attent');
    await interaction.respond([{ name: 'Attention Is All You Need', value: 'arxiv:1706.03762' }]);

    expect(fake.callbacks(id)).toMatchObject([
      {
        body: {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [{ name: 'Attention Is All You Need', value: 'arxiv:1706.03762' }] },
        },
      },
    ]);
  });

  it('edits the clicked message when a button interaction calls update()', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const payload = fake.button('papers.next:q3Xk9vTa2LbM');
    const arriving = nextInteraction(client);
    const { id } = fake.sendInteraction(payload);
    const interaction = await arriving;
    if (!interaction.isButton()) throw new Error('expected a button interaction');

    expect(interaction.customId).toBe('papers.next:q3Xk9vTa2LbM');
    expect(interaction.message.id).toBe(payload.message.id);
    await interaction.update({ content: 'Page 2', components: [] });

    expect(fake.callbacks(id)).toMatchObject([{ body: { type: InteractionResponseType.UpdateMessage } }]);
    expect(fake.message(payload.message.id)).toMatchObject({ content: 'Page 2', components: [] });
  });

  it('edits the clicked message through @original after a button deferUpdate()', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const payload = fake.button('papers.prev:q3Xk9vTa2LbM');
    const arriving = nextInteraction(client);
    const { id, token } = fake.sendInteraction(payload);
    const interaction = await arriving;
    if (!interaction.isButton()) throw new Error('expected a button interaction');

    await interaction.deferUpdate();
    await interaction.editReply({ content: 'Page 1' });

    expect(fake.callbacks(id)).toMatchObject([{ body: { type: InteractionResponseType.DeferredMessageUpdate } }]);
    expect(fake.edits(token)).toHaveLength(1);
    expect(fake.message(payload.message.id)?.content).toBe('Page 1');
  });

  it('edits only the components when an edit after deferUpdate() sends components alone', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const payload = fake.button('papers.prev:q3Xk9vTa2LbM');
    const before = fake.message(payload.message.id);
    const arriving = nextInteraction(client);
    fake.sendInteraction(payload);
    const interaction = await arriving;
    if (!interaction.isButton()) throw new Error('expected a button interaction');

    await interaction.deferUpdate();
    await interaction.editReply({ components: [] });

    // Discord: Edit Message changes the fields it is given and leaves the others as they were.
    expect(fake.message(payload.message.id)).toMatchObject({
      content: before?.content,
      embeds: before?.embeds,
      components: [],
    });
  });

  it('sends the clicked message as it is now, and refuses a click on a disabled button', async () => {
    const fake = await startFake();
    await connect(fake);
    const row = (disabled: boolean): APIActionRowComponent<APIComponentInMessageActionRow> => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: 'digest.hide=e30',
          label: 'x',
          disabled,
        },
      ],
    });
    const seeded = fake.seedMessage({ content: 'old', components: [row(false)] });
    const stored = fake.message(seeded.id);
    if (!stored) throw new Error('seeded message not stored');
    Object.assign(stored, { content: 'new', components: [row(true)] });

    expect(() => fake.button('digest.hide=e30', seeded)).toThrow(/disabled/);
    expect(fake.select('digest.rate=e30', ['a'], seeded).message.content).toBe('new');
  });

  it('delivers a string select menu with its values and records an ephemeral reply', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const arriving = nextInteraction(client);
    const { id } = fake.sendInteraction(
      fake.select('papers.pick:q3Xk9vTa2LbM', ['arxiv:2401.00001', 'arxiv:2401.00002']),
    );
    const interaction = await arriving;
    if (!interaction.isStringSelectMenu()) throw new Error('expected a string select interaction');

    expect(interaction.values).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002']);
    await interaction.reply({ content: 'Comparing 2 papers', flags: MessageFlags.Ephemeral });

    expect(fake.callbacks(id)).toMatchObject([
      { body: { type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } } },
    ]);
  });

  it('delivers a message context menu command with its target message', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const target = fake.seedMessage({ content: 'Has anyone read arXiv 1706.03762?' });
    const arriving = nextInteraction(client);
    fake.sendInteraction(fake.messageContextMenu('Find related papers', target));
    const interaction = await arriving;
    if (!interaction.isMessageContextMenuCommand()) throw new Error('expected a message context menu command');

    expect(interaction.commandName).toBe('Find related papers');
    expect(interaction.targetId).toBe(target.id);
    expect(interaction.targetMessage.content).toBe('Has anyone read arXiv 1706.03762?');
  });

  it('stores a channel message sent by the bot and records its request body', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const sent = await papersChannel(client).send({
      content: 'Daily digest',
      embeds: [{ title: 'Attention Is All You Need' }],
      allowedMentions: { parse: [] },
    });

    expect(sent.author.id).toBe(FAKE_BOT_USER_ID);
    expect(sent.embeds[0]?.title).toBe('Attention Is All You Need');
    expect(fake.messagesIn(FAKE_PAPERS_CHANNEL_ID).map((m) => m.id)).toEqual([sent.id]);
    expect(fake.channelMessages(FAKE_PAPERS_CHANNEL_ID)).toMatchObject([
      { body: { content: 'Daily digest', allowed_mentions: { parse: [] } }, status: 200 },
    ]);
  });

  it('lets discord.js retry an injected 429 so the message still arrives', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    fake.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });

    const sent = await papersChannel(client).send({ content: 'After a rate limit', allowedMentions: { parse: [] } });

    expect(fake.channelMessages(FAKE_PAPERS_CHANNEL_ID).map((r) => r.status)).toEqual([429, 200]);
    expect(fake.message(sent.id)?.content).toBe('After a rate limit');
  });

  it('rejects a send to a deleted channel with a DiscordAPIError coded 10003', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = papersChannel(client);
    fake.deleteChannel(FAKE_PAPERS_CHANNEL_ID);

    const failure = await channel
      .send({ content: 'Into the void', allowedMentions: { parse: [] } })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect(failure).toMatchObject({ code: 10003, status: 404 });
  });

  it('reflects a removed EMBED_LINKS overwrite in permissionsFor, app_permissions and sent messages', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = papersChannel(client);
    expect(channel.permissionsFor(client.user)?.has(PermissionFlagsBits.EmbedLinks)).toBe(true);

    const updated = once(client, Events.ChannelUpdate);
    fake.denyBotPermissions(FAKE_PAPERS_CHANNEL_ID, PermissionFlagsBits.EmbedLinks);
    await updated;

    const permissions = channel.permissionsFor(client.user);
    expect(permissions?.has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    expect(permissions?.has(PermissionFlagsBits.SendMessages)).toBe(true);
    const arriving = nextInteraction(client);
    fake.sendInteraction(fake.chatInput('papers', { query: 'x' }));
    expect((await arriving).appPermissions.has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    // Discord keeps the message and drops embeds the bot may not post.
    const sent = await channel.send({ content: 'No embeds here', embeds: [{ title: 'Dropped' }] });
    expect(fake.message(sent.id)?.embeds).toEqual([]);
  });

  it('refuses a channel send without SEND_MESSAGES with Missing Permissions (50013)', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    fake.denyBotPermissions(FAKE_PAPERS_CHANNEL_ID, PermissionFlagsBits.SendMessages);

    const failure = await papersChannel(client)
      .send({ content: 'Hello' })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: 50013, status: 403 });
  });

  it('answers an embed description over 4096 characters with Invalid Form Body (50035)', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const failure = await papersChannel(client)
      .send({ embeds: [{ description: 'x'.repeat(4097) }] })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: 50035, status: 400 });
    expect(String(failure)).toContain('embeds[0].description[BASE_TYPE_MAX_LENGTH]');
  });

  it('keeps an attached file with its bytes, and refuses one over 10 MiB with 413 (40005)', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const sent = await papersChannel(client).send({
      files: [{ attachment: Buffer.from('@misc{a,}\n'), name: 'list.bib' }],
      allowedMentions: { parse: [] },
    });
    expect(sent.attachments.map((a) => [a.name, a.size])).toEqual([['list.bib', 10]]);
    expect(fake.channelMessages(FAKE_PAPERS_CHANNEL_ID)[0]?.files.map((f) => f.data.toString())).toEqual([
      '@misc{a,}\n',
    ]);

    const failure = await papersChannel(client)
      .send({ files: [{ attachment: Buffer.alloc(10 * 1024 * 1024 + 1), name: 'big.bib' }] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 40005, status: 413 });
  });

  it('answers a second response to one interaction with 40060', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const { id, token } = fake.sendInteraction(fake.chatInput('papers', { query: 'x' }));
    const respond = () =>
      client.rest.post(Routes.interactionCallback(id, token), {
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'Hi' } },
        auth: false,
      });

    await respond();

    await expect(respond()).rejects.toMatchObject({ code: 40060 });
  });

  it('forgets an interaction that was not answered before the deadline', async () => {
    let now = Date.UTC(2024, 8, 18, 9);
    const fake = await startFake({ clock: { now: () => now } });
    const client = await connect(fake);
    const arriving = nextInteraction(client);
    fake.sendInteraction(fake.chatInput('papers', { query: 'slow' }));
    const interaction = await arriving;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    now += 3_001;

    await expect(interaction.deferReply()).rejects.toMatchObject({ code: 10062 });
  });

  it('starts a public thread from a message with the message id and accepts messages in it', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const message = await papersChannel(client).send({ content: 'Discuss: arXiv 1706.03762' });

    const thread = await message.startThread({ name: 'Attention Is All You Need' });
    await thread.send({ content: 'Summary follows' });

    expect(thread.id).toBe(message.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['Summary follows']);
  });

  it('refuses a second thread on a message (160004), a name past 100 characters, and threads without the permission', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = papersChannel(client);
    const message = await channel.send({ content: 'Discuss: arXiv 1706.03762' });
    await message.startThread({ name: 'First' });
    await expect(
      client.rest.post(Routes.threads(channel.id, message.id), { body: { name: 'Second' } }),
    ).rejects.toMatchObject({
      status: 400,
      code: 160004,
    });
    const other = await channel.send({ content: 'Another' });
    await expect(
      client.rest.post(Routes.threads(channel.id, other.id), { body: { name: 'x'.repeat(101) } }),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
    fake.denyBotPermissions(channel.id, PermissionFlagsBits.CreatePublicThreads);
    await expect(
      client.rest.post(Routes.threads(channel.id, other.id), { body: { name: 'Third' } }),
    ).rejects.toMatchObject({
      status: 403,
      code: 50013,
    });
  });

  it('takes a thread without a message for a private one unless the type says public, as Discord does', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const channel = papersChannel(client);
    // Private threads need Create Private Threads, which the fixture's bot role lacks.
    await expect(client.rest.post(Routes.threads(channel.id), { body: { name: 'No type' } })).rejects.toMatchObject({
      status: 403,
      code: 50013,
    });
    const typed = await client.rest.post(Routes.threads(channel.id), {
      body: { name: 'Public', type: ChannelType.PublicThread },
    });
    expect(typed).toMatchObject({ type: ChannelType.PublicThread, parent_id: channel.id, name: 'Public' });
  });

  it('answers a route it does not know with 404 Unknown route and records it', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const failure = await client.rest.get('/voice/regions').catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 404, code: 0 });
    expect(fake.unknownRoutes()).toMatchObject([{ method: 'GET', path: '/voice/regions', routed: false }]);
  });

  it("routes the guild's GUILD_CREATE and interactions to the shard that holds it", async () => {
    const fake = await startFake({ shards: 2 });
    const client = await connect(fake, { shards: 'auto' });
    const home = shardOf(FAKE_GUILD_ID, 2);

    expect(fake.identifies.map((identify) => identify.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(client.guilds.cache.get(FAKE_GUILD_ID)?.shardId).toBe(home);
    const arriving = nextInteraction(client);
    fake.sendInteraction(fake.chatInput('papers', { query: 'x' }));
    expect((await arriving).guild?.shardId).toBe(home);
  });

  it('resolves waitForRequest with a request that arrives later', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const since = fake.requests.length;
    const waiting = fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages'), 2_000, since);

    await papersChannel(client).send({ content: 'Ping' });

    expect(await waiting).toMatchObject({ body: { content: 'Ping' }, status: 200 });
  });
});
