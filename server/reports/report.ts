// What every report builder gets and gives back. A builder reads its figures, then answers its
// sheets in order; build.ts writes the cover and the sheets into one streaming workbook.
import type ExcelJS from 'exceljs';
import type { IsoDate } from '../../core/types';
import type { Period } from '../../core/period';
import type { AppContext } from '../context';
import type { ReportScope } from './load';
import { addTableSheet, type TableSheet } from './layout/table';
import type { Picture } from './layout/pictures';
import { periodLabel } from './words';

export interface ReportRun {
  ctx: AppContext;
  scope: ReportScope;
  period: Period;
  /** Today in the report's time zone, and the day the figures are taken on. */
  today: IsoDate;
  asOf: IsoDate;
  tz: string;
  /** Origin of the public pages printed as QR codes (PUBLIC_URL). */
  publicUrl: string;
  options: ReportOptions;
}

/** What a request may ask of the notice: one organisation per printed page, the first day of 公示. */
export interface ReportOptions {
  orgPerPage?: boolean;
  postedOn?: IsoDate;
}

export interface ReportSheet {
  name: string;
  /** What the sheet holds, for the cover. */
  holds: string;
  /** Writes the sheet; answers its exceljs id. */
  write(wb: ExcelJS.stream.xlsx.WorkbookWriter): Promise<number>;
}

export interface BuiltReport {
  sheets: ReportSheet[];
  /** Rules the figures follow, for the cover. */
  rules: string[];
  /** Counts the cover states up front (label, value), e.g. 审核超期. */
  highlights?: [label: string, value: string][];
  /** false: no cover (the notice is posted as it prints). */
  cover?: false;
  /** PNG pictures to place on the sheet of that name once it is written. */
  pictures?: { sheetName: string; pictures: Picture[] };
}

export type Builder = (run: ReportRun) => Promise<BuiltReport>;

export function tableSheet(holds: string, spec: Omit<TableSheet, 'subtitle'>, run: ReportRun): ReportSheet {
  return {
    name: spec.name,
    holds,
    write(wb) {
      return addTableSheet(wb, { ...spec, subtitle: subtitle(run) });
    },
  };
}

export function subtitle(run: ReportRun): string {
  return `${run.scope.root.name}（含下级党组织） · ${periodLabel(run.period)} · 数据截至 ${run.asOf}`;
}

/** The name of an organisation in the report's scope. */
export function orgName(run: ReportRun, orgId: number): string {
  return run.scope.byId.get(orgId)?.name ?? '';
}

export const RULES = {
  asOf: '数据截至：统计期间的最后一天；期间尚未结束的，截至生成当天。完成日期晚于截至日的事项按“进行中”统计。',
  due: '期内到期：完成时限为具体日期且落在统计期间内的事项（已撤销的除外）；“长期坚持”的事项不计入到期数，单列为长期事项。',
  completion: '兑现率（完成率）= 期内到期事项中已完成的件数 ÷ 期内到期件数（已撤销的除外）；无到期事项的显示“—”。',
  overdue: '逾期：完成时限已过（时限当天仍算按期）、截至日尚未完成、未标为未完成或撤销的事项。',
  satisfaction: '满意率 =（满意 + 基本满意）÷ 全部评议票数；没有评议的显示“—”。',
  lateReview: '审核超期：提交后 7 个工作日（按国家法定节假日和调休安排计算）内未作出审核决定的事项，超期天数按工作日计。',
};
