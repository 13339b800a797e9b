// 科学提诺 in the reports: the monthly report lists who has not committed in the year (not yet, or
// late once the 提诺 date has passed); the half-year bulletin names only the late. The list is the
// one `GET /commitments/missing` answers, judged on the report's day.
import { missingCommitters } from '../proposeBy/missing';
import { tableSheet, type ReportRun, type ReportSheet } from './report';
import { chineseDate, ORG_KIND_LABELS, ROLE_LABELS } from './words';

export const PROPOSE_BY_RULE =
  '提诺：基层党组织（县委以下各级党组织）和全体党员每年须在提诺截止日期前作出承诺（已撤销的不算）。截止日期由上级党组织设定，下级未另设的沿用上级的，都未设的按县的方案；截止日当天仍算按期。';

type Row = { orgName: string; who: string; kind: string; proposeBy: string | null; late: boolean };

async function rows(run: ReportRun): Promise<Row[]> {
  const missing = await missingCommitters(run.ctx.db, run.scope.root.id, run.period.year, run.asOf);
  return [
    ...missing.organizations.map((o) => ({ orgName: o.name, who: o.name, kind: ORG_KIND_LABELS[o.kind], proposeBy: o.proposeBy, late: o.late })),
    ...missing.members.map((m) => ({ orgName: m.orgName, who: m.name, kind: ROLE_LABELS[m.role], proposeBy: m.proposeBy, late: m.late })),
  ];
}

const COLUMNS = [
  { header: '序号', kind: 'int' as const },
  { header: '所在党组织', kind: 'text' as const },
  { header: '承诺主体', kind: 'text' as const },
  { header: '类别', kind: 'text' as const },
  { header: '提诺截止', kind: 'text' as const },
  { header: '情况', kind: 'text' as const },
];
const line = (r: Row, i: number) => [i + 1, r.orgName, r.who, r.kind, r.proposeBy ? chineseDate(r.proposeBy) : '未设定', r.late ? '逾期未提诺' : '尚未提诺'];

/** Monthly: everyone without a commitment of the year, late or not yet. */
export async function notCommittedSheet(run: ReportRun): Promise<ReportSheet> {
  const all = await rows(run);
  return tableSheet('本年度尚未作出承诺的党组织和党员：截止日期已过的为逾期', {
    name: '未提诺',
    title: `${run.period.year}年度未提诺名单`,
    columns: COLUMNS,
    rows: all.map(line),
    emptyText: '本年度所有党组织和党员都已作出承诺',
  }, run);
}

/** Half-year bulletin: those still without a commitment after their 提诺 date. */
export async function lateProposersSheet(run: ReportRun): Promise<ReportSheet> {
  const late = (await rows(run)).filter((r) => r.late);
  return tableSheet('提诺截止日期已过仍未作出承诺的党组织和党员', {
    name: '逾期未提诺',
    title: `${run.period.year}年度逾期未提诺通报`,
    columns: COLUMNS,
    rows: late.map(line),
    emptyText: '没有逾期未提诺的党组织和党员',
  }, run);
}
