// Helpers for plain-text output of untrusted text (titles, abstracts, model output).

// Terminal escape sequences: OSC (title, hyperlinks) ending in BEL or ST, and CSI (cursor, colour, clear).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// C0 and C1 controls except tab (\t) and newline (\n).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Removes control characters (ANSI escapes included) that could move the cursor, recolour or
 * clear the user's terminal; keeps newlines and tabs.
 */
export function clean(text: string): string {
  return text.replace(OSC, '').replace(CSI, '').replace(CONTROL, '');
}

/** One line of at most `max` characters, ending in … when cut. */
export function oneLine(text: string, max: number): string {
  const line = clean(text).replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** Wraps prose at word boundaries to `width` columns, indenting every line by `indent`. */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const paragraph of clean(text).split(/\n+/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) out.push(indent + line);
  }
  return out.join('\n');
}

/** "A, B, C et al." for more than three authors. */
export function authorLine(authors: readonly string[]): string {
  if (authors.length === 0) return '';
  const shown = authors.slice(0, 3).map((author) => oneLine(author, 60));
  return authors.length > 3 ? `${shown.join(', ')} et al.` : shown.join(', ');
}
