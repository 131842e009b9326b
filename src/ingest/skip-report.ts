import type { SkippedRecord } from './import-file.ts';

/** How many skipped records an import lists one by one before it only counts the rest. */
export const SKIPPED_SHOWN = 10;

/** One `file:line[:column]: reason` line per skipped record, the first `shown` of them, then a count of the rest. */
export function describeSkipped(file: string, skipped: readonly SkippedRecord[], shown = SKIPPED_SHOWN): string[] {
  const lines = skipped
    .slice(0, shown)
    .map((s) => `${file}:${s.line}${s.column === undefined ? '' : `:${s.column}`}: ${s.reason}`);
  const rest = skipped.length - shown;
  if (rest > 0) lines.push(`… and ${rest} more skipped record${rest === 1 ? '' : 's'}`);
  return lines;
}
