// Calendar dates as the people using the ledger see them: in the report time zone, not UTC.

/** `YYYY-MM-DD` of an instant in an IANA time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
