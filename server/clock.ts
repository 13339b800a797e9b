// Calendar dates as the people using the ledger see them: in the report time zone, not UTC.

/** `YYYY-MM-DD` of an instant in an IANA time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Noon of a calendar day in an IANA time zone, as an ISO timestamp: the day stays that day in reports. */
export function noonOn(day: string, timeZone: string): string {
  const guess = new Date(`${day}T12:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return new Date(guess.getTime() - (shown - guess.getTime())).toISOString();
}

/**
 * The day of an instant in Beijing. Working days are China's (core/workdays), so the day a
 * review's 7 working days count from is the Beijing day of the submission, whatever REPORT_TZ.
 */
export function chinaDay(at: string): string {
  return localDate(new Date(at), 'Asia/Shanghai');
}

/** The wall clock. The server's one clock (`ctx.now()`) reads it unless `NOW` fixes it. */
export const wallClock = (): Date => new Date();

/** A clock standing at one instant: `NOW` for rehearsals and acceptance runs (DESIGN §7). */
export function fixedClock(at: string): () => Date {
  const instant = Date.parse(at);
  return () => new Date(instant);
}

/**
 * `NOW` as an instant: an ISO date-time with its offset (`2011-06-30T10:00+08:00`, `…Z`), a real
 * calendar time — or null when it is not one. An offset is required: the same wall time is a
 * different day in another zone.
 */
export function parseNow(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  // 2011-02-30 parses as 2 March: the fields must survive the round trip in their own offset.
  const offsetMinutes = m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4, 6)));
  const shown = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
  return shown.slice(0, 16) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` && (!m[6] || shown.slice(17, 19) === m[6]) ? at : null;
}
