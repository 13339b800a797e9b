import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, FIELD_LIMITS, validateRow } from './validate';
import type { LedgerRowInput } from './types';

const row: LedgerRowInput = {
  subject: ' 雷兰\u3000',
  org: '县卫生局机关党支部',
  category: '共性承诺',
  content: '发挥先锋模范作用，\r\n带头遵守单位各项规章制度',
  deadline: '2011年6月底',
  status: '已完成',
};

const codes = (r: LedgerRowInput, ledgerYear?: number) =>
  validateRow(r, { ledgerYear }).errors.map((e) => `${e.field}:${e.code}`);

describe('validateRow', () => {
  it('turns a good row into a draft with codes and clean text', () => {
    expect(validateRow(row, { ledgerYear: 2011 })).toEqual({
      errors: [],
      draft: {
        year: 2011,
        orgName: '县卫生局机关党支部',
        subjectType: 'member',
        subjectName: '雷兰',
        category: 'common',
        content: '发挥先锋模范作用，\n带头遵守单位各项规章制度',
        measures: null,
        expected: null,
        deadline: '2011-06-30',
        responsible: null,
        status: 'completed',
        progress: null,
        remarks: null,
        unitPost: null,
        completedOn: null,
        plan: null,
      },
    });
  });

  it('keeps every optional text field', () => {
    const { draft } = validateRow(
      { ...row, measures: ' 每周学习 ', expected: '考核合格', responsible: '雷兰', progress: '已学习8次', remarks: '调离', id: 42 },
      { ledgerYear: 2011 },
    );
    expect(draft).toMatchObject({ measures: '每周学习', expected: '考核合格', responsible: '雷兰', progress: '已学习8次', remarks: '调离' });
  });

  it('reports each missing required field by its column name', () => {
    const { draft, errors } = validateRow({}, { ledgerYear: 2011 });
    expect(draft).toBeNull();
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'subject:field.required',
      'content:field.required',
      'category:field.required',
      'deadline:deadline.missing',
    ]);
    expect(errors.find((e) => e.field === 'content')?.message.zh).toBe('承诺内容不能为空');
    expect(errors.find((e) => e.field === 'subject')?.message.en).toContain('subject');
  });

  it('takes the year from the row before the ledger', () => {
    expect(validateRow({ ...row, year: 2012, deadline: '6月30日' }, { ledgerYear: 2011 }).draft).toMatchObject({
      year: 2012,
      deadline: '2012-06-30',
    });
    expect(validateRow({ ...row, year: '２０１２年度' }).draft?.year).toBe(2012);
    expect(validateRow({ ...row, year: ' 2011年 ' }).draft?.year).toBe(2011);
  });

  it('needs a year from the row or the ledger', () => {
    expect(codes({ ...row, deadline: '长期' })).toEqual(['year:year.missing']);
    // and a deadline without a year cannot then be placed
    expect(codes({ ...row, deadline: '年底前' })).toEqual(['year:year.missing', 'deadline:deadline.needs_year']);
  });

  it.each(['二〇一一', '11', '3011', 'abc', '2011.5'])('rejects the year %j', (year) => {
    const { errors } = validateRow({ ...row, year }, { ledgerYear: 2011 });
    expect(errors[0]).toMatchObject({ field: 'year', code: 'year.invalid' });
    expect(errors[0].message.zh).toContain(`“${year}”`);
  });

  it.each([
    ['党员', 'member'],
    ['个人', 'member'],
    ['member', 'member'],
    ['党组织', 'organization'],
    ['组织', 'organization'],
    ['支部', 'organization'],
    ['organization', 'organization'],
    [' 党 组 织 ', 'organization'],
  ])('reads the subject type %j', (subjectType, code) => {
    expect(validateRow({ ...row, subjectType }, { ledgerYear: 2011 }).draft?.subjectType).toBe(code);
  });

  it.each([
    ['胡川学区第一党支部', 'organization'],
    ['县卫生局党总支', 'organization'],
    ['城关镇党委', 'organization'],
    ['机关支部', 'organization'],
    ['支部书记王强', 'member'],
    ['雷兰', 'member'],
  ])('guesses a blank subject type from the subject %j', (subject, code) => {
    expect(validateRow({ ...row, subject }, { ledgerYear: 2011 }).draft?.subjectType).toBe(code);
  });

  it('rejects an unknown subject type, category or status, quoting it', () => {
    const { errors } = validateRow({ ...row, subjectType: '群众', category: '其他', status: '差不多' }, { ledgerYear: 2011 });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'subjectType:subjectType.unknown',
      'category:category.unknown',
      'status:status.unknown',
    ]);
    expect(errors[0].message.zh).toContain('“群众”');
    expect(errors[1].message.zh).toBe('承诺类别“其他”无法识别，应为共性承诺、岗位承诺、实事承诺或自律承诺');
    expect(errors[2].message.zh).toContain('状态“差不多”');
    expect(errors[2].message.en).toContain('"差不多"');
  });

  it('leaves a blank status null (a legacy row then counts as published)', () => {
    expect(validateRow({ ...row, status: '  ' }, { ledgerYear: 2011 }).draft?.status).toBeNull();
  });

  it('passes deadline errors through with their codes', () => {
    expect(codes({ ...row, deadline: '2011-02-30' }, 2011)).toEqual(['deadline:deadline.impossible_date']);
    expect(codes({ ...row, deadline: '2101年6月' }, 2011)).toEqual(['deadline:deadline.year_out_of_range']);
    expect(codes({ ...row, deadline: '尽快' }, 2011)).toEqual(['deadline:deadline.unrecognised']);
    expect(validateRow({ ...row, deadline: 40724 }, { ledgerYear: 2011 }).draft?.deadline).toBe('2011-06-30');
  });

  it.each(Object.entries(FIELD_LIMITS))('limits %s to %d characters', (field, max) => {
    const at = validateRow({ ...row, [field]: '字'.repeat(max) }, { ledgerYear: 2011 });
    expect(at.errors).toEqual([]);
    const over = validateRow({ ...row, [field]: '字'.repeat(max + 1) }, { ledgerYear: 2011 });
    expect(over.draft).toBeNull();
    expect(over.errors).toHaveLength(1);
    expect(over.errors[0]).toMatchObject({ field, code: 'field.too_long' });
    const label = FIELD_LABELS[field as keyof typeof FIELD_LIMITS].zh;
    expect(over.errors[0].message.zh).toContain(`${label}过长（${max + 1}字，最多${max}字）`);
  });

  it('counts an emoji as one character', () => {
    expect(validateRow({ ...row, subject: '😀'.repeat(100) }, { ledgerYear: 2011 }).errors).toEqual([]);
  });

  it('checks the id written back by the add-in', () => {
    expect(codes({ ...row, id: 17 }, 2011)).toEqual([]);
    expect(codes({ ...row, id: '17' }, 2011)).toEqual([]);
    for (const id of ['abc', -3, 0, 1.5, '=1+1']) expect(codes({ ...row, id }, 2011)).toEqual(['id:id.invalid']);
  });

  it('reports every bad field of a row at once', () => {
    expect(codes({ subject: '雷兰', category: '?', content: '', deadline: '?', year: 'x' })).toEqual([
      'year:year.invalid',
      'content:field.required',
      'category:category.unknown',
      'deadline:deadline.unrecognised',
    ]);
  });
});
