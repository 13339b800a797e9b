// 花名册: a branch's member roster (姓名, 性别, 出生年月 or 年龄, 入党时间, 单位及职务, 身份), read
// into the member fields the pledge forms print (DESIGN §4). Header recognition and the check of
// one row; pure, for the server's roster import and any screen that previews one.
import { normaliseHeader } from './ledgerColumns';
import { cleanText, excerpt } from './text';
import type { CellValue, LocalText, MemberRole } from './types';

export type RosterField = 'name' | 'org' | 'gender' | 'birth' | 'age' | 'joinedOn' | 'unitPost' | 'role';

export const ROSTER_LABELS: Record<RosterField, LocalText> = {
  name: { zh: '姓名', en: 'name' },
  org: { zh: '所在党组织', en: 'organisation' },
  gender: { zh: '性别', en: 'gender' },
  birth: { zh: '出生年月', en: 'date of birth' },
  age: { zh: '年龄', en: 'age' },
  joinedOn: { zh: '入党时间', en: 'date of joining the Party' },
  unitPost: { zh: '单位及职务', en: 'unit and post' },
  role: { zh: '身份', en: 'role' },
};

const HEADERS: Record<RosterField, string[]> = {
  name: ['姓名', '党员姓名', '名字'],
  org: ['所在党组织', '所在支部', '所在党支部', '党支部', '支部', '党组织', '所属支部', '所属党组织'],
  gender: ['性别'],
  birth: ['出生年月', '出生日期', '出生年月日', '出生时间', '生日'],
  age: ['年龄', '年纪'],
  joinedOn: ['入党时间', '入党年月', '入党日期', '入党年月日'],
  unitPost: ['单位及职务', '工作单位及职务', '单位职务', '所在单位及职务', '职务', '工作单位'],
  role: ['身份', '党员类别', '党员身份', '人员类别', '类别', '党员类型'],
};
const FIELD_OF = new Map<string, RosterField>();
for (const [field, names] of Object.entries(HEADERS)) for (const n of names) FIELD_OF.set(normaliseHeader(n), field as RosterField);

const ROLE_WORDS: [RegExp, MemberRole][] = [
  [/领导干部|县处级|厅局级|科级干部/, 'leader_cadre'],
  [/离休|退休/, 'retired'],
  [/无职务|无固定职业|无业|待业|流动/, 'no_post'],
  [/^(普通|一般|在职|正式)?党员$|^普通$|^一般$/, 'ordinary'],
];

export interface RosterHeader {
  /** 0-based row of the header. */
  headerRow: number;
  /** Field → 0-based column. */
  columns: Map<RosterField, number>;
}

/** The roster's header among the first rows: a row naming 姓名 and at least two other roster columns. */
export function recogniseRosterHeader(rows: readonly (readonly CellValue[])[], maxScan = 30): RosterHeader | null {
  for (let r = 0; r < Math.min(rows.length, maxScan); r++) {
    const columns = new Map<RosterField, number>();
    (rows[r] ?? []).forEach((cell, c) => {
      const field = FIELD_OF.get(normaliseHeader(cell));
      if (field && !columns.has(field)) columns.set(field, c);
    });
    if (columns.has('name') && columns.size >= 3) return { headerRow: r, columns };
  }
  return null;
}

/** One roster row as the member fields it sets; null where the roster says nothing. */
export interface RosterMember {
  name: string;
  orgName: string | null;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  /** 入党年月 `YYYY-MM`. */
  joinedOn: string | null;
  unitPost: string | null;
  role: MemberRole | null;
}

export interface RosterError {
  field: RosterField;
  code: string;
  message: LocalText;
}

export interface RosterRowCheck {
  member: RosterMember | null;
  errors: RosterError[];
}

/** Checks one row, its cells by field; `year` turns an age into a birth year (the roster's year). */
export function checkRosterRow(cells: Partial<Record<RosterField, CellValue>>, year: number): RosterRowCheck {
  const errors: RosterError[] = [];
  const fail = (field: RosterField, code: string, zh: string, en: string) => errors.push({ field, code, message: { zh, en } });
  const quoted = (field: RosterField) => excerpt(cells[field]);

  const name = cleanText(cells.name);
  if (name === null) fail('name', 'field.required', '姓名不能为空', 'The name is required');
  else if ([...name].length > 50) fail('name', 'field.too_long', `姓名过长：“${excerpt(name, 20)}”`, `The name is too long: "${excerpt(name, 20)}"`);
  const unitPost = cleanText(cells.unitPost);
  if (unitPost !== null && [...unitPost].length > 200) fail('unitPost', 'field.too_long', '单位及职务过长（最多200字）', 'The unit and post is too long (200 characters at most)');

  const genderText = cleanText(cells.gender);
  const gender = genderText === null ? null : genderText === '男' ? 'male' : genderText === '女' ? 'female' : undefined;
  if (gender === undefined) fail('gender', 'gender.unknown', `性别“${quoted('gender')}”应为“男”或“女”`, `Gender "${quoted('gender')}" should be 男 or 女`);

  let birthYear: number | null = null;
  const birth = yearMonth(cells.birth);
  if (birth === 'invalid') fail('birth', 'birth.invalid', `出生年月“${quoted('birth')}”不是有效日期（如 1975.03）`, `Date of birth "${quoted('birth')}" is not a date (e.g. 1975.03)`);
  else if (birth !== null) birthYear = birth.year;
  else if (cleanText(cells.age) !== null) {
    const age = Number(cleanText(cells.age)!.replace(/岁$/, ''));
    if (Number.isInteger(age) && age >= 16 && age <= 120) birthYear = year - age;
    else fail('age', 'age.invalid', `年龄“${quoted('age')}”应为 16 到 120 之间的整数`, `Age "${quoted('age')}" should be a whole number from 16 to 120`);
  }
  if (birthYear !== null && (birthYear < 1900 || birthYear > year - 16)) {
    fail(birth !== null ? 'birth' : 'age', 'birth.out_of_range', `出生年份 ${birthYear} 不合理`, `Birth year ${birthYear} is implausible`);
  }

  let joinedOn: string | null = null;
  const joined = yearMonth(cells.joinedOn);
  if (joined === 'invalid' || (joined !== null && joined.month === null)) {
    fail('joinedOn', 'joinedOn.invalid', `入党时间“${quoted('joinedOn')}”应写到年月（如 1998.07）`, `Date of joining "${quoted('joinedOn')}" should give year and month (e.g. 1998.07)`);
  } else if (joined !== null) joinedOn = `${joined.year}-${String(joined.month).padStart(2, '0')}`;

  let role: MemberRole | null = null;
  const roleText = cleanText(cells.role);
  if (roleText !== null) {
    role = ROLE_WORDS.find(([pattern]) => pattern.test(roleText.replace(/\s+/g, '')))?.[1] ?? null;
    if (role === null) fail('role', 'role.unknown', `身份“${quoted('role')}”无法识别，应为党员领导干部、普通党员、离退休党员或无职务党员`, `Role "${quoted('role')}" is unknown; use 党员领导干部, 普通党员, 离退休党员 or 无职务党员`);
  }

  if (errors.length > 0) return { member: null, errors };
  return { member: { name: name!, orgName: cleanText(cells.org), gender: gender ?? null, birthYear, joinedOn, unitPost, role }, errors };
}

/** 1975.03, 1975年3月, 1975-03-12, 1975/3, 197503, a date cell, or a year alone; 'invalid' otherwise. */
function yearMonth(v: CellValue): { year: number; month: number | null } | null | 'invalid' {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid' : { year: v.getUTCFullYear(), month: v.getUTCMonth() + 1 };
  if (typeof v === 'number' && Number.isInteger(v) && v > 2100 && v < 100_000) {
    // An Excel date serial (days since 1899-12-30).
    return yearMonth(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000));
  }
  const text = cleanText(v);
  if (text === null) return null;
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  // A number cell of a year and month typed as 1975.03 arrives as 1975.03 (or 1975.1 for 1975.10).
  const m = /^(\d{4})(?:[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?|月)?)?年?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (!m) return 'invalid';
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(typeof v === 'number' && m[2].length === 1 ? `${m[2]}0` : m[2]);
  if (year < 1900 || year > 2100 || (month !== null && (month < 1 || month > 12))) return 'invalid';
  return { year, month };
}
