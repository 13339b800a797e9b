// The columns every list of rectifications shares (where, who, what, by when), and its cells.
import type { Column, Value } from './layout/table';
import type { ScopeRectification } from './load';
import { orgName, type ReportRun } from './report';

export const RECTIFICATION_COLUMNS: Column[] = [
  { header: '序号', kind: 'int' },
  { header: '所在党组织', kind: 'text' },
  { header: '整改对象', kind: 'text' },
  { header: '整改问题', kind: 'long' },
  { header: '整改时限', kind: 'date' },
];

export function rectificationRow(run: ReportRun, n: number, r: ScopeRectification, memberName: (id: number) => string | undefined): Value[] {
  const target = r.targetType === 'organization' ? orgName(run, r.targetId) : memberName(r.targetId) ?? '';
  return [n, orgName(run, r.orgId), target, r.issue, new Date(`${r.dueOn}T00:00:00Z`)];
}
