// Control characters (C0, DEL, C1: \p{Cc}) and format characters (zero-width spaces and joiners,
// bidi overrides and isolates, soft hyphens, the BOM: \p{Cf}) print nothing, so a title made of
// them alone looks empty (issue 12).
// TODO(#12): the one sanitiser for untrusted text in src/text/ replaces this check once it exists.
const INVISIBLE = /[\p{Cc}\p{Cf}\s]+/gu;

/** Whether `text` has anything a reader would see. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/** `text` with each invisible character written as `\u{…}`, for quoting untrusted text in a report. */
export function showInvisible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
