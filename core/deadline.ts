// 完成时限: the deadline forms clerks write (DESIGN §5), read into `YYYY-MM-DD` or `ongoing`.
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
  return fromText(written, ledgerYear);
}

function fromDate(d: Date, ledgerYear: number | undefined): DeadlineResult {
  if (Number.isNaN(d.getTime())) return unrecognised('Invalid Date');
  // exceljs gives date cells as UTC midnight; other readers give local midnight. Rounding to the
  // nearest UTC day reads both as the day the clerk typed.
  const day = new Date(Math.round(d.getTime() / DAY_MS) * DAY_MS);
  const written = day.toISOString().slice(0, 10);
  return dated(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), written, ledgerYear);
}

function fromSerial(n: number, ledgerYear: number | undefined): DeadlineResult {
  const written = String(n);
  if (!Number.isFinite(n) || n < 1 || n >= EXCEL_MAX_SERIAL + 1) return unrecognised(written);
  const serial = Math.floor(n);
  if (serial === 60) return impossible(written);
  const day = new Date(EXCEL_EPOCH_MS + (serial < 60 ? serial + 1 : serial) * DAY_MS);
  return dated(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), written, ledgerYear);
}

type TextForm = {
  pattern: RegExp;
  /** year, month, day from the match; an `undefined` year means the ledger year. */
  read: (m: RegExpMatchArray) => [year: string | undefined, month: number, day: number | 'end'] | 'ongoing';
};

const QUARTER_END_MONTH: Record<string, number> = { 一: 3, 二: 6, 三: 9, 四: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

// Matched against the text after NFKC (full-width digits and punctuation → ASCII), with all
// whitespace removed and a trailing 前/以前/之前 ("by …") dropped.
const TEXT_FORMS: TextForm[] = [
  { pattern: /^(?:长期|长期坚持|长期有效|常年|常年坚持|ongoing)$/i, read: () => 'ongoing' },
  // 2011-6-30, 2011/6/30, 2011.6.30
  { pattern: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, read: (m) => [m[1], +m[2], +m[3]] },
  // 20110630
  { pattern: /^(\d{4})(\d{2})(\d{2})$/, read: (m) => [m[1], +m[2], +m[3]] },
  // 2011年6月30日, 6月30日, 6月30号
  { pattern: /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]$/, read: (m) => [m[1], +m[2], +m[3]] },
  // 2011年6月底, 2011年12月, 6月底, 6月份 → month end
  { pattern: /^(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?$/, read: (m) => [m[1], +m[2], 'end'] },
  // 2011.12, 2011-9, 2011/9 → month end
  { pattern: /^(\d{4})[-/.](\d{1,2})$/, read: (m) => [m[1], +m[2], 'end'] },
  // 年底, 年末, 年内 (added: the same promise in other words), 2011年底, 2011年年底, 2011年
  { pattern: /^(?:(\d{4})年)?(?:年底|年末|年内)$/, read: (m) => [m[1], 12, 31] },
  { pattern: /^(\d{4})年(?:底|末|内|度)?$/, read: (m) => [m[1], 12, 31] },
  // 上半年, 2011年下半年
  { pattern: /^(?:(\d{4})年)?(上|下)半年$/, read: (m) => [m[1], m[2] === '上' ? 6 : 12, 'end'] },
  // 第二季度, 2011年三季度 (added: quarter ends, the rhythm of 一季一讲评)
  { pattern: /^(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?$/, read: (m) => [m[1], QUARTER_END_MONTH[m[2]], 'end'] },
];

function fromText(written: string, ledgerYear: number | undefined): DeadlineResult {
  const text = written
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i, '') // a time after a date
    .replace(/\s+/g, '')
    .replace(/(?:以前|之前|前)$/, '');
  for (const form of TEXT_FORMS) {
    const m = text.match(form.pattern);
    if (!m) continue;
    const read = form.read(m);
    if (read === 'ongoing') return { ok: true, deadline: 'ongoing' };
    const [yearText, month, day] = read;
    if (yearText === undefined) {
      if (ledgerYear === undefined) return needsYear(written);
      return dated(ledgerYear, month, day, written, ledgerYear);
    }
    return dated(Number(yearText), month, day, written, ledgerYear);
  }
  return unrecognised(written);
}

/** A checked calendar date; never rolled over into the next month. */
function dated(year: number, month: number, day: number | 'end', written: string, ledgerYear: number | undefined): DeadlineResult {
  if (month < 1 || month > 12) return impossible(written);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const d = day === 'end' ? lastDay : day;
  if (d < 1 || d > lastDay) return impossible(written);
  if (ledgerYear !== undefined && Math.abs(year - ledgerYear) > MAX_YEARS_FROM_LEDGER) {
    return yearOutOfRange(written, year, ledgerYear);
  }
  if (year < 1000 || year > 9999) return unrecognised(written);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
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
