// bibtex-parse 2.1 ships no types; this is the part of its API the tests use (its README).
declare module 'bibtex-parse' {
  /** One entry: `key`, `type`, and its fields under UPPER-CASE names, macros and braces resolved. */
  export interface BibtexEntry {
    readonly key: string;
    readonly type: string;
    readonly [field: string]: string | number | undefined;
  }
  export function entries(bibtex: string): BibtexEntry[];
}
