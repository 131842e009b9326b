import type { APIEmbed, MessageFlags } from 'discord-api-types/v10';
import type { ActionRow } from './components.ts';

/** No @everyone, @here, role or user pings, ever (DESIGN.md; also the client's default). */
export const NO_MENTIONS = { parse: [] } as { parse: [] };

/**
 * A message as plain JSON, ready for discord.js's reply/editReply/followUp (which accept raw API
 * embeds and components) or for a raw REST call.
 */
export interface DiscordReply {
  readonly content?: string;
  readonly embeds?: APIEmbed[];
  readonly components?: ActionRow[];
  readonly flags?: MessageFlags.Ephemeral;
  readonly allowedMentions: { parse: [] };
  /** Attachments; discord.js sends them as multipart `files[n]` parts beside `payload_json`. */
  readonly files?: ReadonlyArray<{ readonly name: string; readonly attachment: Buffer }>;
}

/** Brand colours per tone, so a glance tells a result from a warning. */
export const COLORS = {
  brand: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
} as const;
