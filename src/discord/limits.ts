// Discord's hard limits. Only src/discord/ knows them; renderers trim to them and tests check each.
// Source: https://discord.com/developers/docs/resources/message#create-message (content, embeds,
// components), https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// (embed fields), https://discord.com/developers/docs/components/reference (rows, buttons, selects,
// custom_id). DESIGN.md "Discord limits to enforce in renderers" lists the same numbers.

/** Discord: message `content` is at most 2000 characters. */
export const MESSAGE_CONTENT_MAX = 2000;
/** Discord: at most 10 embeds per message. */
export const EMBEDS_PER_MESSAGE_MAX = 10;
/** Discord embed limits: title 256 characters. */
export const EMBED_TITLE_MAX = 256;
/** Discord embed limits: description 4096 characters. */
export const EMBED_DESCRIPTION_MAX = 4096;
/** Discord embed limits: up to 25 field objects. */
export const EMBED_FIELDS_MAX = 25;
/** Discord embed limits: field name 256 characters. */
export const EMBED_FIELD_NAME_MAX = 256;
/** Discord embed limits: field value 1024 characters. */
export const EMBED_FIELD_VALUE_MAX = 1024;
/** Discord embed limits: footer text 2048 characters. */
export const EMBED_FOOTER_MAX = 2048;
/** Discord embed limits: author name 256 characters. */
export const EMBED_AUTHOR_MAX = 256;
/**
 * Discord embed limits: title, description, field names and values, footer text and author name of
 * every embed in one message together are at most 6000 characters (builders do not check this).
 */
export const EMBEDS_TOTAL_MAX = 6000;
/** Discord components: at most 5 action rows per message. */
export const ACTION_ROWS_MAX = 5;
/** Discord components: an action row holds up to 5 buttons (or one select menu). */
export const BUTTONS_PER_ROW_MAX = 5;
/** Discord components: a string select has at most 25 options. */
export const SELECT_OPTIONS_MAX = 25;
/** Discord components: select option label, value and description are 100 characters each. */
export const SELECT_OPTION_LABEL_MAX = 100;
export const SELECT_OPTION_VALUE_MAX = 100;
export const SELECT_OPTION_DESCRIPTION_MAX = 100;
/** Discord components: select placeholder is at most 150 characters. */
export const SELECT_PLACEHOLDER_MAX = 150;
/** Discord components: custom_id is at most 100 characters. */
export const CUSTOM_ID_MAX = 100;
/** Discord components: button label is at most 80 characters. */
export const BUTTON_LABEL_MAX = 80;
/** Discord autocomplete: at most 25 choices; choice name and value 100 characters each. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const AUTOCOMPLETE_CHOICE_NAME_MAX = 100;
export const AUTOCOMPLETE_CHOICE_VALUE_MAX = 100;

/** Discord: 10 MiB per uploaded file in a server without boosts (the lowest limit a bot may meet). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
