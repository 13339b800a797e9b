// Wall-clock time in an IANA zone, from and to instants. A schedule's run times and the period a
// run covers are read in the schedule's zone, never in the server process's own zone.
import type { IsoDate } from '../../core/types';

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name the runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isKnownZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallTime(instant: Date, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

export function wallDate(instant: Date, timeZone: string): IsoDate {
  const w = wallTime(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall time happens in a zone, or null when the zone skips it (a daylight-saving
 * gap). In an overlap the earlier instant is taken.
 */
export function instantOf(w: WallTime, timeZone: string): Date | null {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const candidates = new Set<number>();
  // The offset at the guessed instant, and the one a few hours either side, cover any transition.
  for (const probe of [asUtc - 12 * 3600_000, asUtc, asUtc + 12 * 3600_000]) {
    candidates.add(asUtc - offsetMinutes(new Date(probe), timeZone) * 60_000);
  }
  const matching = [...candidates]
    .sort((a, b) => a - b)
    .filter((t) => {
      const back = wallTime(new Date(t), timeZone);
      return back.year === w.year && back.month === w.month && back.day === w.day && back.hour === w.hour && back.minute === w.minute;
    });
  return matching.length ? new Date(matching[0]) : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
