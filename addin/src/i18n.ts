// The pane's words. Chinese by default; English when Office's display language is English.
import type { LocalText } from '../../core/types';

export type Lang = keyof LocalText;

export function languageOf(officeLanguage: string): Lang {
  return /^en\b/i.test(officeLanguage) ? 'en' : 'zh';
}

const TEXTS = {
  appTitle: { zh: '公开承诺台账', en: 'Commitment ledger' },
  server: { zh: '服务器地址', en: 'Server' },
  login: { zh: '用户名', en: 'Login' },
  password: { zh: '密码', en: 'Password' },
  signIn: { zh: '登录', en: 'Sign in' },
  newPassword: { zh: '新密码', en: 'New password' },
  mustChangePassword: { zh: '密码已被重置，请设置一个新密码后登录（至少8位，不能与账号相同，不能过于简单）。', en: 'Your password was reset: choose a new one to sign in (8+ characters, not your login, not too simple).' },
  setPasswordAndSignIn: { zh: '设置新密码并登录', en: 'Set password and sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  signedInAs: { zh: '已登录：', en: 'Signed in: ' },
  signedOut: { zh: '未登录。检查台账无需登录；提交、刷新、进展和报表需要先登录。', en: 'Signed out. Check works without signing in; submit, refresh, progress and reports need it.' },
  newSheet: { zh: '新建台账表', en: 'New ledger sheet' },
  check: { zh: '检查', en: 'Check' },
  submit: { zh: '提交', en: 'Submit' },
  resume: { zh: '继续提交', en: 'Resume submit' },
  refresh: { zh: '刷新状态', en: 'Refresh' },
  ledgerYear: { zh: '台账年度', en: 'Ledger year' },
  mapping: { zh: '列对应（可修改后重新检查）', en: 'Columns (change and check again)' },
  ignoreColumn: { zh: '（不导入）', en: '(ignore)' },
  recheck: { zh: '按此对应重新检查', en: 'Check with this mapping' },
  noHeader: { zh: '当前工作表中没有找到台账表头（如 承诺人、承诺事项、完成时限）。', en: 'No ledger header (such as 承诺人, 承诺事项, 完成时限) was found on this sheet.' },
  emptySheet: { zh: '当前工作表是空的。', en: 'The active sheet is empty.' },
  checkSummary: { zh: '{rows} 条承诺，{bad} 条有问题，共 {problems} 处。', en: '{rows} commitments, {bad} with problems, {problems} in all.' },
  allGood: { zh: '没有发现问题。', en: 'No problems found.' },
  hints: { zh: '质量提示（四化三可，不影响提交；点击定位）', en: 'Quality hints (not errors; click to select the cell)' },
  hintsFound: { zh: '另有 {n} 条质量提示。', en: ' {n} quality hints.' },
  problems: { zh: '问题（点击定位到单元格）', en: 'Problems (click to select the cell)' },
  rowLabel: { zh: '第 {row} 行', en: 'Row {row}' },
  nothingToSubmit: { zh: '没有可提交的有效行。', en: 'No valid rows to submit.' },
  submitted: { zh: '已提交：新增 {created}，更新 {updated}，未变 {unchanged}，退回 {rejected}。', en: 'Submitted: {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected.' },
  skippedInvalid: { zh: '{n} 条有问题的行未提交，请先改正。', en: '{n} rows with problems were not submitted; correct them first.' },
  interrupted: { zh: '连接中断：还有 {n} 条未确认。恢复连接后按“继续提交”，不会重复。', en: 'Connection lost: {n} rows not yet confirmed. Press Resume when back online; nothing is duplicated.' },
  withWarnings: { zh: '{n} 行已保存但有提示（如状态超出您的权限，保留服务器上的状态）。', en: '{n} rows were stored with warnings (e.g. a status beyond your role; the server kept its own).' },
  statusGaps: { zh: '状态说明（表中的“状态”保持您填写的；系统状态见“系统状态”列）', en: 'Status (your 状态 stays as written; the server’s is in 系统状态)' },
  statusGapsFound: { zh: '{n} 行填写的状态在系统中尚未达到，见下方说明。', en: '{n} rows state a status the server has not reached yet; see below.' },
  rejectedRows: { zh: '服务器退回的行', en: 'Rows the server rejected' },
  nothingToRefresh: { zh: '表中没有带“编号”的行，请先提交。', en: 'No rows carry a server ID (编号) yet; submit first.' },
  refreshed: { zh: '已刷新 {n} 行。', en: '{n} rows refreshed.' },
  missingOnServer: { zh: '{n} 行的编号在服务器上找不到（已删除或不在您的范围内）。', en: '{n} rows have an ID the server does not know (deleted, or outside your scope).' },
  sheetCreated: { zh: '已新建工作表“{name}”。', en: 'Created sheet “{name}”.' },
  progressNote: { zh: '本月进展', en: "This month's progress" },
  progressPercent: { zh: '完成百分比（可不填）', en: 'Percent done (optional)' },
  progressHint: { zh: '先在台账中选中要记录的行（需已提交，有编号）。', en: 'Select the rows in the ledger first (they need a server ID).' },
  saveProgress: { zh: '记录到选中行', en: 'Record for selected rows' },
  progressSaved: { zh: '已为 {n} 条承诺记录 {month} 的进展。', en: 'Progress for {month} recorded on {n} commitments.' },
  progressRows: { zh: '逐行调整', en: 'Adjust row by row' },
  progressRowsHint: {
    zh: '已读取 {n} 行。统一记实适用于每一行；某行情况不同可另写，不记的取消勾选。发送时一次提交，全部成功或全部不存。',
    en: '{n} rows read. The note above goes to every row; write another for a row that differs, untick a row to leave it out. Sent as one request: all saved or none.',
  },
  progressRowNote: { zh: '本行另写（空则用统一记实）', en: 'Own note (empty: the note above)' },
  progressRowTake: { zh: '记入', en: 'Include' },
  progressRowsClear: { zh: '放弃逐行调整', en: 'Discard the row list' },
  progressReplayed: { zh: '这次记实已保存过（{n} 条），未重复记录。', en: 'This check was saved before ({n} entries); nothing was recorded twice.' },
  noSelectedIds: { zh: '选中的行没有编号，请先提交或重新选择。', en: 'The selected rows carry no server ID; submit first or select others.' },
  reportKind: { zh: '报表', en: 'Report' },
  period: { zh: '期间', en: 'Period' },
  organisation: { zh: '党组织', en: 'Organisation' },
  defaultOrgHint: { zh: '表中未写“所在党组织”的行记入此组织', en: 'Rows that name no organisation go here' },
  insertReport: { zh: '插入到工作簿', en: 'Insert into workbook' },
  reportInserted: { zh: '已插入 {n} 张工作表。', en: '{n} sheets inserted.' },
  reportDownload: { zh: '此版本的 Excel 不能直接插入（或文件超过 5 MB），请下载后打开：', en: 'This Excel cannot insert it (or it is over 5 MB); download and open it:' },
  download: { zh: '下载报表', en: 'Download report' },
  offline: { zh: '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server; check the connection and try again.' },
  serverError: { zh: '服务器返回错误', en: 'The server answered with an error' },
  sessionExpired: { zh: '登录已过期，请重新登录。', en: 'Your session has expired; sign in again.' },
  excelError: { zh: 'Excel 操作失败', en: 'Excel could not do it' },
} satisfies Record<string, LocalText>;

export type TextKey = keyof typeof TEXTS;

/** The text in a language with `{name}` placeholders filled. */
export function text(lang: Lang, key: TextKey, values: Record<string, string | number> = {}): string {
  return fillIn(TEXTS[key][lang], values);
}

/** Fills `{name}` placeholders; a view with words of its own uses it too. */
export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export const REPORT_LABELS: Record<string, LocalText> = {
  monthly: { zh: '每月自查', en: 'Monthly self-check' },
  quarterly: { zh: '季度点评', en: 'Quarterly comments' },
  'half-year': { zh: '半年通报', en: 'Half-year bulletin' },
  annual: { zh: '年终总结', en: 'Annual summary' },
  notice: { zh: '公示表', en: 'Public notice' },
  'pledge-forms': { zh: '承诺书', en: 'Pledge forms' },
};

/** A view's own word table read in `lang`: `say(key, values)` with `{name}` placeholders filled. */
export function wordsIn<K extends string>(table: Record<K, LocalText>, lang: Lang) {
  return (key: K, values: Record<string, string | number> = {}) => fillIn(table[key][lang], values);
}
