import { describe, expect, it } from 'vitest';
import { reportEmail } from './message';

describe('the report email', () => {
  const overdue = (n: number) => ({ orgName: '一支部', subjectName: `张${n}`, content: `事项${n}`, deadline: '2026-03-31', daysOverdue: 100 - n });
  const email = (kind: 'monthly' | 'half-year', period: string, worst: number[]) =>
    reportEmail({
      schedule: { id: 7, kind },
      orgName: '城关镇党委',
      period,
      headline: { items: 40, completed: 12, overdue: 5, mostOverdue: worst.map(overdue) },
      report: { buffer: Buffer.from('x'), fileName: 'report.xlsx' },
    });

  it('says organisation, period, counts and the three most overdue items', () => {
    const e = email('monthly', '2026-06', [1, 2, 3, 4]);
    expect(e.subject).toBe('【公开承诺台账】城关镇党委 2026年6月每月自查');
    expect(e.text).toContain('承诺事项 40 项，已完成 12 项，逾期 5 项。');
    expect(e.text).toContain('1. 一支部 张1：事项1（完成时限 2026-03-31，已逾期 99 天）');
    expect(e.text).toContain('3. 一支部 张3');
    expect(e.text).not.toContain('张4');
    expect(e.attachment.fileName).toBe('report.xlsx');
  });

  it('names the half year and leaves out the overdue list when nothing is overdue', () => {
    const e = email('half-year', '2026-H1', []);
    expect(e.subject).toBe('【公开承诺台账】城关镇党委 2026年上半年半年通报');
    expect(e.text).not.toContain('逾期最久');
  });
});
