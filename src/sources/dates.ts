/** An ISO timestamp as a UTC day (YYYY-MM-DD), or undefined when it does not parse. */
export function utcDay(timestamp: string | undefined): string | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

/** An ISO-8601 UTC timestamp for any date string Date.parse accepts, else undefined. */
export function isoTimestamp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written zero-padded as YYYY-MM-DD. */
export function isUtcDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The ISO-8601 week (`YYYY-Www`, weeks start on Monday, week 1 holds the year's first Thursday) of a UTC instant. */
export function isoWeek(ms: number): string {
  const day = new Date(ms);
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  // The Thursday of this week decides its year.
  date.setUTCDate(date.getUTCDate() + 4 - (date.getUTCDay() || 7));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The UTC month (`YYYY-MM`) of an instant. */
export function utcMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
