// Text helpers for the Discord renderer: trimming to a limit, escaping Markdown and defusing
// mentions in untrusted text (paper titles and abstracts, user input).

const ELLIPSIS = '…';
// How far back from the cut we look for a nicer break; beyond this a hard cut wastes less room.
const SENTENCE_WINDOW = 0.35;
const WORD_WINDOW = 0.2;

/**
 * Shortens `text` to at most `max` characters (UTF-16 units, which Discord never undercounts),
 * preferring a sentence end, then a word boundary, and ending with '…'. Never splits a surrogate
 * pair or leaves a dangling Markdown escape.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  const room = max - ELLIPSIS.length;
  let cut = text.slice(0, room);
  const sentenceEnd = lastSentenceEnd(cut);
  if (sentenceEnd >= room * (1 - SENTENCE_WINDOW)) {
    cut = cut.slice(0, sentenceEnd);
  } else {
    const space = cut.search(/\s\S*$/);
    if (space >= room * (1 - WORD_WINDOW)) cut = cut.slice(0, space);
  }
  cut = cut.replace(/[\s,;:–—-]+$/u, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // An odd number of trailing backslashes would escape the ellipsis (or a closing bracket).
  const backslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (backslashes % 2 === 1) cut = cut.slice(0, -1);
  // A sentence end keeps its full stop, so no ellipsis is needed to show the cut.
  return /[.!?]$/.test(cut) ? cut : `${cut}${ELLIPSIS}`;
}

function lastSentenceEnd(text: string): number {
  let best = -1;
  for (const match of text.matchAll(/[.!?](?=\s)/g)) best = match.index + 1;
  return best;
}

/** Collapses all whitespace (newlines included) to single spaces, for one-line snippets. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Makes mentions inert in text: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>` and `<#channel>`
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
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<@/g, '<@\u200b');
}

/**
 * Escapes Discord Markdown in untrusted text so a title cannot become a link, heading, spoiler or
 * code block; also defuses mentions.
 */
export function escapeText(text: string): string {
  const escaped = text
    .replace(/[\\*_~`|[\]<]/g, '\\$&')
    // Line-leading markers: headings, quotes, lists, subtext.
    .replace(/^(\s*)([#>+-])/gm, '$1\\$2');
  return neutraliseMentions(escaped);
}

/** Escapes then trims; the order matters, because escaping lengthens the text. */
export function safeText(text: string, max: number): string {
  return truncate(escapeText(text), max);
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
