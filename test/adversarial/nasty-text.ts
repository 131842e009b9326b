// Issue 12: untrusted text that once passed through to storage, terminals and Discord. Each case
// is a title as it arrives and, when something readable is left, the title a reader may see.
export const NASTY_TITLES: readonly (readonly [name: string, title: string, seen: string | undefined])[] = [
  ['NUL, BEL and an ANSI colour', 'Red\u0000\u0007\u001b[31m alert\u001b[0m', 'Red alert'],
  ['a screen clear', '\u001b[2J\u001b[3J\u001b[HCleared', 'Cleared'],
  ['an OSC window title', '\u001b]0;owned\u0007Window', 'Window'],
  ['an OSC 8 hyperlink', '\u001b]8;;https://evil.example\u001b\\Click\u001b]8;;\u001b\\', 'Click'],
  ['an OSC 52 clipboard write', '\u001b]52;c;cm0gLXJmIH4=\u0007Clipboard', 'Clipboard'],
  ['C1 controls', 'C1\u0085\u009b31m\u009d0;x\u009c text', 'C1 text'],
  ['a right-to-left override', 'Invoice \u202egnp.exe\u202c', 'Invoice gnp.exe'],
  ['isolates', 'Iso\u2066late\u2069d', 'Isolated'],
  ['an RLM in Latin text', 'Score \u200f(95)', 'Score (95)'],
  ['zero-width runs inside words', 'Ze\u200b\u200b\u200bro\u2060 width\ufeff', 'Zero width'],
  ['zero-width characters only', '\u200b\u200c\u200d\u2060\ufeff', undefined],
  ['controls and escapes only', '\u0000\u0007\u001b[31m\u001b[0m', undefined],
  ['bidi controls and spaces only', ' \u202e \u2067 \u2069 ', undefined],
  ['a soft hyphen only', '\u00ad', undefined],
  ['newlines and tabs', 'Multi\nline\r\n\ttitle', 'Multi line title'],
];

/** What no sanitised text may contain: controls but newline and tab, bidi controls, zero-width runs. */
export function forbiddenIn(text: string): string[] {
  const found: string[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = (code < 0x20 && code !== 0x0a && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    const zeroWidth = code === 0x2060 || code === 0xfeff || code === 0x200c || code === 0x200d;
    if (control || bidi || zeroWidth) found.push(`U+${code.toString(16).padStart(4, '0')}`);
  }
  return found;
}
