import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitmentHints, type HintedCommitment } from './hints';
import { readLedgerFile } from '../server/imports/read';
import { DEFAULT_IMPORT_LIMITS } from '../server/imports/limits';
import { convertGrids, type ImportRecord } from '../server/imports/convert';
import { ledgerFixture } from '../test/support/fixtures';

const codes = (c: Partial<HintedCommitment> & { content: string }, peers?: string[]) =>
  commitmentHints({ deadline: '2011-12-31', year: 2011, category: 'post', ...c }, peers).map((h) => h.code);

/** Every record of the three sample ledgers, as the converter reads them. */
let ledgerRows: ImportRecord[] = [];
beforeAll(async () => {
  for (const [file, year] of [['p1-clean.xlsx', 2011], ['p2-titled.xlsx', 2011], ['p3-utf8.csv', 2012]] as const) {
    const { grids } = await readLedgerFile(readFileSync(ledgerFixture(file)), DEFAULT_IMPORT_LIMITS);
    ledgerRows.push(...convertGrids(grids, { ledgerYear: year, orgName: '胡川学区党支部' }).records);
  }
});

describe('quantified and concrete: the real commitments of the sample ledgers pass', () => {
  it.each([
    '每月走访群众不少于两次',
    '每周开展一次家访',
    '帮助联系村建设农家书屋1个',
    '做好儿童计划免疫接种工作，接种率达到98%以上',
    '不收受红包，不开大处方',
    '工作日中午不饮酒',
    '坚持做到不体罚和变相体罚学生',
    '结对帮扶贫困学生3名，每学期资助学习用品',
    '认真批改作业，做到全批全改',
    '坚持政治理论学习，全年记学习笔记不少于1万字',
    '为联系村争取项目资金6万元',
    '积极参加支部组织的志愿服务活动，全年不少于4次',
  ])('%s: no hint', (content) => {
    expect(codes({ content })).toEqual([]);
  });

  it('no row of the three ledgers is a mere general pledge', () => {
    expect(ledgerRows.length).toBeGreaterThan(120);
    const general = ledgerRows.filter((r) => codes({ content: r.content }).includes('hint.no_action'));
    expect(general.map((r) => r.content)).toEqual([]);
  });

  it('every ledger row with a figure, a frequency or a prohibition counts as measurable', () => {
    const measurable = ledgerRows.filter((r) => /[0-9]|每[周月天日季学年]|(^|，)不/.test(r.content));
    expect(measurable.length).toBeGreaterThan(80);
    const flagged = measurable.filter((r) => codes({ content: r.content }).includes('hint.no_measure'));
    expect(flagged.map((r) => r.content)).toEqual([]);
  });
});

describe('vague commitments are flagged', () => {
  it.each([
    ['加强学习，提高素质', ['hint.no_measure', 'hint.no_action']],
    ['积极参加组织活动', ['hint.no_measure', 'hint.no_action']],
    ['认真做好本职工作，不断提高业务水平', ['hint.no_measure', 'hint.no_action']],
    ['进一步增强党性修养，树立良好形象', ['hint.no_measure', 'hint.no_action']],
    // concrete object, nothing to count
    ['认真做好档案管理工作，做到规范有序', ['hint.no_measure']],
    ['严格执行首问负责制', ['hint.no_measure']],
  ])('%s', (content, expected) => {
    expect(codes({ content })).toEqual(expected);
  });

  it('a measure stated in 具体措施 or 预期目标 makes the item measurable', () => {
    expect(codes({ content: '做好学区食堂管理，确保师生饮食安全', measures: '每周检查食堂一次' })).toEqual([]);
    expect(codes({ content: '做好学区食堂管理，确保师生饮食安全', expected: '全年零事故' })).toEqual([]);
    expect(codes({ content: '做好学区食堂管理，确保师生饮食安全', measures: '加强管理' })).toEqual(['hint.no_measure']);
  });
});

describe('copied from other members', () => {
  const peers = ['帮助村里办好农民夜校，全年授课8次', '结对帮扶贫困户3户，帮助解决实际困难'];

  it('the same wording with another number is copied, and the hint quotes the peer', () => {
    const hints = commitmentHints({ content: '帮助村里办好农民夜校，全年授课4次', category: 'deed', deadline: '2011-07-31', year: 2011 }, peers);
    expect(hints.map((h) => h.code)).toEqual(['hint.copied']);
    expect(hints[0].message.zh).toContain('帮助村里办好农民夜校，全年授课8次');
  });

  it('punctuation, spaces and full-width figures do not hide a copy', () => {
    expect(codes({ content: '帮助村里 办好农民夜校、全年授课１２次', category: 'deed' }, peers)).toEqual(['hint.copied']);
  });

  it('a different commitment on the same theme is not a copy', () => {
    expect(codes({ content: '结对帮扶贫困学生3名，每学期资助学习用品', category: 'deed' }, peers)).toEqual([]);
    expect(codes({ content: '帮助村里办好农民夜校，全年授课4次', category: 'deed' })).toEqual([]);
  });

  it('shared items (共性, 自律) are the same for everyone by design', () => {
    const shared = ['不从事有偿家教', '带头学习党的理论，坚持每天学习1小时'];
    expect(codes({ content: '不从事有偿家教', category: 'discipline' }, shared)).toEqual([]);
    expect(codes({ content: '带头学习党的理论，坚持每天学习1小时', category: 'common' }, shared)).toEqual([]);
  });

  it('finds the copies among the deed items of the sample branch ledger', () => {
    const deeds = ledgerRows.filter((r) => r.category === 'deed' && r.year === 2011);
    const copiedSubjects = deeds.filter((r) => {
      const others = deeds.filter((o) => o.subject !== r.subject).map((o) => o.content);
      return codes({ content: r.content, category: 'deed' }, others).includes('hint.copied');
    });
    // 年内为群众办实事N件 and 帮助村里办好农民夜校 recur across members; 协调资金修复村道 too.
    expect(copiedSubjects.map((r) => r.content)).toContain('年内为群众办实事5件');
    expect(copiedSubjects.length).toBeLessThan(deeds.length);
  });
});

describe('deadline beyond the ledger year', () => {
  it('flags a date in a later year, naming both', () => {
    const hints = commitmentHints({ content: '每周开展一次家访', deadline: '2012-03-31', year: 2011 });
    expect(hints.map((h) => h.code)).toEqual(['hint.deadline_beyond_year']);
    expect(hints[0].message.zh).toBe('完成时限 2012-03-31 超出承诺年度 2011 年');
  });

  it('the year end itself and 长期 are within', () => {
    expect(codes({ content: '每周开展一次家访', deadline: '2011-12-31' })).toEqual([]);
    expect(codes({ content: '每周开展一次家访', deadline: 'ongoing' })).toEqual([]);
  });
});

it('never throws, whatever the text', () => {
  for (const content of ['', ' ', '=1+1', '\u3000', 'a'.repeat(5000), '？？？']) {
    expect(() => commitmentHints({ content, deadline: 'ongoing', year: 2011 }, [content, ''])).not.toThrow();
  }
});
