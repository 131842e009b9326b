// A little context before the first hit reads better than starting on it (share of the width).
const LEAD_IN = 0.15;
// Hits within this share of the width count as one cluster.
const CLUSTER = 0.8;
// How far past the window start a word boundary may be to start the snippet on it.
const START_SLACK = 20;

/**
 * About `width` characters of `text` (whitespace already collapsed) around its densest cluster of
 * `hits` (character offsets, ascending), cut at word boundaries, with "…" where text was cut. No
 * hits: the start of the text.
 */
export function snippet(text: string, hits: readonly number[], width = 200): string {
  if (text.length <= width) return text;
  let start = 0;
  if (hits.length > 0) {
    // The window starting at a hit that covers the most hits.
    let best = 0;
    let bestCount = 0;
    let j = 0;
    for (let i = 0; i < hits.length; i++) {
      const from = hits[i] ?? 0;
      while (j < hits.length && (hits[j] ?? 0) < from + width * CLUSTER) j++;
      if (j - i > bestCount) {
        bestCount = j - i;
        best = i;
      }
    }
    start = Math.max(0, (hits[best] ?? 0) - Math.floor(width * LEAD_IN));
  }
  start = Math.min(start, text.length - width);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < start + START_SLACK ? space + 1 : start;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > start + width / 2 ? space : end;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
