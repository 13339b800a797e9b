import { describe, expect, it } from 'vitest';
import { parseStatus, STATUS_LABELS } from './status';
import { STATUSES } from './types';

describe('parseStatus', () => {
  it.each([
    ['进行中', 'in_progress'],
    ['正在落实', 'in_progress'],
    ['落实中', 'in_progress'],
    ['践诺中', 'in_progress'],
    ['已完成', 'completed'],
    ['完成', 'completed'],
    ['已兑现', 'completed'],
    ['已销号', 'completed'],
    ['未完成', 'unfulfilled'],
    ['未兑现', 'unfulfilled'],
    ['已公示', 'published'],
    ['已承诺', 'published'],
    ['已撤销', 'withdrawn'],
    ['已提出', 'proposed'],
    ['拟承诺', 'proposed'],
    ['待审核', 'under_review'],
    ['审核中', 'under_review'],
    ['已退回', 'returned'],
    ['已审核', 'approved'],
    ['审核通过', 'approved'],
    ['  进行中', 'in_progress'],
    ['已公示  ', 'published'],
    ['in-progress', 'in_progress'],
    ['Completed', 'completed'],
  ])('%s → %s', (word, code) => {
    expect(parseStatus(word)).toBe(code);
  });

  it('reads every status code', () => {
    for (const s of STATUSES) expect(parseStatus(s)).toBe(s);
  });

  it.each([[''], ['\u3000'], [null], [undefined], ['好'], ['已完成了吗'], [1], ['constructor']])(
    '%j is no status',
    (v) => {
      expect(parseStatus(v)).toBeNull();
    },
  );

  it('labels every status in both languages, and the Chinese label parses back', () => {
    for (const s of STATUSES) {
      expect(STATUS_LABELS[s].en).not.toBe('');
      expect(parseStatus(STATUS_LABELS[s].zh)).toBe(s);
    }
  });
});
