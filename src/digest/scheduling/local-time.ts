// Wall-clock arithmetic in IANA time zones with Intl only: UTC inside, local dates and times at the
// edges. Correct across DST changes because every conversion asks Intl for the offset at that instant.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** Converts between instants and local wall-clock times; keeps one Intl formatter per zone. */
export interface LocalTime {
  parts(instantMs: number, timeZone: string): LocalParts;
  /** The local calendar date (YYYY-MM-DD) at an instant. */
  localDate(instantMs: number, timeZone: string): string;
  /**
   * The instant at which the wall clock in `timeZone` shows `time` (HH:MM) on `date` (YYYY-MM-DD).
   * A time skipped by a DST change (02:30 on the spring-forward night) maps to the instant an hour
   * later on the wall clock (03:30); a time shown twice (autumn) maps to its first instant.
   */
  toInstant(date: string, time: string, timeZone: string): number;
}

export function createLocalTime(): LocalTime {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const formatter = (timeZone: string): Intl.DateTimeFormat => {
    let found = formatters.get(timeZone);
    if (!found) {
      found = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
      formatters.set(timeZone, found);
    }
    return found;
  };

  const parts = (instantMs: number, timeZone: string): LocalParts => {
    const values: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(instantMs)) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    return {
      year: values.year ?? 0,
      month: values.month ?? 0,
      day: values.day ?? 0,
      hour: values.hour ?? 0,
      minute: values.minute ?? 0,
    };
  };

  // Local time minus UTC at an instant, in ms (Berlin in summer: +2 h).
  const offsetAt = (instantMs: number, timeZone: string): number => {
    const floored = Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
    const p = parts(floored, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - floored;
  };

  return {
    parts,
    localDate: (instantMs, timeZone) => formatDate(parts(instantMs, timeZone)),
    toInstant(date, time, timeZone) {
      const [year, month, day] = splitDate(date);
      const [hour, minute] = splitTime(time);
      const wall = Date.UTC(year, month - 1, day, hour, minute);
      // The offsets in force a day before and a day after: zone transitions are months apart, so
      // these are the only two offsets this wall time can have.
      const candidates = [wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)];
      const shows = (instant: number) => {
        const p = parts(instant, timeZone);
        return p.hour === hour && p.minute === minute;
      };
      const valid = candidates.filter(shows);
      // Shown twice (autumn): the earlier. Never shown (spring gap): the later, an hour on.
      return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
    },
  };
}

/** True when Intl knows the zone (IANA names and aliases such as UTC). */
export function isTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== undefined;
}

/** The zone's canonical spelling (`europe/berlin` → `Europe/Berlin`), or undefined when unknown. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** YYYY-MM-DD plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = splitDate(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a calendar date. */
export function weekdayOf(date: string): number {
  const [year, month, day] = splitDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

// Fixed English names: ICU's short forms vary by version and locale ("Sep" vs "Sept").
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Tue 5 Aug" for a calendar date. */
export function shortDateLabel(date: string): string {
  const [, month, day] = splitDate(date);
  return `${WEEKDAYS[weekdayOf(date)]} ${day} ${MONTHS[month - 1]}`;
}

function formatDate(p: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function splitDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function splitTime(time: string): [number, number] {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new RangeError(`not an HH:MM time: ${time}`);
  return [Number(match[1]), Number(match[2])];
}
