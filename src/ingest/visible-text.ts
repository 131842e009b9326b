// Visible-ness and cleaning are src/text/sanitise.ts's; this only quotes what was rejected.

/** `text` with each invisible character written as `\u{…}`, for quoting untrusted text in a report. */
export function showInvisible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
