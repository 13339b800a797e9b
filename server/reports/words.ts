// The Chinese words reports are written in that core does not already hold.
import type { Deadline, MemberRole, OrgKind, ReportKind } from '../../core/types';
import { RATING_LABELS } from '../../core/evaluation';
import type { Period } from '../../core/period';

export const KIND_TITLES: Record<ReportKind, string> = {
  monthly: '每月自查',
  quarterly: '领导点评',
  'half-year': '半年通报',
  annual: '年终总结',
  notice: '公示表',
  'pledge-forms': '承诺书',
};

export const ROLE_LABELS: Record<MemberRole, string> = {
  leader_cadre: '党员领导干部',
  ordinary: '普通党员',
  retired: '离退休党员',
  no_post: '无固定职业党员',
};

export const ORG_KIND_LABELS: Record<OrgKind, string> = { committee: '党委', general_branch: '党总支', branch: '党支部' };

const QUARTERS = ['一', '二', '三', '四'];

export function periodLabel(p: Period): string {
  const m = Number(p.start.slice(5, 7));
  switch (p.kind) {
    case 'month':
      return `${p.year}年${m}月`;
    case 'quarter':
      return `${p.year}年第${QUARTERS[(m - 1) / 3]}季度`;
    case 'half':
      return `${p.year}年${m === 1 ? '上' : '下'}半年`;
    default:
      return `${p.year}年度`;
  }
}

/** A deadline as a cell: a real date, or 长期 for ongoing items. */
export function deadlineCell(d: Deadline): Date | string {
  return d === 'ongoing' ? '长期' : new Date(`${d}T00:00:00Z`);
}

export const ratingLabel = (r: string | null | undefined) => (r && r in RATING_LABELS ? RATING_LABELS[r as keyof typeof RATING_LABELS] : '');

/** 2011-06-30 → 2011年6月30日, as notices and public pages print dates. */
export function chineseDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}
