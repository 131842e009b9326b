import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { clip } from '../../text/index.ts';
import {
  EMBED_AUTHOR_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
} from '../limits.ts';

// Below this a trimmed text says nothing; past it we drop whole fields instead.
const MIN_USEFUL = 40;
// Discord rejects an empty field value, so an emptied one gets this.
const EMPTY_VALUE = '—';

/** The characters Discord counts towards the 6000 total of one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

/** Trims every part of one embed to its own limit and keeps at most 25 fields. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = clip(embed.title, EMBED_TITLE_MAX);
  if (embed.description !== undefined) fitted.description = clip(embed.description, EMBED_DESCRIPTION_MAX);
  if (embed.footer) fitted.footer = { ...embed.footer, text: clip(embed.footer.text, EMBED_FOOTER_MAX) };
  if (embed.author) fitted.author = { ...embed.author, name: clip(embed.author.name, EMBED_AUTHOR_MAX) };
  if (embed.fields) {
    fitted.fields = embed.fields.slice(0, EMBED_FIELDS_MAX).map((field) => ({
      ...field,
      name: clip(field.name, EMBED_FIELD_NAME_MAX) || EMPTY_VALUE,
      value: clip(field.value, EMBED_FIELD_VALUE_MAX) || EMPTY_VALUE,
    }));
  }
  return fitted;
}

/**
 * Fits a message's embeds to Discord's limits: at most 10, each part within its limit, and all
 * together within 6000 characters — shrinking the longest text first (descriptions and field
 * values; titles and names are short already), then dropping trailing fields.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, EMBEDS_PER_MESSAGE_MAX).map(fitEmbed);
  let excess = embedsLength(fitted) - EMBEDS_TOTAL_MAX;
  while (excess > 0) {
    const longest = longestShrinkable(fitted);
    if (!longest) break;
    const current = longest.get();
    const next = clip(current, Math.max(MIN_USEFUL, current.length - excess));
    longest.set(next);
    excess -= current.length - next.length;
  }
  // Still over (very many short fields): drop fields from the last embed backwards.
  for (let i = fitted.length - 1; excess > 0 && i >= 0; i--) {
    const embed = fitted[i];
    while (excess > 0 && embed?.fields?.length) {
      const dropped = embed.fields.pop() as APIEmbedField;
      excess -= dropped.name.length + dropped.value.length;
    }
  }
  for (let i = fitted.length - 1; excess > 0 && i >= 0; i--) {
    const embed = fitted[i];
    if (!embed) continue;
    for (const key of ['footer', 'author'] as const) {
      const length = key === 'footer' ? (embed.footer?.text.length ?? 0) : (embed.author?.name.length ?? 0);
      if (excess > 0 && length > 0) {
        delete embed[key];
        excess -= length;
      }
    }
    if (excess > 0 && embed.description) {
      const cut = Math.min(embed.description.length, excess);
      const next = clip(embed.description, embed.description.length - cut);
      excess -= embed.description.length - next.length;
      embed.description = next || EMPTY_VALUE;
    }
  }
  return fitted;
}

interface TextSlot {
  get(): string;
  set(value: string): void;
}

function longestShrinkable(embeds: APIEmbed[]): TextSlot | undefined {
  let best: TextSlot | undefined;
  let bestLength = MIN_USEFUL;
  for (const embed of embeds) {
    if (embed.description && embed.description.length > bestLength) {
      bestLength = embed.description.length;
      best = {
        get: () => embed.description ?? '',
        set: (value) => {
          embed.description = value;
        },
      };
    }
    for (const field of embed.fields ?? []) {
      if (field.value.length > bestLength) {
        bestLength = field.value.length;
        best = {
          get: () => field.value,
          set: (value) => {
            field.value = value || EMPTY_VALUE;
          },
        };
      }
    }
  }
  return best;
}
