import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

// Discord forgets an interaction after its 3 s (first answer) or 15 min (token) window, and a
// user may delete the message we wanted to edit. Neither is our bug, and retrying cannot help.
const GONE_CODES: ReadonlySet<number | string> = new Set([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.UnknownMessage,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
]);

/** True for "Unknown interaction" (10062), "Unknown message" (10008) and kin: log at warn and move on. */
export function isGoneError(error: unknown): boolean {
  return error instanceof DiscordAPIError && GONE_CODES.has(error.code);
}
