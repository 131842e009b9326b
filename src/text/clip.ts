const ELLIPSIS = '…';
// A sentence end this close to the limit (a share of it) is the nicest cut, and needs no ellipsis.
const SENTENCE_WINDOW = 0.35;
// A word boundary in the second half of the room is better than cutting a word; further back, a
// hard cut wastes less room (one very long token: a URL, a formula).
const WORD_WINDOW = 0.5;

/**
 * `text` in at most `max` characters (UTF-16 units, which Discord and terminals never
 * undercount): unchanged when it fits, else cut at a sentence end near the limit, or at a word
 * boundary with "…", or hard with "…". Never splits a surrogate pair or leaves a dangling
 * backslash that would escape the ellipsis in Markdown.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  const room = max - ELLIPSIS.length;
  // A sentence end keeps its full stop and needs no ellipsis, so it may use the whole limit.
  const sentenceEnd = lastSentenceEnd(text.slice(0, max + 1));
  let cut: string;
  if (sentenceEnd >= max * (1 - SENTENCE_WINDOW)) {
    cut = text.slice(0, sentenceEnd);
  } else {
    cut = text.slice(0, room);
    const space = cut.search(/\s\S*$/);
    if (space > room * (1 - WORD_WINDOW)) cut = cut.slice(0, space);
  }
  cut = cut.replace(/[\s,;:–—-]+$/u, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const backslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (backslashes % 2 === 1) cut = cut.slice(0, -1);
  // A cut after a full stop reads as the sentence's end, so no ellipsis is needed to show it.
  return /[.!?]$/.test(cut) ? cut : `${cut}${ELLIPSIS}`;
}

/** Where the last sentence of `text` ends (after its . ! or ?, before whitespace); -1 if none. */
function lastSentenceEnd(text: string): number {
  let end = -1;
  for (const match of text.matchAll(/[.!?](?=\s)/g)) end = match.index + 1;
  return end;
}
