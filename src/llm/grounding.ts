import { clip } from '../text/index.ts';
import type { GroundingFlags } from './types.ts';

// Discord: embed field value 1024 chars, embed description 4096 chars (DESIGN.md, "Discord limits").
export const FIELD_LIMIT = 1024;
export const DESCRIPTION_LIMIT = 4096;

const CITATION_GROUP = /\s?\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

export interface CitationCheck {
  /** The text with every citation naming no given paper removed. */
  readonly text: string;
  /** Valid citation numbers in order of first appearance. */
  readonly cited: readonly number[];
  /** Citation numbers that named no paper and were removed. */
  readonly dropped: readonly number[];
}

/**
 * Keeps only citations `[n]` (or `[n, m]`) with 1 ≤ n ≤ paperCount; a dangling one is removed
 * from the text rather than shown, since a citation that names no given paper is made up.
 */
export function checkCitations(text: string, paperCount: number): CitationCheck {
  const cited: number[] = [];
  const dropped: number[] = [];
  const repaired = text.replace(CITATION_GROUP, (whole, group: string) => {
    const numbers = group.split(/\s*[,;]\s*/).map(Number);
    const valid = numbers.filter((n) => Number.isInteger(n) && n >= 1 && n <= paperCount);
    for (const n of numbers) if (!valid.includes(n)) dropped.push(n);
    for (const n of valid) if (!cited.includes(n)) cited.push(n);
    if (valid.length === 0) return '';
    const lead = whole.startsWith(' ') ? ' ' : '';
    return `${lead}[${[...new Set(valid)].join(', ')}]`;
  });
  return { text: repaired.replace(/ +([.,;:!?])/g, '$1').trim(), cited, dropped };
}

/** The text without its citation marks [n] (numbers the citation check has already dealt with). */
export function withoutCitations(text: string): string {
  return text.replace(CITATION_GROUP, ' ');
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/g, '').replace(/[.,]$/, ''));
}

/**
 * Numbers that occur in `generated` but nowhere in `source` (title and abstract): a model that
 * invents "94.3%" should be flagged, not trusted. Comma thousands separators are ignored.
 */
export function findUnverifiedNumbers(generated: readonly string[], source: string): string[] {
  const known = new Set(numbersIn(source));
  const unverified: string[] = [];
  for (const text of generated) {
    for (const n of numbersIn(text)) if (!known.has(n) && !unverified.includes(n)) unverified.push(n);
  }
  return unverified;
}

/**
 * The warnings both renderers show for an output's grounding flags, one line each, worded once
 * here so Discord and the terminal say the same (issue 12, item 7).
 */
export function groundingWarnings({ unverifiedNumbers = [], droppedCitations = [] }: GroundingFlags): string[] {
  const warnings: string[] = [];
  if (unverifiedNumbers.length > 0) {
    warnings.push(`Not found in the abstracts, check before quoting: ${unverifiedNumbers.join(', ')}`);
  }
  if (droppedCitations.length > 0) {
    const cited = [...new Set(droppedCitations)].map((n) => `[${n}]`).join(', ');
    warnings.push(`Removed citations of papers that were not given: ${cited}`);
  }
  return warnings;
}

/**
 * Defangs mass and direct mentions in generated text, as a second line behind
 * `allowedMentions: { parse: [] }`: "@everyone" → "everyone", "<@123>" → "@user".
 */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@+(everyone|here)\b/gi, '$1')
    .replace(/<@&\d+>/g, '@role')
    .replace(/<@!?\d+>/g, '@user')
    .replace(/<#\d+>/g, '#channel');
}

/** What every generated string goes through before anyone sees it: defanged, trimmed, clipped to `max`. */
export function cleanOutput(text: string, max: number): string {
  return clip(neutralizeMentions(text).trim(), max);
}
