import { UserInputError } from '../errors/index.ts';

// Magic numbers of the compressed and archive formats a corpus most often comes in. Read as text,
// each is thousands of "papers" of binary noise (issue 12: a gzipped corpus stored 3,150).
const COMPRESSED: ReadonlyArray<{ readonly magic: readonly number[]; readonly format: string; readonly fix: string }> =
  [
    { magic: [0x1f, 0x8b], format: 'gzip-compressed', fix: 'decompress it first (gunzip)' },
    { magic: [0x42, 0x5a, 0x68], format: 'bzip2-compressed', fix: 'decompress it first (bunzip2)' },
    { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], format: 'xz-compressed', fix: 'decompress it first (unxz)' },
    { magic: [0x28, 0xb5, 0x2f, 0xfd], format: 'zstd-compressed', fix: 'decompress it first (unzstd)' },
    { magic: [0x50, 0x4b, 0x03, 0x04], format: 'a zip archive', fix: 'extract the file inside it first' },
  ];

// A text file that once went through a lossy decode keeps U+FFFD where its characters were. A few
// are a typo's worth; more than 1 in 100 characters means the text is gone.
const MAX_REPLACEMENT_SHARE = 0.01;
const MIN_REPLACEMENTS = 8;

/**
 * The text of a file meant to hold papers, or why it is not text: compressed (by its magic bytes),
 * UTF-16, NUL bytes, invalid UTF-8, or mostly U+FFFD. A leading byte-order mark is dropped.
 * @throws UserInputError naming the file, the reason and, where it helps, the line.
 */
export function decodeTextFile(bytes: Uint8Array, name: string): string {
  const compressed = COMPRESSED.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte));
  if (compressed) throw new UserInputError(`${name} is ${compressed.format}: ${compressed.fix}, then import that.`);
  const notText = `${name} is not a text file`;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserInputError(`${notText} Paperboy reads: it is UTF-16. Save it as UTF-8 and import that.`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UserInputError(`${notText} (a NUL byte on line ${lineAt(bytes, nul)}).`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    throw new UserInputError(`${notText} (invalid UTF-8 on line ${line}).`, { cause: error });
  }
  const replacements = text.match(/\uFFFD/g)?.length ?? 0;
  if (replacements >= MIN_REPLACEMENTS && replacements > text.length * MAX_REPLACEMENT_SHARE) {
    throw new UserInputError(
      `${notText} (${replacements} of its ${text.length} characters are U+FFFD, the mark of bytes that were not text).`,
    );
  }
  return text.replace(/^\uFEFF/, '');
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
