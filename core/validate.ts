// One ledger row → a commitment draft or the list of what is wrong with it, field by field.
// The add-in runs this for instant feedback; the server runs it again on every write.
import type { CommitmentDraft, FieldError, LedgerRowInput, LocalText, SubjectType } from './types';
import { cleanText, excerpt } from './text';
import { parseCategory } from './category';
import { parseStatus } from './status';
import { parseDeadline } from './deadline';
import { parsePlan } from './plan';

/** The fields a row is checked on; 序号 (`seq`) is the sheet's own numbering and not checked. */
export type RowField = Exclude<keyof LedgerRowInput, 'seq'>;

/** Each field by its ledger column name (DESIGN §5), for messages. */
export const FIELD_LABELS: Record<RowField, LocalText> = {
  year: { zh: '承诺年度', en: 'year' },
  org: { zh: '所在党组织', en: 'organisation' },
  subject: { zh: '承诺主体', en: 'subject' },
  subjectType: { zh: '主体类型', en: 'subject type' },
  category: { zh: '承诺类别', en: 'category' },
  content: { zh: '承诺内容', en: 'content' },
  measures: { zh: '具体措施', en: 'measures' },
  expected: { zh: '预期目标', en: 'expected result' },
  deadline: { zh: '完成时限', en: 'deadline' },
  responsible: { zh: '责任人', en: 'responsible person' },
  status: { zh: '状态', en: 'status' },
  progress: { zh: '进展情况', en: 'progress' },
  remarks: { zh: '备注', en: 'remarks' },
  id: { zh: '编号', en: 'id' },
  unitPost: { zh: '单位及职务', en: 'unit and post' },
  completedOn: { zh: '完成时间', en: 'completion date' },
  plan: { zh: '阶段计划', en: 'phased plan' },
};

/** Longest text each free-text field may hold, in characters. */
export const FIELD_LIMITS = {
  org: 100,
  subject: 100,
  responsible: 100,
  content: 2000,
  measures: 1000,
  expected: 1000,
  progress: 1000,
  remarks: 1000,
  unitPost: 200,
} as const;

/** Years a ledger may plausibly be for. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

const SUBJECT_TYPE_WORDS = new Map<string, SubjectType>([
  ['党员', 'member'],
  ['个人', 'member'],
  ['member', 'member'],
  ['党组织', 'organization'],
  ['组织', 'organization'],
  ['支部', 'organization'],
  ['党支部', 'organization'],
  ['党总支', 'organization'],
  ['党委', 'organization'],
  ['organization', 'organization'],
  ['organisation', 'organization'],
]);
const ORGANISATION_NAME = /(?:党支部|党总支|党委|支部|党组)$/;

export interface ValidateOptions {
  /** The ledger's year, for rows without a 承诺年度 of their own and deadlines without a year. */
  ledgerYear?: number;
}

export interface RowValidation {
  draft: CommitmentDraft | null;
  errors: FieldError[];
}

/** Checks every field of one row; never throws. The draft is null when any error was found. */
export function validateRow(row: LedgerRowInput, opts: ValidateOptions = {}): RowValidation {
  const errors: FieldError[] = [];
  const fail = (field: RowField, code: string, message: LocalText) => errors.push({ field, code, message });

  const text = (field: keyof typeof FIELD_LIMITS, required = false): string | null => {
    const value = cleanText(row[field]);
    if (value === null) {
      if (required) fail(field, 'field.required', requiredMessage(field));
      return null;
    }
    // Characters are code points; a string has no more of them than UTF-16 units, so only a
    // long one needs counting.
    if (value.length > FIELD_LIMITS[field] && [...value].length > FIELD_LIMITS[field]) {
      fail(field, 'field.too_long', tooLongMessage(field, value, [...value].length));
      return null;
    }
    return value;
  };

  const year = readYear(row.year, opts.ledgerYear, fail);
  const orgName = text('org');
  const subjectName = text('subject', true);
  const content = text('content', true);
  const measures = text('measures');
  const expected = text('expected');
  const responsible = text('responsible');
  const progress = text('progress');
  const remarks = text('remarks');
  const unitPost = text('unitPost');
  const subjectType = readSubjectType(row.subjectType, subjectName, fail);
  const category = readCoded(row.category, 'category', parseCategory, fail, true);
  const status = readCoded(row.status, 'status', parseStatus, fail, false);
  readId(row.id, fail);
  const completedOn = readCompletedOn(row.completedOn, year ?? undefined, fail);

  const parsed = parseDeadline(row.deadline, year ?? undefined);
  if (!parsed.ok) fail('deadline', parsed.code, parsed.message);
  const plan = parsePlan(row.plan, year ?? undefined, parsed.ok ? parsed.deadline : null);
  if (!plan.ok) fail('plan', plan.code, plan.message);

  if (errors.length > 0) return { draft: null, errors };
  return {
    draft: {
      year: year!,
      orgName,
      subjectType: subjectType!,
      subjectName: subjectName!,
      category: category!,
      content: content!,
      measures,
      expected,
      deadline: parsed.ok ? parsed.deadline : '',
      responsible,
      status,
      progress,
      remarks,
      unitPost,
      completedOn,
      plan: plan.ok ? plan.plan : null,
    },
    errors,
  };
}

type Fail = (field: RowField, code: string, message: LocalText) => void;

function readYear(v: unknown, ledgerYear: number | undefined, fail: Fail): number | null {
  const written = cleanText(v);
  if (written === null) {
    if (ledgerYear !== undefined && plausibleYear(ledgerYear)) return ledgerYear;
    fail('year', 'year.missing', {
      zh: '承诺年度为空，且不知道台账年度',
      en: 'The year is empty and the ledger year is not known',
    });
    return null;
  }
  const m = written.normalize('NFKC').replace(/\s+/g, '').match(/^(\d{4})(?:\.0+)?(?:年度?)?$/);
  const year = m ? Number(m[1]) : NaN;
  if (!plausibleYear(year)) {
    const q = excerpt(written);
    fail('year', 'year.invalid', {
      zh: `承诺年度“${q}”不是有效年份（应为 ${FIRST_YEAR}–${LAST_YEAR} 之间的四位年份）`,
      en: `Year "${q}" is not a valid year (a four-digit year from ${FIRST_YEAR} to ${LAST_YEAR})`,
    });
    return null;
  }
  return year;
}

function plausibleYear(y: number): boolean {
  return Number.isInteger(y) && y >= FIRST_YEAR && y <= LAST_YEAR;
}

/** 主体类型 as written, or — when blank — guessed from the subject's name. */
function readSubjectType(v: unknown, subjectName: string | null, fail: Fail): SubjectType | null {
  const written = cleanText(v);
  if (written === null) return subjectName !== null && ORGANISATION_NAME.test(subjectName) ? 'organization' : 'member';
  const type = SUBJECT_TYPE_WORDS.get(written.replace(/\s+/g, '').toLowerCase());
  if (type) return type;
  const q = excerpt(written);
  fail('subjectType', 'subjectType.unknown', {
    zh: `主体类型“${q}”无法识别，应为“党员”或“党组织”`,
    en: `Subject type "${q}" is unknown; write 党员 (member) or 党组织 (organisation)`,
  });
  return null;
}

function readCoded<T>(
  v: unknown,
  field: 'category' | 'status',
  parse: (v: unknown) => T | null,
  fail: Fail,
  required: boolean,
): T | null {
  const written = cleanText(v);
  if (written === null) {
    if (required) fail(field, 'field.required', requiredMessage(field));
    return null;
  }
  const code = parse(written);
  if (code !== null) return code;
  const q = excerpt(written);
  const hint =
    field === 'category'
      ? { zh: '应为共性承诺、岗位承诺、实事承诺或自律承诺', en: 'use 共性承诺, 岗位承诺, 实事承诺 or 自律承诺' }
      : { zh: '应为进行中、已完成、未完成、已公示、已撤销等', en: 'use 进行中, 已完成, 未完成, 已公示, 已撤销 or the like' };
  fail(field, `${field}.unknown`, {
    zh: `${FIELD_LABELS[field].zh}“${q}”无法识别，${hint.zh}`,
    en: `Unknown ${FIELD_LABELS[field].en} "${q}"; ${hint.en}`,
  });
  return null;
}

/** 编号 is the server id the add-in wrote back: blank, or a positive whole number. */
function readId(v: unknown, fail: Fail): void {
  const written = cleanText(v);
  if (written === null) return;
  if (/^[1-9]\d{0,14}$/.test(written)) return;
  const q = excerpt(written);
  fail('id', 'id.invalid', {
    zh: `编号“${q}”不是有效编号，请勿手工修改编号列`,
    en: `Id "${q}" is not a valid id; the id column is written by the add-in`,
  });
}

/** 完成时间/销号日期: a day, written as deadlines are (never 长期); blank when the ledger says none. */
function readCompletedOn(v: unknown, ledgerYear: number | undefined, fail: Fail): string | null {
  if (v === null || v === undefined || (typeof v === 'string' && cleanText(v) === null)) return null;
  const parsed = parseDeadline(v, ledgerYear);
  if (parsed.ok && parsed.deadline !== 'ongoing') return parsed.deadline;
  const q = excerpt(v);
  fail('completedOn', 'completedOn.invalid', {
    zh: `完成时间“${q}”不是有效日期`,
    en: `Completion date "${q}" is not a valid date`,
  });
  return null;
}

function requiredMessage(field: RowField): LocalText {
  return { zh: `${FIELD_LABELS[field].zh}不能为空`, en: `The ${FIELD_LABELS[field].en} is required` };
}

function tooLongMessage(field: keyof typeof FIELD_LIMITS, value: string, length: number): LocalText {
  const q = excerpt(value, 20);
  const max = FIELD_LIMITS[field];
  return {
    zh: `${FIELD_LABELS[field].zh}过长（${length}字，最多${max}字）：“${q}”`,
    en: `The ${FIELD_LABELS[field].en} is too long (${length} characters, at most ${max}): "${q}"`,
  };
}
