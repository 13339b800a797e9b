// 完成时限: the deadline forms clerks write (DESIGN §5), read into `YYYY-MM-DD` or `ongoing`.
//
// Clerks write a small language rather than a list of forms, so this is a grammar:
//
//   deadline := ongoing | [since] point [range] [by] [done]
//   ongoing  := 长期… | 常年… | 持续… | 常态化… | 每月… | 定期… (the rest of the cell is free text)
//   since    := (从|自)? 即日|今日|现在 起? (至|到)            — "from now until …"
//   point    := year? period | year | numeric date
//   year     := 2011年 | 今年 | 本年
//   period   := 年底 | 年末 | 年内 | 年终 | 年度 | 全年 | 年中 | 上半年 | 下半年
//             | 第三季度 | 三季度末 | 6月30日 | 6月30号 | 6月底 | 6月末 | 6月份 | 6月中旬 | 3-6月
//   numeric  := 2011-6-30 | 2011/6/30 | 2011.6.30 | 20110630 | 2011.6
//   range    := (至|到|-|~|—) point                           — the end counts; it inherits the year
//   by       := 前 | 以前 | 之前 | 止 | 为止 | 内
//   done     := 完成 | 完工 | 办结 | 结束 | 兑现 | 落实        — only when the deadline is the whole cell
//
// after NFKC (full-width digits and punctuation → ASCII) and without whitespace. A point
// without a year takes the ledger year. `readDeadlineAt` reads one deadline at the start of a
// text and hands back the rest, for phase plans such as `6月底前完成选址；9月底前完工`.
import type { Deadline, LocalText } from './types';
import { cleanText, excerpt } from './text';

export type DeadlineErrorCode =
  | 'deadline.missing'
  | 'deadline.unrecognised'
  | 'deadline.impossible_date'
  | 'deadline.year_out_of_range'
  | 'deadline.needs_year';

export type DeadlineResult =
  | { ok: true; deadline: Deadline }
  | { ok: false; code: DeadlineErrorCode; message: LocalText };

/** How far a deadline's year may stray from the ledger year before we call it a typo. */
const MAX_YEARS_FROM_LEDGER = 1;
const DAY_MS = 86_400_000;
/** Excel's 1900 date system: serial 1 is 1900-01-01; serial 60 is the 1900-02-29 that never was. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_MAX_SERIAL = 2_958_465; // 9999-12-31

/**
 * Reads a deadline cell: a Date, an Excel serial number, or text. `ledgerYear` completes the
 * forms without a year (6月30日, 年底前, 上半年) and bounds the years the others may name.
 */
export function parseDeadline(v: unknown, ledgerYear?: number): DeadlineResult {
  if (v instanceof Date) return fromDate(v, ledgerYear);
  if (typeof v === 'number') return fromSerial(v, ledgerYear);
  const written = cleanText(v);
  if (written === null) return missing();
  // A time of day after a date (2011-06-30 00:00:00, …T00:00:00.000Z) says nothing more.
  const norm = normalise(written.replace(/[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i, ''));
  const read = scan(norm, true);
  if (!read || read.end !== norm.text.length) return unrecognised(written);
  return resolve(read.reading, written, ledgerYear);
}

export interface DeadlineAtStart {
  /** The deadline read (or why the date it names is wrong: 6月31日前 is impossible). */
  result: DeadlineResult;
  /** What follows the deadline, as written (leading whitespace dropped). */
  rest: string;
}

/**
 * Reads a deadline at the start of `text` (`6月底前完成选址` → 2011-06-30 and `完成选址`);
 * null when the text does not start with one. Words like 完成 stay in the rest.
 */
export function readDeadlineAt(text: string, ledgerYear?: number): DeadlineAtStart | null {
  const norm = normalise(text);
  const read = scan(norm, false);
  if (!read) return null;
  const written = text.slice(0, norm.origin[read.end]).trim();
  return { result: resolve(read.reading, written, ledgerYear), rest: text.slice(norm.origin[read.end]).trimStart() };
}

function fromDate(d: Date, ledgerYear: number | undefined): DeadlineResult {
  if (Number.isNaN(d.getTime())) return unrecognised('Invalid Date');
  // exceljs gives date cells as UTC midnight; other readers give local midnight. Rounding to the
  // nearest UTC day reads both as the day the clerk typed.
  const day = new Date(Math.round(d.getTime() / DAY_MS) * DAY_MS);
  const written = day.toISOString().slice(0, 10);
  return dated({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, written, ledgerYear);
}

function fromSerial(n: number, ledgerYear: number | undefined): DeadlineResult {
  const written = String(n);
  if (!Number.isFinite(n) || n < 1 || n >= EXCEL_MAX_SERIAL + 1) return unrecognised(written);
  const serial = Math.floor(n);
  if (serial === 60) return impossible(written);
  const day = new Date(EXCEL_EPOCH_MS + (serial < 60 ? serial + 1 : serial) * DAY_MS);
  return dated({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, written, ledgerYear);
}

// ---- the text, normalised, with a way back to what was written ----

interface Normalised {
  text: string;
  /** origin[i]: index in the written text where normalised character i came from (and one past the end). */
  origin: number[];
}

const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/u;
const PLAIN = /^[\x21-\x7e\u4e00-\u9fff]*$/;

/** NFKC per character, whitespace and zero-width characters dropped, keeping where each came from. */
function normalise(written: string): Normalised {
  // Most deadlines are printable ASCII and common ideographs, which NFKC keeps and none of which is
  // invisible: each character stands where it was written.
  if (PLAIN.test(written)) return { text: written, origin: Array.from({ length: written.length + 1 }, (_, i) => i) };
  let text = '';
  const origin: number[] = [];
  let at = 0;
  for (const ch of written) {
    const n = ch.normalize('NFKC');
    if (!INVISIBLE.test(n)) {
      for (let k = 0; k < n.length; k++) origin.push(at);
      text += n;
    }
    at += ch.length;
  }
  origin.push(written.length);
  return { text, origin };
}

// ---- the grammar ----

/** A calendar point as written: `year` undefined means the ledger year; day 'end' the month's last. */
interface Point {
  year?: number;
  month: number;
  day: number | 'end';
}

type Reading = 'ongoing' | { point: Point; from?: Point };

interface Scanned {
  reading: Reading;
  /** Index in the normalised text just after the deadline. */
  end: number;
}

const ONGOING = /长期|常年|持续|常态化|经常|始终|一贯|定期|每(?:月|周|季度?|半年|年|天|日)|ongoing/iy;
/** In the middle of a plan, only the ongoing word and the verbs that usually follow it. */
const ONGOING_TAIL = /(?:坚持|执行|有效|开展|推进|落实)*/y;
const SINCE = /(?:从|自)?(?:即日|今日|今天|现在|目前)起?(?:至|到)/y;
const RANGE = /至|到|~|-|—|–|〜/y;
const BY = /(?:以前|之前|前|为止|止|内)?/y;
const DONE = /(?:完成|完工|办结|结束|兑现|落实)?/y;
const YEAR = /(?:(\d{4})年|今年|本年)/y;
/** 2011年底, 2011年度: the year's end said after the year. */
const AFTER_YEAR = /(?:底|末|终|内|度内?)?/y;

const QUARTER_END_MONTH: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };
const TEN_DAYS: Record<string, number | 'end'> = { 上旬: 10, 中旬: 20, 下旬: 'end', 中: 15, 底: 'end', 末: 'end' };

type Form = { pattern: RegExp; read: (m: RegExpExecArray) => { month: number; day: number | 'end' } };

/** Dates that carry their own year, tried before anything else. */
const NUMERIC: Array<{ pattern: RegExp; read: (m: RegExpExecArray) => Point }> = [
  // 2011-6-30, 2011/6/30, 2011.6.30
  { pattern: /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)(?:日|号)?/y, read: (m) => ({ year: +m[1], month: +m[3], day: +m[4] }) },
  // 20110630
  { pattern: /(\d{4})(\d{2})(\d{2})(?!\d)/y, read: (m) => ({ year: +m[1], month: +m[2], day: +m[3] }) },
  // 2011.12, 2011-9, 2011/9 → month end
  { pattern: /(\d{4})[-/.](\d{1,2})(?!\d)(?:月(?:份)?(?:底|末)?)?/y, read: (m) => ({ year: +m[1], month: +m[2], day: 'end' }) },
];

/** What may follow a year (or stand without one), first match wins. */
const PERIODS: Form[] = [
  { pattern: /年中/y, read: () => ({ month: 6, day: 30 }) },
  { pattern: /年(?:底|末|终|内)|年度内?|全年/y, read: () => ({ month: 12, day: 31 }) },
  { pattern: /(上|下|前|后)半年度?/y, read: (m) => ({ month: m[1] === '上' || m[1] === '前' ? 6 : 12, day: 'end' }) },
  { pattern: /第?([一二三四1-4])季度?(?:末|底)?/y, read: (m) => ({ month: QUARTER_END_MONTH[m[1]], day: 'end' }) },
  // 3-6月: a span of months ends with the last (3月至6月 is a range of two points)
  { pattern: /(\d{1,2})(?:至|到|-|~|—)(\d{1,2})月(?:份)?(?:底|末)?/y, read: (m) => ({ month: +m[2], day: 'end' }) },
  // 6月30日, 6月30号, 6月30
  { pattern: /(\d{1,2})月(\d{1,2})(?!\d)(?:日|号)?/y, read: (m) => ({ month: +m[1], day: +m[2] }) },
  // 6月底, 6月末, 6月份, 6月中旬, 6月
  { pattern: /(\d{1,2})月(?:份)?(上旬|中旬|下旬|中|底|末)?/y, read: (m) => ({ month: +m[1], day: m[2] ? TEN_DAYS[m[2]] : 'end' }) },
];

function at(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

/** A point at `index`, or null. */
function readPoint(text: string, index: number): { point: Point; end: number } | null {
  for (const form of NUMERIC) {
    const m = at(form.pattern, text, index);
    if (m) return { point: form.read(m), end: index + m[0].length };
  }
  const y = at(YEAR, text, index);
  const year = y ? (y[1] ? +y[1] : undefined) : undefined;
  const from = y ? index + y[0].length : index;
  for (const form of PERIODS) {
    const m = at(form.pattern, text, from);
    if (m && m[0].length > 0) return { point: { year, ...form.read(m) }, end: from + m[0].length };
  }
  // A year alone (2012年, 2011年底, 今年内) is that year's end.
  return y ? { point: { year, month: 12, day: 31 }, end: from + at(AFTER_YEAR, text, from)![0].length } : null;
}

/** Reads a deadline from the start of the normalised text; `whole` lets 完成 and free text after 长期 in. */
function scan({ text }: Normalised, whole: boolean): Scanned | null {
  const ongoing = at(ONGOING, text, 0);
  if (ongoing) {
    // 持续至年底 is a date after all.
    const until = /^(?:至|到)/.exec(text.slice(ongoing[0].length));
    const after = until ? readPoint(text, ongoing[0].length + until[0].length) : null;
    if (after && whole) return finish(text, { point: after.point }, after.end, whole);
    return { reading: 'ongoing', end: whole ? text.length : ongoing[0].length + at(ONGOING_TAIL, text, ongoing[0].length)![0].length };
  }
  const since = at(SINCE, text, 0);
  const first = readPoint(text, since ? since[0].length : 0);
  if (!first) return null;
  const sep = at(RANGE, text, first.end);
  const last = sep ? readPoint(text, first.end + sep[0].length) : null;
  if (last) {
    return finish(text, { point: last.point, from: first.point }, last.end, whole);
  }
  return finish(text, { point: first.point }, first.end, whole);
}

function finish(text: string, reading: Reading, index: number, whole: boolean): Scanned {
  let end = index + at(BY, text, index)![0].length;
  if (whole) end += at(DONE, text, end)![0].length;
  return { reading, end };
}

/** The reading as a checked date of the ledger year's neighbourhood. */
function resolve(reading: Reading, written: string, ledgerYear: number | undefined): DeadlineResult {
  if (reading === 'ongoing') return { ok: true, deadline: 'ongoing' };
  const { point, from } = reading;
  // The end of a range takes the year of its start (2011年6月至12月), else the ledger's.
  const startYear = from?.year ?? ledgerYear;
  const year = point.year ?? startYear;
  if (year === undefined || (from && startYear === undefined)) return needsYear(written);
  if (!from) return dated({ ...point, year }, written, ledgerYear);
  const start = dated({ ...from, year: startYear }, written, ledgerYear);
  if (!start.ok) return start;
  const stop = dated({ ...point, year }, written, ledgerYear);
  // 2011年11月至2月: an end before its start lies in the next year.
  if (stop.ok && stop.deadline < start.deadline && point.year === undefined) {
    return dated({ ...point, year: year + 1 }, written, ledgerYear);
  }
  return stop;
}

/** A checked calendar date; never rolled over into the next month. */
function dated(p: Point, written: string, ledgerYear: number | undefined): DeadlineResult {
  const year = p.year!;
  if (p.month < 1 || p.month > 12) return impossible(written);
  const lastDay = new Date(Date.UTC(year, p.month, 0)).getUTCDate();
  const d = p.day === 'end' ? lastDay : p.day;
  if (d < 1 || d > lastDay) return impossible(written);
  if (ledgerYear !== undefined && Math.abs(year - ledgerYear) > MAX_YEARS_FROM_LEDGER) {
    return yearOutOfRange(written, year, ledgerYear);
  }
  if (year < 1000 || year > 9999) return unrecognised(written);
  const iso = `${year}-${String(p.month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { ok: true, deadline: iso };
}

function missing(): DeadlineResult {
  return { ok: false, code: 'deadline.missing', message: { zh: '完成时限不能为空', en: 'Deadline is required' } };
}

function unrecognised(written: string): DeadlineResult {
  const q = excerpt(written);
  return {
    ok: false,
    code: 'deadline.unrecognised',
    message: {
      zh: `完成时限“${q}”无法识别，请填写日期（如 2011-6-30、2011年6月底、年底前）或“长期”`,
      en: `Deadline "${q}" is not a form we can read; write a date (e.g. 2011-6-30, 2011年6月底, 年底前) or 长期`,
    },
  };
}

function impossible(written: string): DeadlineResult {
  const q = excerpt(written);
  return {
    ok: false,
    code: 'deadline.impossible_date',
    message: { zh: `完成时限“${q}”不是存在的日期`, en: `Deadline "${q}" is not a real date` },
  };
}

function yearOutOfRange(written: string, year: number, ledgerYear: number): DeadlineResult {
  const q = excerpt(written);
  return {
    ok: false,
    code: 'deadline.year_out_of_range',
    message: {
      zh: `完成时限“${q}”的年份${year}与承诺年度${ledgerYear}相差太远，可能是笔误`,
      en: `Deadline "${q}": the year ${year} is too far from the ledger year ${ledgerYear}; probably a typo`,
    },
  };
}

function needsYear(written: string): DeadlineResult {
  const q = excerpt(written);
  return {
    ok: false,
    code: 'deadline.needs_year',
    message: {
      zh: `完成时限“${q}”没有写年份，且不知道承诺年度`,
      en: `Deadline "${q}" names no year and the ledger year is not known`,
    },
  };
}
