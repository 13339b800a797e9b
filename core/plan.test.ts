import { describe, expect, it } from 'vitest';
import { formatPlan, parsePlan, phaseOverdue, planTerms, settlePlan, type PlanPhase } from './plan';
import { validateRow } from './validate';
import { localDate } from '../server/clock';

const phases = (...pairs: Array<[string, string]>) => pairs.map(([by, target]) => ({ by, target }));
const SITE: Array<[string, string]> = [['2011-06-30', '完成选址'], ['2011-09-30', '完工'], ['2011-12-31', '投入使用']];

describe('parsePlan: the forms clerks write', () => {
  it.each<[string, Array<[string, string]>]>([
    ['6月底前完成选址；9月底前完工；年底前投入使用', SITE],
    ['6月底前完成选址;9月底前完工;年底前投入使用', SITE],
    ['6月底前完成选址，9月底前完工，年底前投入使用', SITE],
    ['6月底前完成选址,9月底前完工,年底前投入使用', SITE],
    ['6月底前完成选址、9月底前完工、年底前投入使用', SITE],
    ['6月底前完成选址\n9月底前完工\n年底前投入使用', SITE],
    ['6月底前完成选址\r\n9月底前完工\r\n年底前投入使用', SITE],
    ['6月底前完成选址。9月底前完工。年底前投入使用。', SITE],
    ['6月底前完成选址；9月底前完工，年底前投入使用', SITE],
    ['1.6月底前完成选址；2.9月底前完工；3.年底前投入使用', SITE],
    ['1、6月底前完成选址；2、9月底前完工；3、年底前投入使用', SITE],
    ['1.6月底前完成选址 2.9月底前完工 3.年底前投入使用', SITE],
    ['(1)6月底前完成选址 (2)9月底前完工 (3)年底前投入使用', SITE],
    ['（1）6月底前完成选址；（2）9月底前完工；（3）年底前投入使用', SITE],
    ['①6月底前完成选址②9月底前完工③年底前投入使用', SITE],
    ['① 6月底前完成选址；② 9月底前完工；③ 年底前投入使用', SITE],
    ['一、6月底前完成选址\n二、9月底前完工\n三、年底前投入使用', SITE],
    ['１．６月底前完成选址；２．９月底前完工；３．年底前投入使用', SITE],
    ['６月底前完成选址；９月底前完工；年底前投入使用', SITE],
    ['2011年6月30日前完成选址；2011年9月30日前完工；2011年12月31日前投入使用', SITE],
    ['2011-6-30完成选址；2011-9-30完工；2011-12-31投入使用', SITE],
    ['2011.6.30前完成选址；2011.9.30前完工；2011.12.31前投入使用', SITE],
    ['２０１１．６．３０前完成选址；２０１１．９．３０前完工；２０１１．１２．３１前投入使用', SITE],
    ['6月30日前完成选址；三季度末完工；年底投入使用', SITE],
    ['上半年完成选址；第三季度完工；年内投入使用', SITE],
    ['6月份完成选址；9月份完工；12月份投入使用', SITE],
    ['6月底前 完成选址；9月底前 完工；年底前 投入使用', SITE],
    ['  6月底前完成选址 ；\n\n 9月底前完工 ；年底前投入使用 ；', SITE],
    ['6月底前：完成选址；9月底前：完工；年底前：投入使用', SITE],
    ['6月底前完成选址、设计；9月底前完工', [['2011-06-30', '完成选址、设计'], ['2011-09-30', '完工']]],
    ['6月底前完成选址，确定施工单位；9月底前完工', [['2011-06-30', '完成选址，确定施工单位'], ['2011-09-30', '完工']]],
    ['3-6月完成入户走访；7月中旬前汇总问题；年底前全部解决', [['2011-06-30', '完成入户走访'], ['2011-07-20', '汇总问题'], ['2011-12-31', '全部解决']]],
    ['即日起至5月底摸底；6月上旬制定方案；下半年组织实施', [['2011-05-31', '摸底'], ['2011-06-10', '制定方案'], ['2011-12-31', '组织实施']]],
    ['6月底前完成选址；6月底前签订合同', [['2011-06-30', '完成选址'], ['2011-06-30', '签订合同']]],
    ['年底前投入使用', [['2011-12-31', '投入使用']]],
  ])('%s', (text, expected) => {
    const read = parsePlan(text, 2011, '2011-12-31');
    expect(read).toEqual({ ok: true, plan: phases(...expected) });
  });

  it('reads blank as no plan', () => {
    expect(parsePlan('', 2011, '2011-12-31')).toEqual({ ok: true, plan: null });
    expect(parsePlan('  \n ', 2011, '2011-12-31')).toEqual({ ok: true, plan: null });
    expect(parsePlan(null, 2011, '2011-12-31')).toEqual({ ok: true, plan: null });
    expect(parsePlan(undefined, 2011, '2011-12-31')).toEqual({ ok: true, plan: null });
    expect(parsePlan([], 2011, '2011-12-31')).toEqual({ ok: true, plan: null });
  });

  it('reads phases sent as a list, dates in any deadline form, done days kept', () => {
    const read = parsePlan([{ by: '6月底', target: '完成选址', doneOn: '2011-06-28' }, { by: '2011-09-30', target: ' 完工 ' }], 2011, '2011-12-31');
    expect(read).toEqual({ ok: true, plan: [{ by: '2011-06-30', target: '完成选址', doneOn: '2011-06-28' }, { by: '2011-09-30', target: '完工' }] });
  });
});

describe('parsePlan: what is refused, and why', () => {
  it.each<[string, string, RegExp]>([
    ['完成选址；9月底前完工', 'plan.unreadable', /第1段“完成选址”开头没有可识别的日期/],
    ['6月底前完成选址；九月底前完工', 'plan.unreadable', /第2段“九月底前完工”/],
    ['6月底前完成选址；9越底前完工', 'plan.unreadable', /第2段/],
    ['6月31日前完成选址', 'plan.unreadable', /不是存在的日期/],
    ['2101年6月底前完成选址', 'plan.unreadable', /相差太远/],
    ['长期坚持走访', 'plan.unreadable', /不能是“长期”/],
    ['6月底前；9月底前完工', 'plan.target_missing', /第1阶段（2011-06-30）没有写要完成什么/],
    ['9月底前完工；6月底前完成选址', 'plan.order', /第2阶段（2011-06-30）早于第1阶段（2011-09-30）/],
    ['6月底前完成选址；2012年3月底前投入使用', 'plan.after_deadline', /（2012-03-31）晚于完成时限（2011-12-31）/],
    [Array.from({ length: 13 }, (_, i) => `${i < 12 ? i + 1 : 12}月底前第${i + 1}步`).join('；'), 'plan.too_many', /最多12个阶段/],
  ])('%s → %s', (text, code, message) => {
    const read = parsePlan(text, 2011, '2011-12-31');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.code).toBe(code);
    expect(read.message.zh).toMatch(message);
    expect(read.message.en.length).toBeGreaterThan(10);
  });

  it('bounds the last phase by a dated deadline only', () => {
    expect(parsePlan('6月底前完成选址；年底前投入使用', 2011, '2011-09-30')).toMatchObject({ ok: false, code: 'plan.after_deadline' });
    expect(parsePlan('6月底前完成选址；年底前投入使用', 2011, 'ongoing')).toMatchObject({ ok: true });
    expect(parsePlan('6月底前完成选址；年底前投入使用', 2011, null)).toMatchObject({ ok: true });
  });

  it('refuses a listed phase with a bad date or done day', () => {
    expect(parsePlan([{ by: '2011-02-30', target: '选址' }], 2011, null)).toMatchObject({ ok: false, code: 'plan.unreadable' });
    expect(parsePlan([{ by: '2011-06-30', target: '选址', doneOn: '昨天' }], 2011, null)).toMatchObject({ ok: false, code: 'plan.unreadable' });
    expect(parsePlan([{ by: '2011-06-30', target: '' }], 2011, null)).toMatchObject({ ok: false, code: 'plan.target_missing' });
  });
});

describe('validateRow: the plan is a field of the row', () => {
  const row = { year: 2011, subject: '第一党支部', category: '实事承诺', content: '新建村级文化活动室', deadline: '年底前' };
  it('names the plan field with the reason', () => {
    const { draft, errors } = validateRow({ ...row, plan: '9月底前完工；6月底前完成选址' });
    expect(draft).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ field: 'plan', code: 'plan.order' })]);
  });
  it('bounds the plan by the row deadline and year', () => {
    expect(validateRow({ ...row, deadline: '9月底', plan: '6月底前完成选址；年底前投入使用' }).errors[0]).toMatchObject({ field: 'plan', code: 'plan.after_deadline' });
    expect(validateRow({ ...row, year: 2012, plan: '6月底前完成选址' }).draft?.plan).toEqual([{ by: '2012-06-30', target: '完成选址' }]);
  });
});

describe('formatPlan and settlePlan', () => {
  it('writes a cell that reads back as the same phases', () => {
    const plan = phases(...SITE);
    const text = formatPlan(plan, 2011);
    expect(text).toBe('6月30日前完成选址；9月30日前完工；12月31日前投入使用');
    expect(parsePlan(text, 2011, '2011-12-31')).toEqual({ ok: true, plan });
    expect(formatPlan([{ by: '2012-03-31', target: '验收' }], 2011)).toBe('2012年3月31日前验收');
  });
  it('keeps the done day of an unchanged phase when the cell is written again', () => {
    const stored: PlanPhase[] = [{ by: '2011-06-30', target: '完成选址', doneOn: '2011-06-20' }, { by: '2011-09-30', target: '完工', doneOn: null }];
    expect(settlePlan(phases(['2011-06-30', '完成选址'], ['2011-10-31', '完工']), stored)).toEqual([
      { by: '2011-06-30', target: '完成选址', doneOn: '2011-06-20' },
      { by: '2011-10-31', target: '完工', doneOn: null },
    ]);
    expect(settlePlan([{ by: '2011-06-30', target: '完成选址', doneOn: null }], stored)).toEqual([{ by: '2011-06-30', target: '完成选址', doneOn: null }]);
  });
  it('reviews dates and targets, not done days', () => {
    const a: PlanPhase[] = [{ by: '2011-06-30', target: '完成选址', doneOn: null }];
    expect(planTerms(a)).toBe(planTerms([{ ...a[0], doneOn: '2011-06-01' }]));
    expect(planTerms(a)).not.toBe(planTerms([{ ...a[0], by: '2011-07-31' }]));
  });
});

describe('phaseOverdue: on the right day in REPORT_TZ', () => {
  const phase: PlanPhase = { by: '2011-06-30', target: '完成选址', doneOn: null };
  const tz = 'Asia/Shanghai';
  it('is in time through its day, overdue from the next in Beijing', () => {
    // 2011-06-30T15:59Z is 23:59 on 30 June in Beijing; 16:00Z is already 1 July there.
    expect(phaseOverdue(phase, 'in_progress', localDate(new Date('2011-06-30T15:59:59Z'), tz))).toBe(false);
    expect(phaseOverdue(phase, 'in_progress', localDate(new Date('2011-06-30T16:00:00Z'), tz))).toBe(true);
    // The same instant is still 30 June in UTC.
    expect(phaseOverdue(phase, 'in_progress', localDate(new Date('2011-06-30T16:00:00Z'), 'UTC'))).toBe(false);
  });
  it('is never overdue once done, or when the commitment is finished', () => {
    expect(phaseOverdue({ ...phase, doneOn: '2011-07-05' }, 'in_progress', '2011-08-01')).toBe(false);
    expect(phaseOverdue(phase, 'completed', '2011-08-01')).toBe(false);
    expect(phaseOverdue(phase, 'withdrawn', '2011-08-01')).toBe(false);
    expect(phaseOverdue(phase, 'published', '2011-08-01')).toBe(true);
  });
});
