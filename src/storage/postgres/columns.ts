/**
 * `column` as the ISO-8601 UTC text with milliseconds that the SQLite stores keep
 * (`2025-03-31T09:00:00.000Z`), so both implementations hand the same rows to one mapper.
 */
export function isoText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;
}
