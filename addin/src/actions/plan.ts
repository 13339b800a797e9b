// 阶段计划 in the 进展 view: the selected row's record and plan, the plan saved, a phase marked done.
// The plan is saved on the server (PATCH, which reads it with core's rule) and, when the sheet has
// a 阶段计划 column, written into that row's cell too, so the next 提交 sends the same plan.
import { formatPlan, parsePlan } from '../../../core/plan';
import type { LocalText } from '../../../core/types';
import { cellAddress } from '../ledger/sheet';
import { writeSheet } from '../excel/cells';
import { runExcel } from '../excel/host';
import type { Api, PlannedCommitment } from '../api';
import { currentMonth, selectedLedgerRows } from './progress';

/** The selected row's record, and where its plan cell is (null: the sheet has no plan column). */
export interface PlanTarget {
  record: PlannedCommitment;
  sheetId: string;
  planCell: string | null;
}

/** The first selected row that carries a server id; null when none does. */
export async function selectedPlanTarget(api: Api): Promise<PlanTarget | null> {
  const { sheet, result: check, chosen } = await selectedLedgerRows();
  const row = chosen[0];
  const column = check.mapping.find((m) => m.field === 'plan' && !m.category)?.column;
  const found = row && { id: row.ids[0], sheetId: sheet.sheetId, planCell: column === undefined ? null : cellAddress(row.sheetRow, sheet.left + column) };
  if (!found) return null;
  return { record: await api.commitment(found.id), sheetId: found.sheetId, planCell: found.planCell };
}

/** The plan as its ledger cell reads. */
export function planText(record: PlannedCommitment): string {
  return formatPlan(record.plan, record.year);
}

/** What core's rule says is wrong with the text, before anything is sent; null when it reads. */
export function planProblem(record: PlannedCommitment, text: string): LocalText | null {
  const read = parsePlan(text, record.year, record.deadline);
  return read.ok ? null : read.message;
}

export async function savePlan(api: Api, target: PlanTarget, text: string): Promise<PlannedCommitment> {
  const saved = await api.setPlan(target.record.id, target.record.version, text);
  if (target.planCell) {
    const cell = { address: target.planCell, value: planText(saved) };
    await runExcel((context) => writeSheet(context, target.sheetId, { cells: [cell] }));
  }
  return saved;
}

/** A progress entry for this month that marks phase `phase` (1 = first) done today. */
export async function markPhaseDone(api: Api, record: PlannedCommitment, phase: number, note: string): Promise<PlannedCommitment> {
  await api.addProgress(record.id, { month: currentMonth(), note, phase });
  return api.commitment(record.id);
}
