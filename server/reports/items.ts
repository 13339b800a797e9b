// The columns every list of commitments shares (where, who, what, by when), and its row.
import { CATEGORY_LABELS } from '../../core/category';
import { STATUS_LABELS } from '../../core/status';
import { statusOn, type FigureCommitment } from '../../core/figures';
import type { Column, Value } from './layout/table';
import type { CommitmentText } from './load';
import { orgName, type ReportRun } from './report';
import { deadlineCell } from './words';

export const ITEM_COLUMNS: Column[] = [
  { header: '序号', kind: 'int' },
  { header: '所在党组织', kind: 'text' },
  { header: '承诺主体', kind: 'text' },
  { header: '承诺类别', kind: 'text' },
  { header: '承诺内容', kind: 'long' },
  { header: '完成时限', kind: 'date' },
  { header: '状态', kind: 'text' },
];

export function itemRow(run: ReportRun, n: number, f: FigureCommitment, t: CommitmentText): Value[] {
  return [n, orgName(run, f.orgId), t.subjectName, CATEGORY_LABELS[f.category].zh, t.content, deadlineCell(f.deadline), STATUS_LABELS[statusOn(f, run.asOf)].zh];
}

/** Commitments in the order reports list them: by organisation as the tree runs, then by id. */
export function inTreeOrder(run: ReportRun, items: FigureCommitment[]): FigureCommitment[] {
  const place = new Map(run.scope.orgs.map((o, i) => [o.id, i]));
  return [...items].sort((a, b) => place.get(a.orgId)! - place.get(b.orgId)! || a.id - b.id);
}
