import { clip, escapeMarkdown, sanitiseText } from '../../text/index.ts';

// Discord's side of untrusted text (paper titles and abstracts, user input): mentions that must
// not ping, links that must stay links. Generic clipping and Markdown escaping are src/text/'s.

/**
 * Sanitises text (src/text/sanitise.ts) and makes mentions inert: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>` and `<#channel>`
 * get a zero-width space, so even a client that ignored `allowedMentions` could not ping.
 */
export function neutraliseMentions(text: string): string {
  return neutralisePings(text).replace(/<#/g, '<#\u200b');
}

/**
 * Like neutraliseMentions, but leaves channel links (`<#id>`) clickable: they notify nobody, and
 * commands name channels with them (/digest). For text a command wrote, not for titles or abstracts.
 */
export function neutralisePings(text: string): string {
  // Sanitised first (bidi overrides, controls, zero-width runs; issue 12), since the defusing
  // below adds zero-width spaces of its own.
  return sanitiseText(text)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<@/g, '<@\u200b');
}

/** Escapes Markdown in untrusted text so a title cannot become a link, heading, spoiler or code block; also defuses mentions. */
export function escapeText(text: string): string {
  // Sanitised before escaping too: a removed zero-width space could otherwise leave a `#` or `-`
  // at a line's start after escaping had passed it by.
  return neutraliseMentions(escapeMarkdown(sanitiseText(text)));
}

/** Escapes then trims; the order matters, because escaping lengthens the text. */
export function safeText(text: string, max: number): string {
  return clip(escapeText(text), max);
}

/** Only http(s) URLs, with the characters that would end a Markdown link percent-encoded. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // Not a URL at all: the paper simply has no usable link.
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[label](url)` with the label escaped, or the escaped label alone when there is no usable URL. */
export function markdownLink(label: string, url: string | undefined, max: number): string {
  const href = safeUrl(url);
  if (!href) return safeText(label, max);
  const room = max - href.length - 4;
  if (room < 8) return safeText(label, max);
  return `[${safeText(label, room)}](${href})`;
}
