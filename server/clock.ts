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
