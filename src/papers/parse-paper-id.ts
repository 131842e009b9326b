import { InvalidPaperIdError } from '../errors/index.ts';

export type ParsedPaperId =
  | { readonly kind: 'arxiv'; readonly id: string; readonly arxivId: string; readonly version?: number }
  | { readonly kind: 'doi'; readonly id: string; readonly doi: string }
  | { readonly kind: 's2'; readonly id: string; readonly s2Id: string };

// Longer input is never an id; refusing early keeps pathological pastes cheap.
const MAX_ID_LENGTH = 300;

// arXiv identifier schemes: https://info.arxiv.org/help/arxiv_identifier.html
// New style YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015); old style archive(.SC)/YYMMNNN.
const NEW_STYLE = /^(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]{2,}(?:-[a-z]+)?)?\/(\d{2})(0[1-9]|1[0-2])(\d{3})(?:v(\d+))?$/;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
const DOI = /^10\.\d{4,9}\/\S+$/;
const S2_ID = /^[0-9a-f]{40}$/;
const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const HF_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);

/**
 * Parses every form people paste (bare and versioned arXiv ids, arXiv/HF/DOI URLs, old-style ids,
 * DOIs, canonical ids) into a canonical id with the version split off.
 * @throws InvalidPaperIdError when the text is none of them.
 */
export function parsePaperId(input: string): ParsedPaperId {
  const result = tryParse(input);
  if (typeof result === 'string') throw new InvalidPaperIdError(input, result);
  return result;
}

/** Like parsePaperId, but returns undefined instead of throwing (e.g. to fall back to a title search). */
export function tryParsePaperId(input: string): ParsedPaperId | undefined {
  const result = tryParse(input);
  return typeof result === 'string' ? undefined : result;
}

function tryParse(input: string): ParsedPaperId | string {
  if (input.length > MAX_ID_LENGTH) return 'too long';
  // NFKC folds full-width digits and letters (common from CJK keyboards) to ASCII.
  const text = unwrap(input.normalize('NFKC').trim());
  if (!text) return 'empty';

  const prefixed = /^(arxiv|doi|s2):\s*(.+)$/i.exec(text);
  if (prefixed?.[1] && prefixed[2]) {
    const scheme = prefixed[1].toLowerCase();
    const rest = prefixed[2].trim();
    if (scheme === 'arxiv') return parseArxivId(rest) ?? 'bad arXiv id';
    if (scheme === 'doi') return parseDoi(rest) ?? 'bad DOI';
    return S2_ID.test(rest.toLowerCase()) ? s2(rest.toLowerCase()) : 'bad Semantic Scholar id';
  }

  const url = parseUrl(text);
  if (url) return parseFromUrl(url) ?? 'unrecognised URL';

  return parseArxivId(text) ?? parseDoi(text) ?? (S2_ID.test(text) ? s2(text) : 'no known form');
}

/** Strips what chat wraps around pasted ids: <…>, `…`, quotes, markdown links. */
function unwrap(text: string): string {
  const link = /^\[[^\]]*\]\(([^)\s]+)\)$/.exec(text);
  if (link?.[1]) return link[1];
  const wrapped = /^(?:<(.+)>|`(.+)`|"(.+)"|'(.+)')$/.exec(text);
  const inner = wrapped?.slice(1).find((group) => group !== undefined);
  return inner ? inner.trim() : text;
}

function parseUrl(text: string): URL | undefined {
  const candidate = /^https?:\/\//i.test(text)
    ? text
    : /^(?:www\.|export\.)?(?:arxiv\.org|huggingface\.co|hf\.co|(?:dx\.)?doi\.org)\//i.test(text)
      ? `https://${text}`
      : undefined;
  if (!candidate || /\s/.test(candidate)) return undefined;
  try {
    return new URL(candidate);
  } catch {
    // Not a URL after all; the caller tries the other forms.
    return undefined;
  }
}

function parseFromUrl(url: URL): ParsedPaperId | undefined {
  const host = url.hostname.toLowerCase();
  const path = decodePath(url.pathname)?.replace(/\/+$/, '');
  if (path === undefined) return undefined;
  if (ARXIV_HOSTS.has(host)) {
    const match = /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?$/.exec(path);
    return match?.[1] ? parseArxivId(match[1]) : undefined;
  }
  if (HF_HOSTS.has(host)) {
    const match = /^\/papers\/(.+)$/.exec(path);
    return match?.[1] ? parseArxivId(match[1]) : undefined;
  }
  if (DOI_HOSTS.has(host)) return parseDoi(path.slice(1));
  return undefined;
}

/** The percent-decoded path, or undefined when it holds a malformed escape (`%E0%A4%A`, issue 12). */
function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch (error) {
    // URIError is the only thing decodeURIComponent throws: the text is not an id, not a bug.
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

function parseArxivId(text: string): ParsedPaperId | undefined {
  const newStyle = NEW_STYLE.exec(text);
  if (newStyle) {
    const [, yy, mm, serial, version] = newStyle;
    // The scheme began in 0704; serials have four digits until 1412 and five from 1501.
    const yymm = Number(`${yy}${mm}`);
    if (yymm < 704 || yymm >= 1501 !== (serial?.length === 5)) return undefined;
    return arxiv(`${yy}${mm}.${serial}`, version);
  }
  const oldStyle = OLD_STYLE.exec(text);
  if (oldStyle) {
    const [, archive, yy, mm, serial, version] = oldStyle;
    // The subject class (math.CA) is not part of the canonical id: arXiv resolves math/0611800.
    return arxiv(`${archive}/${yy}${mm}${serial}`, version);
  }
  return undefined;
}

function parseDoi(text: string): ParsedPaperId | undefined {
  const arxivDoi = ARXIV_DOI.exec(text);
  if (arxivDoi?.[1]) return parseArxivId(arxivDoi[1]);
  if (!DOI.test(text)) return undefined;
  // DOIs are case-insensitive (ANSI/NISO Z39.84); lower case makes one canonical form.
  const doi = text.toLowerCase();
  return { kind: 'doi', id: `doi:${doi}`, doi };
}

function arxiv(arxivId: string, version: string | undefined): ParsedPaperId {
  const id = `arxiv:${arxivId}`;
  return version ? { kind: 'arxiv', id, arxivId, version: Number(version) } : { kind: 'arxiv', id, arxivId };
}

function s2(s2Id: string): ParsedPaperId {
  return { kind: 's2', id: `s2:${s2Id}`, s2Id };
}
