import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline';

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
