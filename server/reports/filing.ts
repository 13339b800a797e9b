// 承诺书备案: the annual report's list of who made commitments this year and whether their signed
// form is filed (server/attachments/filing.ts). Everyone not yet filed stays listed as 未备案.
import { loadFiling } from '../attachments/filing';
import { localDate } from '../clock';
import { tableSheet, type ReportRun, type ReportSheet } from './report';

export async function filingSheet(run: ReportRun): Promise<ReportSheet> {
  const items = await loadFiling(run.ctx, run.scope, run.period.year);
  return tableSheet('作出承诺的党组织和党员，其签字承诺书是否已上传备案（未备案的一直列出，直至备案）', {
    name: '承诺书备案',
    title: '承诺书存档备案情况',
    columns: [
      { header: '序号', kind: 'int' },
      { header: '所在党组织', kind: 'text' },
      { header: '类型', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '备案情况', kind: 'text' },
      { header: '备案日期', kind: 'text' },
    ],
    rows: items.map((f, i) => [
      i + 1,
      f.orgName,
      f.subjectType === 'organization' ? '党组织' : '党员',
      f.name,
      f.filed ? '已备案' : '未备案',
      f.filedAt ? localDate(new Date(f.filedAt), run.tz) : '',
    ]),
    emptyText: '本年度没有作出承诺的党组织和党员',
  }, run);
}
