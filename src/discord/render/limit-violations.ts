import { ComponentType } from 'discord-api-types/v10';
import * as L from '../limits.ts';
import { embedsLength } from './fit.ts';
import type { DiscordReply } from './reply.ts';

/**
 * Every way `reply` breaks a Discord limit, as readable strings (empty when it is valid). Tests
 * assert on it; the bot logs a violation as a bug before Discord would reject the message.
 */
export function limitViolations(reply: DiscordReply): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number) => {
    if (length > max) problems.push(`${what}: ${length} > ${max}`);
  };
  if (reply.allowedMentions.parse.length !== 0) problems.push('allowedMentions.parse is not empty');
  over('content', reply.content?.length ?? 0, L.MESSAGE_CONTENT_MAX);
  const embeds = reply.embeds ?? [];
  over('embeds', embeds.length, L.EMBEDS_PER_MESSAGE_MAX);
  over('embeds total', embedsLength(embeds), L.EMBEDS_TOTAL_MAX);
  embeds.forEach((embed, e) => {
    over(`embed ${e} title`, embed.title?.length ?? 0, L.EMBED_TITLE_MAX);
    over(`embed ${e} description`, embed.description?.length ?? 0, L.EMBED_DESCRIPTION_MAX);
    over(`embed ${e} footer`, embed.footer?.text.length ?? 0, L.EMBED_FOOTER_MAX);
    over(`embed ${e} author`, embed.author?.name.length ?? 0, L.EMBED_AUTHOR_MAX);
    over(`embed ${e} fields`, embed.fields?.length ?? 0, L.EMBED_FIELDS_MAX);
    embed.fields?.forEach((field, f) => {
      over(`embed ${e} field ${f} name`, field.name.length, L.EMBED_FIELD_NAME_MAX);
      over(`embed ${e} field ${f} value`, field.value.length, L.EMBED_FIELD_VALUE_MAX);
      if (field.name.length === 0 || field.value.length === 0) problems.push(`embed ${e} field ${f} is empty`);
    });
  });
  for (const [f, file] of (reply.files ?? []).entries()) {
    over(`file ${f} bytes`, file.attachment.length, L.ATTACHMENT_MAX_BYTES);
  }
  const rows = reply.components ?? [];
  over('action rows', rows.length, L.ACTION_ROWS_MAX);
  rows.forEach((row, r) => {
    over(`row ${r} components`, row.components.length, L.BUTTONS_PER_ROW_MAX);
    for (const component of row.components) {
      if ('custom_id' in component) over(`row ${r} custom_id`, component.custom_id.length, L.CUSTOM_ID_MAX);
      if (component.type === ComponentType.Button && 'label' in component) {
        over(`row ${r} button label`, component.label?.length ?? 0, L.BUTTON_LABEL_MAX);
      }
      if (component.type === ComponentType.StringSelect) {
        if (row.components.length !== 1) problems.push(`row ${r}: a select menu must be alone in its row`);
        over(`row ${r} select options`, component.options.length, L.SELECT_OPTIONS_MAX);
        for (const option of component.options) {
          over(`row ${r} option label`, option.label.length, L.SELECT_OPTION_LABEL_MAX);
          over(`row ${r} option value`, option.value.length, L.SELECT_OPTION_VALUE_MAX);
          over(`row ${r} option description`, option.description?.length ?? 0, L.SELECT_OPTION_DESCRIPTION_MAX);
        }
      }
    }
  });
  return problems;
}
