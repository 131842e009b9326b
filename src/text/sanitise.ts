import { collapseWhitespace } from './collapse-whitespace.ts';

// The one sanitiser for untrusted text (paper titles, abstracts, authors, model output), run at
// ingest and again in every renderer (issue 12, item 2): what it removes could recolour, retitle or
// clear a terminal (ANSI/OSC escapes, controls), reorder what a reader sees (bidi overrides and
// isolates, "Trojan Source", CVE-2021-42574) or hide text (zero-width characters).

// Escape sequences, ECMA-48 §5: CSI (ESC [ or U+009B, parameters, intermediates, a final byte);
// OSC, DCS, SOS, PM and APC strings (ESC ] P X ^ _ or U+009D U+0090 U+0098 U+009E U+009F) up to BEL
// or ST (ESC \ or U+009C), or to the end of the text when unterminated; any other two-byte escape.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
const STRING_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const TWO_BYTE_ESCAPE = /\u001b[ -~]?/g;
// C0 and C1 controls and DEL, except tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidi embeddings, overrides (U+202A–202E) and isolates (U+2066–2069): Unicode UAX #9 §2.1–2.2.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
// Bidi marks (LRM, RLM, ALM): legitimate inside right-to-left text, but in text without any
// right-to-left letter they only serve to reorder neutral characters (digits, brackets).
const BIDI_MARK = /[\u200e\u200f\u061c]/g;
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
// Zero-width space, non-joiner, joiner, word joiner, BOM (ZWNBSP): they print nothing.
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
// Line and paragraph separators (U+2028/2029) and NEL end a line in some terminals and none in others.
const LINE_BREAK = /\r\n?|[\u2028\u2029]/g;
// What prints nothing at all once sanitised: other format characters (soft hyphen, invisible
// operators, tag characters) and whitespace.
const INVISIBLE = /[\p{Cf}\p{Cc}\s]+/gu;

/**
 * Untrusted text with escape sequences, control characters (but newline and tab), bidi overrides,
 * isolates and stray marks, and zero-width characters removed; lone surrogates become U+FFFD.
 * Layout (newlines, indentation) is kept, so it suits multi-line text such as model output.
 */
export function sanitiseText(text: string): string {
  const out = text
    .toWellFormed()
    .replace(LINE_BREAK, '\n')
    .replace(STRING_SEQUENCE, '')
    .replace(CSI, '')
    .replace(TWO_BYTE_ESCAPE, '')
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '')
    .replace(ZERO_WIDTH, '');
  return RIGHT_TO_LEFT.test(out) ? out : out.replace(BIDI_MARK, '');
}

/** sanitiseText on one line: whitespace runs (newlines included) collapsed to one space, ends trimmed. */
export function sanitiseLine(text: string): string {
  return collapseWhitespace(sanitiseText(text));
}

/** Whether `text` has anything a reader would see (not only controls, format characters and spaces). */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/** A sanitised one-line title, or undefined when nothing visible is left of it (it must be rejected). */
export function sanitiseTitle(text: string): string | undefined {
  const title = sanitiseLine(text);
  return hasVisibleText(title) ? title : undefined;
}
