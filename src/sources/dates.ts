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
