/** Collapses runs of whitespace (newlines included) into single spaces and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
