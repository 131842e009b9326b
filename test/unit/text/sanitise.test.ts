import { describe, expect, it } from 'vitest';
import { hasVisibleText, sanitiseLine, sanitiseText, sanitiseTitle } from '../../../src/text/index.ts';

// Nasty strings (issue 12, item 2): what arrives, what a reader may see.
const NASTY: readonly (readonly [name: string, input: string, line: string])[] = [
  ['NUL, BEL and an ANSI colour', 'A\u0000\u0007\u001b[31mred\u001b[0m title', 'Ared title'],
  ['an OSC 8 hyperlink ended by ST', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
  ['an OSC window title ended by BEL', '\u001b]0;pwned\u0007Title', 'Title'],
  ['an unterminated OSC', 'Title\u001b]0;rest of it', 'Title'],
  ['a screen clear and cursor home', '\u001b[2J\u001b[HTitle', 'Title'],
  ['a reset (ESC c)', '\u001bcTitle', 'Title'],
  ['C1 CSI (U+009B)', '\u009b31mTitle', 'Title'],
  ['C1 OSC (U+009D) ended by U+009C', '\u009d0;x\u009cTitle', 'Title'],
  ['DEL and other C1 controls', 'Ti\u007ft\u0085l\u0080e', 'Title'],
  ['a right-to-left override', 'Safe \u202etxt.exe\u202c name', 'Safe txt.exe name'],
  ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
  ['an RLM in Latin text', 'Price \u200f(10)', 'Price (10)'],
  ['zero-width spaces, joiners, word joiner and BOM', '\ufeffZe\u200bro\u200c-\u200dwi\u2060dth', 'Zero-width'],
  ['CR, CRLF and line separators', 'one\rtwo\r\nthree\u2028four\u2029five', 'one two three four five'],
  ['tabs and runs of spaces', '  a\t\tb   c  ', 'a b c'],
  ['a lone surrogate', 'bad \ud800 half', 'bad \ufffd half'],
];

describe('sanitiseLine', () => {
  it.each(NASTY)('removes %s', (_name, input, line) => {
    expect(sanitiseLine(input)).toBe(line);
  });

  it('keeps right-to-left text and its marks', () => {
    expect(sanitiseLine('שלום\u200f (2024)')).toBe('שלום\u200f (2024)');
  });

  it('keeps accents, CJK and emoji', () => {
    expect(sanitiseLine('Café 深度学习 🚀')).toBe('Café 深度学习 🚀');
  });
});

describe('sanitiseText', () => {
  it('keeps newlines and tabs while removing controls', () => {
    expect(sanitiseText('line 1\n\tindented\u001b[1m\n\u0007line 3')).toBe('line 1\n\tindented\nline 3');
  });

  it('never leaves an escape introducer behind', () => {
    const introducers = ['\u001b', '\u009b', '\u009d'];
    for (const [, input] of NASTY) {
      for (const introducer of introducers) expect(sanitiseText(input)).not.toContain(introducer);
    }
  });
});

describe('sanitiseTitle', () => {
  it.each([
    ['zero-width characters only', '\u200b\u200c\u200d\ufeff'],
    ['controls only', '\u0000\u0007\u001b[31m'],
    ['bidi controls and spaces only', ' \u202e \u2066 '],
    ['soft hyphens and tag characters only', '\u00ad\u{e0041}'],
    ['empty', ''],
  ])('rejects a title of %s', (_name, input) => {
    expect(sanitiseTitle(input)).toBeUndefined();
  });

  it('returns the cleaned title otherwise', () => {
    expect(sanitiseTitle('\u001b[31mAttention\u001b[0m  Is\nAll You Need')).toBe('Attention Is All You Need');
  });
});

describe('hasVisibleText', () => {
  it('is false for format characters and whitespace alone', () => {
    expect(hasVisibleText('\u00ad \u200b\t')).toBe(false);
  });
});
