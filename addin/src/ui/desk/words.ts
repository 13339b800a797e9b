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
  outcome: { zh: '{action}：成功 {ok} 条', en: '{action}: {ok} done' },
  refused: { zh: '，{n} 条未成功：{why}', en: '; {n} refused: {why}' },
  approveVerb: { zh: '通过', en: 'Approved' },
  returnVerb: { zh: '退回', en: 'Returned' },
  publishVerb: { zh: '公示', en: 'Published' },
  noteOpening: { zh: '请修改后重新提交：', en: 'Please revise and submit again:' },
  commentsDue: { zh: '{period} 待点评', en: 'Comments due for {period}' },
  noCommentsDue: { zh: '本期应点评的对象都已点评。', en: 'Everyone you comment on has a comment this period.' },
  commentText: { zh: '点评意见', en: 'Comment' },
  writeComment: { zh: '点评', en: 'Comment' },
  commented: { zh: '已点评 {name}', en: 'Commented on {name}' },
  ratingYear: { zh: '评议年度', en: 'Year' },
  ratingGrid: { zh: '年度评议', en: 'Annual ratings' },
  notRated: { zh: '（未评定）', en: '(not rated)' },
  figures: { zh: '到期 {due} 兑现 {done} · 满意率 {rate}', en: 'due {due}, fulfilled {done} · satisfaction {rate}' },
  candidate: { zh: '表彰候选', en: 'Candidate' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  rated: { zh: '已评定 {name}', en: 'Rated {name}' },
  proposeRectify: { zh: '提出整改', en: 'Open a rectification' },
  dueOn: { zh: '整改时限', en: 'Due' },
  rectified: { zh: '已对 {name} 提出整改', en: 'Rectification opened for {name}' },
  rectifications: { zh: '整改事项', en: 'Rectifications' },
  none: { zh: '无', en: 'None' },
  open: { zh: '整改中', en: 'Open' },
  done: { zh: '已整改', en: 'Done' },
  overdue: { zh: '逾期', en: 'Overdue' },
} satisfies Record<string, LocalText>;

export type DeskWord = keyof typeof WORDS;

export function say(lang: Lang, word: DeskWord, values: Record<string, string | number> = {}): string {
  return fillIn(WORDS[word][lang], values);
}
