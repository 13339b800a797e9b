// Hostile input (issue 7): whatever a cell holds, the parsers answer with a value or a coded
// error — never an exception, never a rolled-over date.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDeadline } from './deadline';
import { FIELD_LABELS, FIELD_LIMITS, validateRow } from './validate';
import { recogniseHeader } from './ledgerColumns';
import type { CellValue, LedgerRowInput } from './types';

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u3000', '\u00a0', ' ', '\n', '\r\n', '\t'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️'];
const LEDGER_WORDS = [
  '年', '月', '日', '号', '底', '末', '前', '以前', '上半年', '下半年', '年底', '长期', '常年', '季度', '第',
  '共性承诺', '岗位', '实事', '自律', '已完成', '进行中', '党支部', '党员', '承诺内容', '完成时限', '序号',
  '-', '/', '.', '．', '／', '－', '2011', '6', '30', '13', '0', '99999', '=SUM(A1)', '+1', '@x', "'", '"',
];

/** Text built from ledger words, digits (ASCII or full-width), invisible characters and emoji. */
const ledgerish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...LEDGER_WORDS),
      fc.constantFrom(...INVISIBLE),
      fc.constantFrom(...EMOJI),
      fc.integer({ min: 0, max: 99999 }).map(String),
      fc.integer({ min: 0, max: 99999 }).map((n) => FULL_WIDTH(String(n))),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  ledgerish,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 990, maxLength: 2100 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constant(null),
  fc.constant(undefined),
);

const plain = { noNullPrototype: true };
/** What exceljs hands over besides plain values: rich text, hyperlinks, formula results. */
const exceljsCell = fc.oneof(
  fc.array(fc.oneof(fc.record({ text: ledgerish }, plain), ledgerish), { maxLength: 4 }).map((richText) => ({ richText })),
  fc.record({ text: cellValue, hyperlink: fc.string() }, plain),
  fc.record({ formula: fc.string(), result: cellValue }, plain),
) as fc.Arbitrary<unknown> as fc.Arbitrary<CellValue>;
/** Beyond any contract: arbitrary objects, null prototypes, nested junk. */
const junk = fc.anything() as fc.Arbitrary<unknown> as fc.Arbitrary<CellValue>;

const sheetCell = fc.oneof({ weight: 4, arbitrary: cellValue }, { weight: 1, arbitrary: exceljsCell });
const anyCell = fc.oneof({ weight: 4, arbitrary: sheetCell }, { weight: 1, arbitrary: junk });
const ledgerYear = fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: undefined });

const DEADLINE_CODES = [
  'deadline.missing',
  'deadline.unrecognised',
  'deadline.impossible_date',
  'deadline.year_out_of_range',
  'deadline.needs_year',
];

const isRealIsoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

describe('fuzz: parseDeadline', () => {
  it('answers a real date, ongoing, or a coded error with messages, for any cell', () => {
    fc.assert(
      fc.property(anyCell, ledgerYear, (v, year) => {
        const r = parseDeadline(v, year);
        if (r.ok) {
          expect(r.deadline === 'ongoing' || isRealIsoDate(r.deadline)).toBe(true);
          if (r.deadline !== 'ongoing' && year !== undefined) {
            expect(Math.abs(Number(r.deadline.slice(0, 4)) - year)).toBeLessThanOrEqual(1);
          }
        } else {
          expect(DEADLINE_CODES).toContain(r.code);
          expect(r.message.zh.length).toBeGreaterThan(0);
          expect(r.message.en.length).toBeGreaterThan(0);
          expect(r.message.zh.length).toBeLessThan(200);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any real date in any written form, with full-width digits and invisible padding', () => {
    const form = fc.constantFrom(
      (y: number, m: number, d: number) => `${y}-${m}-${d}`,
      (y: number, m: number, d: number) => `${y}/${m}/${d}`,
      (y: number, m: number, d: number) => `${y}.${m}.${d}`,
      (y: number, m: number, d: number) => `${y}年${m}月${d}日`,
      (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2010-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        form,
        fc.boolean(),
        fc.constantFrom(...INVISIBLE),
        (date, write, fullWidth, pad) => {
          const day = new Date(Math.floor(date.getTime() / 86_400_000) * 86_400_000);
          const iso = day.toISOString().slice(0, 10);
          let text = write(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
          if (fullWidth) text = FULL_WIDTH(text);
          expect(parseDeadline(`${pad}${text}${pad}`, day.getUTCFullYear())).toEqual({ ok: true, deadline: iso });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never rolls a day past its month over into the next', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2010, max: 2027 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 70 }), (y, m, extra) => {
        const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const r = parseDeadline(`${y}-${m}-${lastDay + extra}`, y);
        expect(r).toMatchObject({ ok: false });
        if (!r.ok) expect(['deadline.impossible_date', 'deadline.unrecognised']).toContain(r.code);
      }),
    );
  });
});

describe('fuzz: validateRow', () => {
  const fields = Object.keys(FIELD_LABELS) as (keyof LedgerRowInput)[];
  const row = fc.dictionary(fc.constantFrom(...fields, 'seq'), anyCell, { maxKeys: 15 }) as fc.Arbitrary<LedgerRowInput>;

  it('never throws; a draft exactly when there are no errors; every error coded and named', () => {
    fc.assert(
      fc.property(row, ledgerYear, (r, year) => {
        const { draft, errors } = validateRow(r, { ledgerYear: year });
        expect(draft === null).toBe(errors.length > 0);
        for (const e of errors) {
          expect(fields).toContain(e.field);
          expect(e.code).toMatch(/^[a-zA-Z]+\.[a-z_]+$/);
          expect(e.message.zh.length).toBeGreaterThan(0);
          expect(e.message.en.length).toBeGreaterThan(0);
        }
        if (draft) {
          for (const [field, max] of Object.entries(FIELD_LIMITS)) {
            const key = field === 'org' ? 'orgName' : field === 'subject' ? 'subjectName' : field;
            const value = draft[key as keyof typeof draft] as string | null;
            if (value !== null) expect([...value].length).toBeLessThanOrEqual(max);
            if (value !== null) expect(value).toBe(value.trim());
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a well-formed row whatever unicode its free text holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), ledgerish, (name, content) => {
        const subject = `${name}${EMOJI[0]}`;
        const { draft } = validateRow(
          { subject, category: '实事承诺', content: `${content}内容`, deadline: '２０１１年６月底' },
          { ledgerYear: 2011 },
        );
        expect(draft).not.toBeNull();
        expect(draft?.deadline).toBe('2011-06-30');
      }),
    );
  });
});

describe('fuzz: recogniseHeader', () => {
  // The recogniser takes cell values as read from a sheet, not arbitrary objects.
  const sheet = fc.array(fc.array(sheetCell, { maxLength: 16 }), { maxLength: 40 });
  const headerish = fc.array(
    fc.array(fc.oneof(fc.constantFrom('序号', '姓名', '承诺人', '承诺类别', '承诺内容', '完成时限', '状态', '备注', '共性承诺', '岗位承诺', '实事承诺'), sheetCell), {
      maxLength: 14,
    }),
    { maxLength: 12 },
  );

  it('never throws and answers a mapping inside the sheet', () => {
    fc.assert(
      fc.property(fc.oneof(sheet, headerish), (rows) => {
        const r = recogniseHeader(rows);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        if (r.headerRow === null) {
          expect(r.mapping).toEqual([]);
        } else {
          expect(r.headerRow).toBeGreaterThanOrEqual(0);
          expect(r.headerRow).toBeLessThan(rows.length);
          const width = Math.max(...rows.slice(r.headerRow, r.headerRow + r.headerRows).map((row) => row.length));
          for (const m of r.mapping) {
            expect(m.column).toBeGreaterThanOrEqual(0);
            expect(m.column).toBeLessThan(width);
            expect(m.confidence).toBeGreaterThan(0);
            expect(m.confidence).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
