import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTextFile } from '../../../src/ingest/text-file.ts';

// Bytes as /dev/urandom gives them, but the same every run (a linear congruential generator).
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = state >> 23;
  }
  return bytes;
}

describe('decodeTextFile', () => {
  it('returns UTF-8 text without its byte-order mark', () => {
    expect(decodeTextFile(Buffer.from('\uFEFF{"title": "Café"}\n'), 'a.jsonl')).toBe('{"title": "Café"}\n');
  });

  it('names gzip by its magic bytes and says to decompress it', () => {
    expect(() => decodeTextFile(gzipSync('{"title": "A"}\n'), 'corpus.jsonl.gz')).toThrow(
      'corpus.jsonl.gz is gzip-compressed: decompress it first (gunzip), then import that.',
    );
  });

  it('refuses random bytes as "not a text file"', () => {
    expect(() => decodeTextFile(noise(100_000), 'random.bin')).toThrow(/^random\.bin is not a text file/);
  });

  it('refuses a NUL byte, naming its line', () => {
    expect(() => decodeTextFile(Buffer.from('{"title": "A"}\n{"title": "B\0"}\n'), 'a.jsonl')).toThrow(
      'a.jsonl is not a text file (a NUL byte on line 2).',
    );
  });

  it('refuses invalid UTF-8, naming its line', () => {
    // 0xc3 starts a two-byte sequence; 0x28 cannot continue it.
    const bytes = Buffer.concat([Buffer.from('line one\nline two '), Buffer.from([0xc3, 0x28])]);
    expect(() => decodeTextFile(bytes, 'latin.txt')).toThrow('latin.txt is not a text file (invalid UTF-8 on line 2).');
  });

  it('refuses text made mostly of U+FFFD, the trace of a lossy decode', () => {
    const text = `${'Title \uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\n'.repeat(20)}`;
    expect(() => decodeTextFile(Buffer.from(text), 'mangled.txt')).toThrow(/U\+FFFD/);
  });

  it('accepts the odd U+FFFD in real text', () => {
    const text = `${'A real abstract about decoding. '.repeat(40)}\uFFFD\n`;
    expect(decodeTextFile(Buffer.from(text), 'ok.txt')).toBe(text);
  });

  it('says a UTF-16 file is UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"title": "A"}]', 'utf16le')]);
    expect(() => decodeTextFile(utf16, 'a.json')).toThrow(/it is UTF-16/);
  });
});
