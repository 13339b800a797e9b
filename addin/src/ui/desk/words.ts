// The review desk's words, Chinese and English.
import type { LocalText } from '../../../../core/types';
import { fillIn, type Lang } from '../../i18n';

const WORDS = {
  signedOut: { zh: '登录后可审核本单位及下级的承诺。', en: 'Sign in to review the commitments of your scope.' },
  onlyLate: { zh: '只看超期', en: 'Late only' },
  anyHint: { zh: '全部提示', en: 'Any hint' },
  refresh: { zh: '刷新', en: 'Refresh' },
  empty: { zh: '没有待审核的承诺。', en: 'Nothing awaits your review.' },
  count: { zh: '待审 {n} 条，已选 {selected} 条', en: '{n} to review, {selected} selected' },
  selectAll: { zh: '全选', en: 'Select all' },
  submitted: { zh: '提交 {on}', en: 'submitted {on}' },
  due: { zh: '应于 {on} 前审结', en: 'due by {on}' },
  late: { zh: '超期', en: 'Late' },
  deadline: { zh: '完成时限 {d}', en: 'deadline {d}' },
  ongoing: { zh: '长期', en: 'ongoing' },
  note: { zh: '审核意见（退回时必填）', en: 'Review note (needed to return)' },
  draftNote: { zh: '按提示起草意见', en: 'Draft the note from the hints' },
  approve: { zh: '通过选中', en: 'Approve selected' },
  return: { zh: '退回选中', en: 'Return selected' },
  publish: { zh: '公示已审核的 {n} 条', en: 'Publish the {n} approved' },
  done: { zh: '{action}：成功 {ok} 条', en: '{action}: {ok} done' },
  refused: { zh: '，{n} 条未成功：{why}', en: '; {n} refused: {why}' },
  approveVerb: { zh: '通过', en: 'Approved' },
  returnVerb: { zh: '退回', en: 'Returned' },
  publishVerb: { zh: '公示', en: 'Published' },
  noteOpening: { zh: '请修改后重新提交：', en: 'Please revise and submit again:' },
} satisfies Record<string, LocalText>;

export type DeskWord = keyof typeof WORDS;

export function say(lang: Lang, word: DeskWord, values: Record<string, string | number> = {}): string {
  return fillIn(WORDS[word][lang], values);
}
