import { type APIChannel, type APIUser, type Client, ClientUser, Routes } from 'discord.js';
import type { CheckChannel } from '../../digest/types.ts';
import { createCheckChannel } from '../digest-channel.ts';

/**
 * The digest's `checkChannel` for a client that never logs in (`paperboy serve`): without the
 * gateway discord.js knows neither its own user nor any guild, and its cache would never hear of
 * a changed overwrite. So each check fetches the bot user (once), the channel's guild with its
 * roles, then runs the gateway's check, and forgets the channel and guild after it.
 */
export function createRestCheckChannel(client: Client): CheckChannel {
  const check = createCheckChannel(client);
  let me: Promise<void> | undefined;
  const knowMe = () => {
    me ??= client.rest.get(Routes.user('@me')).then(
      (data) => {
        // The ClientUser the gateway's READY would have made; its constructor is not in the typings.
        const User = ClientUser as unknown as new (client: Client, data: APIUser) => ClientUser;
        (client as { user: ClientUser | null }).user = new User(client, data as APIUser);
      },
      (error: unknown) => {
        me = undefined;
        throw error;
      },
    );
    return me;
  };
  return async (channelId) => {
    await knowMe();
    let guildId: string | undefined;
    try {
      const raw = (await client.rest.get(Routes.channel(channelId))) as APIChannel;
      guildId = 'guild_id' in raw ? raw.guild_id : undefined;
      if (guildId) await client.guilds.fetch({ guild: guildId, force: true });
    } catch {
      // The check below fetches the channel again and says what Discord refused.
    }
    try {
      return await check(channelId);
    } finally {
      client.channels.cache.delete(channelId);
      if (guildId) client.guilds.cache.delete(guildId);
    }
  };
}
