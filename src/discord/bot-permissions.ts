import type { Client, GuildBasedChannel, PermissionsBitField } from 'discord.js';

/**
 * The bot's permissions in a guild channel, computed by discord.js from roles and overwrites; the
 * bot's own member is fetched when it is not cached (it normally is, from GUILD_CREATE).
 * @throws Error when the client is not ready yet (our bug).
 */
export async function botPermissionsIn(
  client: Client,
  channel: GuildBasedChannel,
): Promise<Readonly<PermissionsBitField> | null> {
  const me = client.user;
  if (!me) throw new Error('bot permissions were asked for before the Discord client was ready');
  const permissions = channel.permissionsFor(me);
  if (permissions) return permissions;
  await channel.guild.members.fetchMe();
  return channel.permissionsFor(me);
}
