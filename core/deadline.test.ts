import { describe, expect, it } from 'vitest';
import { parseDeadline, readDeadlineAt } from './deadline';

const ok = (deadline: string) => ({ ok: true, deadline });

describe('parseDeadline: text forms', () => {
  it.each([
    ['2011-6-30', '2011-06-30'],
    ['2011-06-30', '2011-06-30'],
    ['2011/6/30', '2011-06-30'],
    ['2011.6.30', '2011-06-30'],
    ['20110630', '2011-06-30'],
    ['2011-06-30 00:00:00', '2011-06-30'],
    ['2011-06-30T00:00:00.000Z', '2011-06-30'],
    ['2011年6月30日', '2011-06-30'],
    ['2011年9月30日', '2011-09-30'],
    ['2011 年 6 月 30 日', '2011-06-30'],
    ['2011年6月底', '2011-06-30'],
    ['2011年2月底', '2011-02-28'],
    ['2012年2月底', '2012-02-29'],
    ['2011年11月底', '2011-11-30'],
    ['2011年12月', '2011-12-31'],
    ['2011年4月末', '2011-04-30'],
    ['2011.12', '2011-12-31'],
    ['2011.9', '2011-09-30'],
    ['2011-9', '2011-09-30'],
    ['2011/9', '2011-09-30'],
    ['6月30日', '2011-06-30'],
    ['6月30号', '2011-06-30'],
    ['6月底', '2011-06-30'],
    ['9月份', '2011-09-30'],
    ['年底前', '2011-12-31'],
    ['年底', '2011-12-31'],
    ['年末', '2011-12-31'],
    ['年内', '2011-12-31'],
    ['2011年底', '2011-12-31'],
    ['2011年年底', '2011-12-31'],
    ['2011年底前', '2011-12-31'],
    ['2012年', '2012-12-31'],
    ['上半年', '2011-06-30'],
    ['下半年', '2011-12-31'],
    ['2011年上半年', '2011-06-30'],
    ['第二季度', '2011-06-30'],
    ['2011年三季度', '2011-09-30'],
    ['6月30日前', '2011-06-30'],
    ['2011年6月底以前', '2011-06-30'],
    ['2011年10月之前', '2011-10-31'],
    // full-width digits and punctuation, surrounding and zero-width spaces
    ['２０１１年６月３０日', '2011-06-30'],
    ['２０１１．６．３０', '2011-06-30'],
    ['２０１１／１２／３１', '2011-12-31'],
    ['\u3000 2011-6-30 \n', '2011-06-30'],
    ['2011\u200b-6-30', '2011-06-30'],
    // the neighbouring years are plans, not typos
    ['2012年3月', '2012-03-31'],
    ['2010-12-31', '2010-12-31'],
  ])('%j → %s', (text, iso) => {
    expect(parseDeadline(text, 2011)).toEqual(ok(iso));
  });

  it.each(['长期', '长期坚持', '常年', '常年坚持', '长期有效', ' 长期 ', '长 期', 'ongoing'])('%j → ongoing', (text) => {
    expect(parseDeadline(text, 2011)).toEqual(ok('ongoing'));
  });

  it('reads rich-text cells', () => {
    expect(parseDeadline({ richText: [{ text: '2011年' }, { text: '6月底' }] }, 2011)).toEqual(ok('2011-06-30'));
  });

  it('uses the ledger year for forms without one', () => {
    expect(parseDeadline('6月30日', 2012)).toEqual(ok('2012-06-30'));
    expect(parseDeadline('下半年', 2013)).toEqual(ok('2013-12-31'));
  });
});

describe('parseDeadline: dates and serial numbers', () => {
  it('reads exceljs dates (UTC midnight) by their UTC parts', () => {
    expect(parseDeadline(new Date(Date.UTC(2011, 5, 30)), 2011)).toEqual(ok('2011-06-30'));
    expect(parseDeadline(new Date(Date.UTC(2011, 11, 31)), 2011)).toEqual(ok('2011-12-31'));
  });

  it('reads a local-midnight date east or west of UTC as the same day', () => {
    expect(parseDeadline(new Date('2011-06-30T00:00:00+08:00'), 2011)).toEqual(ok('2011-06-30'));
    expect(parseDeadline(new Date('2011-06-30T00:00:00-05:00'), 2011)).toEqual(ok('2011-06-30'));
  });

  it.each([
    [40724, '2011-06-30'],
    [40908, '2011-12-31'],
    [40724.75, '2011-06-30'],
    [40603, '2011-03-01'],
    [40602, '2011-02-28'],
  ])('serial %d → %s', (serial, iso) => {
    expect(parseDeadline(serial, 2011)).toEqual(ok(iso));
  });

  it('knows the 1900 system around its phantom leap day', () => {
    expect(parseDeadline(1, 1900)).toEqual(ok('1900-01-01'));
    expect(parseDeadline(59, 1900)).toEqual(ok('1900-02-28'));
    expect(parseDeadline(61, 1900)).toEqual(ok('1900-03-01'));
    expect(parseDeadline(60, 1900)).toMatchObject({ ok: false, code: 'deadline.impossible_date' });
  });
});

describe('parseDeadline: errors', () => {
  it.each([null, undefined, '', '   ', '\u3000\n', {}])('%j is missing', (v) => {
    expect(parseDeadline(v, 2011)).toMatchObject({ ok: false, code: 'deadline.missing' });
  });

  it.each(['2011-02-30', '2011年13月', '2011年2月29日', '2011.13', '2011-00-10', '2011年6月31日', '6月31日', '2011/4/0'])(
    '%j is an impossible date, never rolled over',
    (text) => {
      const r = parseDeadline(text, 2011);
      expect(r).toMatchObject({ ok: false, code: 'deadline.impossible_date' });
      if (!r.ok) expect(r.message.zh).toContain(text);
    },
  );

  it.each(['2101年6月', '2001-6-30', '2013年底', '1911.6.30'])('%j is too far from a 2011 ledger', (text) => {
    const r = parseDeadline(text, 2011);
    expect(r).toMatchObject({ ok: false, code: 'deadline.year_out_of_range' });
    if (!r.ok) {
      expect(r.message.zh).toContain(text);
      expect(r.message.en).toContain(text);
    }
  });

  it.each(['尽快', '马上', '2011', '6.30', '明年', '十二月底', '2011年6月30日下午', 'abc', '前', '11-6-30'])(
    '%j is unrecognised and quoted back',
    (text) => {
      const r = parseDeadline(text, 2011);
      expect(r).toMatchObject({ ok: false, code: 'deadline.unrecognised' });
      if (!r.ok) {
        expect(r.message.zh).toContain(`“${text}”`);
        expect(r.message.en).toContain(`"${text}"`);
      }
    },
  );

  it('cuts a long unreadable text short in the message', () => {
    const r = parseDeadline('很'.repeat(500), 2011);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.zh.length).toBeLessThan(120);
  });

  it.each([[0], [-5], [NaN], [Infinity], [3e6], [true]])('%j is unrecognised', (v) => {
    expect(parseDeadline(v, 2011)).toMatchObject({ ok: false, code: 'deadline.unrecognised' });
  });

  it('rejects a serial or Date far from the ledger year', () => {
    expect(parseDeadline(2011, 2011)).toMatchObject({ ok: false, code: 'deadline.year_out_of_range' });
    expect(parseDeadline(new Date(Date.UTC(2031, 0, 1)), 2011)).toMatchObject({
      ok: false,
      code: 'deadline.year_out_of_range',
    });
    expect(parseDeadline(new Date('x'), 2011)).toMatchObject({ ok: false, code: 'deadline.unrecognised' });
  });

  it('asks for a year when neither the cell nor the ledger has one', () => {
    expect(parseDeadline('6月30日')).toMatchObject({ ok: false, code: 'deadline.needs_year' });
    expect(parseDeadline('年底前')).toMatchObject({ ok: false, code: 'deadline.needs_year' });
    expect(parseDeadline('2011-6-30')).toEqual(ok('2011-06-30'));
    expect(parseDeadline('长期')).toEqual(ok('ongoing'));
  });
});

// The long tail of how clerks write 完成时限 (issue 10), all in a 2011 ledger.
describe('parseDeadline: the grammar clerks write', () => {
  const ONGOING = 'ongoing';
  it.each([
    // ongoing: 长期… 常年… 持续… and recurring duties
    ['长期坚持执行', ONGOING],
    ['长期坚持不懈', ONGOING],
    ['长期开展', ONGOING],
    ['长期坚持，每月检查一次', ONGOING],
    ['常年开展', ONGOING],
    ['常年坚持执行', ONGOING],
    ['持续推进', ONGOING],
    ['持续开展', ONGOING],
    ['持续', ONGOING],
    ['常态化开展', ONGOING],
    ['经常性开展', ONGOING],
    ['始终坚持', ONGOING],
    ['每月一次', ONGOING],
    ['每季度开展一次', ONGOING],
    ['每周五', ONGOING],
    ['定期开展', ONGOING],
    ['Ongoing', ONGOING],
    // the year's end
    ['年底前完成', '2011-12-31'],
    ['年末前', '2011-12-31'],
    ['年内完成', '2011-12-31'],
    ['年终', '2011-12-31'],
    ['年度内', '2011-12-31'],
    ['全年', '2011-12-31'],
    ['2011年度', '2011-12-31'],
    ['2011年末', '2011-12-31'],
    ['2011年内', '2011-12-31'],
    ['2011年年底前', '2011-12-31'],
    ['今年年底', '2011-12-31'],
    ['今年底前', '2011-12-31'],
    ['本年度内', '2011-12-31'],
    ['２０１１年底', '2011-12-31'],
    ['2012年底前', '2012-12-31'],
    // the middle of the year and its halves
    ['年中', '2011-06-30'],
    ['年中前', '2011-06-30'],
    ['2011年年中', '2011-06-30'],
    ['上半年完成', '2011-06-30'],
    ['下半年内', '2011-12-31'],
    ['前半年', '2011-06-30'],
    ['2011年下半年前', '2011-12-31'],
    // quarters
    ['第三季度', '2011-09-30'],
    ['三季度末', '2011-09-30'],
    ['第一季度末', '2011-03-31'],
    ['一季度', '2011-03-31'],
    ['4季度', '2011-12-31'],
    ['第2季度末前', '2011-06-30'],
    ['2011年第四季度', '2011-12-31'],
    ['二季度底', '2011-06-30'],
    // month ends and parts of months
    ['6月底前', '2011-06-30'],
    ['6月末', '2011-06-30'],
    ['6月份', '2011-06-30'],
    ['6月份前', '2011-06-30'],
    ['6月', '2011-06-30'],
    ['2月底', '2011-02-28'],
    ['12月底前完成', '2011-12-31'],
    ['2011年6月份', '2011-06-30'],
    ['2011年9月底之前', '2011-09-30'],
    ['6月上旬', '2011-06-10'],
    ['6月中旬', '2011-06-20'],
    ['6月下旬', '2011-06-30'],
    ['7月中', '2011-07-15'],
    ['２０１１．１２', '2011-12-31'],
    ['2011.9月', '2011-09-30'],
    // days, with 日 or 号 or neither
    ['6月30号前', '2011-06-30'],
    ['2011年6月30号', '2011-06-30'],
    ['10月1日前', '2011-10-01'],
    ['6月30', '2011-06-30'],
    ['2011-6-30前', '2011-06-30'],
    ['2011.6.30日', '2011-06-30'],
    ['2011/06/30止', '2011-06-30'],
    ['2011年6月30日为止', '2011-06-30'],
    ['１０月１５日', '2011-10-15'],
    ['2011 年 10 月 15 日 前', '2011-10-15'],
    // ranges: the end counts, and takes the year of the start
    ['2011年6月至12月', '2011-12-31'],
    ['2011年3月-6月', '2011-06-30'],
    ['3-6月', '2011-06-30'],
    ['3月至6月底', '2011-06-30'],
    ['6月~9月', '2011-09-30'],
    ['２０１１年３月～６月', '2011-06-30'],
    ['2011年6月至2012年6月', '2012-06-30'],
    ['2011.6-2011.12', '2011-12-31'],
    ['2011年1月1日至2011年12月31日', '2011-12-31'],
    ['2011年3月到年底', '2011-12-31'],
    ['2011年11月至2月', '2012-02-29'],
    ['即日起至年底', '2011-12-31'],
    ['从即日起到6月底', '2011-06-30'],
    ['持续至年底', '2011-12-31'],
    ['上半年至三季度', '2011-09-30'],
  ])('%j → %s', (text, expected) => {
    expect(parseDeadline(text, 2011)).toEqual(ok(expected));
  });

  it.each([
    ['2011年6月31日前', 'deadline.impossible_date'],
    ['2011年13月底', 'deadline.impossible_date'],
    ['2011年2月30号', 'deadline.impossible_date'],
    ['6月32日至12月', 'deadline.impossible_date'],
    ['第五季度', 'deadline.unrecognised'],
    ['2031年底前', 'deadline.year_out_of_range'],
    ['2011年6月至2031年6月', 'deadline.year_out_of_range'],
    ['视情况而定', 'deadline.unrecognised'],
    ['年底前后', 'deadline.unrecognised'],
    ['底前', 'deadline.unrecognised'],
    ['6月底前完成选址', 'deadline.unrecognised'],
  ])('%j is still an error (%s) quoting the cell', (text, code) => {
    const r = parseDeadline(text, 2011);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.message.zh).toContain(`“${text}”`);
  });
});

describe('readDeadlineAt: a deadline at the start of a phase plan', () => {
  it('answers the deadline and the rest, as written', () => {
    expect(readDeadlineAt('6月底前完成选址；9月底前完工', 2011)).toEqual({ result: ok('2011-06-30'), rest: '完成选址；9月底前完工' });
    expect(readDeadlineAt('9月底前完工', 2011)).toEqual({ result: ok('2011-09-30'), rest: '完工' });
    expect(readDeadlineAt('２０１１年３月～６月 完成 入户走访', 2011)).toEqual({ result: ok('2011-06-30'), rest: '完成 入户走访' });
    expect(readDeadlineAt('年底前全部建成', 2011)).toEqual({ result: ok('2011-12-31'), rest: '全部建成' });
    expect(readDeadlineAt('长期坚持执行', 2011)).toEqual({ result: ok('ongoing'), rest: '' });
  });

  it('answers a wrong date with its error, and null when the text starts with no deadline', () => {
    expect(readDeadlineAt('6月31日前完成选址', 2011)).toMatchObject({ result: { ok: false, code: 'deadline.impossible_date' }, rest: '完成选址' });
    expect(readDeadlineAt('完成选址', 2011)).toBeNull();
    expect(readDeadlineAt('', 2011)).toBeNull();
  });
});
