import { clip, sanitiseLine, sanitiseText } from '../../text/index.ts';

// Helpers for plain-text output of untrusted text (titles, abstracts, model output).

/**
 * The one sanitiser (src/text/sanitise.ts): removes escape sequences and control characters that
 * could move the cursor, recolour or clear the user's terminal, bidi overrides and zero-width
 * characters; keeps newlines and tabs.
 */
export function clean(text: string): string {
  return sanitiseText(text);
}

/** Cleaned text on one line of at most `max` characters, ending in … when cut. */
export function oneLine(text: string, max: number): string {
  return clip(sanitiseLine(text), max);
}

// A list marker whose text the wrapped lines align under: " 6. ", "[2] ", "• ", "! ".
const MARKER = /^(\s*)((?:\d+\.|\[\d+\]|[•!→-])\s+)?/;

/**
 * Wraps every line longer than `width` columns at spaces. Continuation lines are indented under
 * the line's text (past its indent and list marker), so numbered and bulleted entries stay
 * readable. A word never breaks: one longer than the width (a URL) keeps a line of its own, whole,
 * so it can still be clicked and copied (the terminal folds it; nothing else overflows).
 */
export function fitToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => fitLine(line, Math.max(20, width)))
    .join('\n');
}

function fitLine(line: string, width: number): string {
  if (columns(line) <= width) return line;
  const [prefix = '', indent = '', marker = ''] = MARKER.exec(line) ?? [];
  const hangWidth = indent.length + marker.length;
  // Past half the width, aligning under the text would leave too little room for it.
  const hang = ' '.repeat(hangWidth <= width / 2 ? hangWidth : indent.length);
  const out: string[] = [];
  let current = prefix;
  let empty = true;
  for (const word of line.slice(prefix.length).split(/\s+/).filter(Boolean)) {
    if (!empty && columns(current) + 1 + columns(word) > width) {
      out.push(current);
      // A long word (an id) gives up indentation rather than overflow the line; one that overflows
      // anyway (a long URL) keeps it.
      const room = width - columns(word);
      current = (room >= 0 ? hang.slice(0, room) : hang) + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out.join('\n');
}

/** Columns a line takes: code points, so that "▲" or "é" count once. */
function columns(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** "A, B, C et al." for more than three authors. */
export function authorLine(authors: readonly string[]): string {
  if (authors.length === 0) return '';
  const shown = authors.slice(0, 3).map((author) => oneLine(author, 60));
  return authors.length > 3 ? `${shown.join(', ')} et al.` : shown.join(', ');
}
