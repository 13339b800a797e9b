// Submit the valid rows of the active sheet. Keys are written into the sheet before the first
// request; once the server has answered (or the connection was lost), 编号 and 系统状态 are
// written back for every row it took, each as one column: two Excel.run calls whatever the row
// count. A failure leaves a resumable rest.
import type { Status } from '../../../core/types';
import { checkSheet, type CheckOptions, type CheckResult } from '../ledger/check';
import type { SheetSnapshot } from '../ledger/sheet';
import { idsByRow, planSubmission, sendInBatches, writeBack, type DefaultOrg, type PendingRow, type SubmissionPlan, type SubmitProgress } from '../ledger/submission';
import { statusGaps, type StatusGap } from '../ledger/statusGap';
import { writeSheet } from '../excel/cells';
import { runExcel } from '../excel/host';
import { readActiveSheet } from '../excel/readSheet';
import type { Api } from '../api';
import type { Lang } from '../i18n';
import { markProblems } from './check';
import { serverRecords } from './refresh';

/** What a Submit leaves behind for the pane, and for a resume. */
export interface SubmitRun extends SubmitProgress {
  sheet: SheetSnapshot;
  result: CheckResult;
  /** Null when the sheet holds no ledger: nothing was sent. */
  plan: SubmissionPlan | null;
  /** Rows whose written 状态 the record has not reached on the server, with the way there. */
  gaps: StatusGap[];
  /** Sheet row of each key sent, for the per-row results. */
  rowOfKey: Map<string, number>;
}

export async function submitActiveSheet(api: Api, org: DefaultOrg, lang: Lang, opts: CheckOptions): Promise<SubmitRun> {
  const { sheet, result, plan } = await runExcel(async (context) => {
    const sheet = await readActiveSheet(context);
    const result = checkSheet(sheet, opts);
    await markProblems(context, sheet, result, lang);
    if (result.skip) return { sheet, result, plan: null };
    const plan = planSubmission(result, sheet, org);
    if (plan.rows.length > 0) {
      await writeSheet(context, sheet.sheetId, { cells: plan.columns.newHeaders, columns: plan.keys ? [plan.keys] : [], hideColumns: [plan.columns.at.key!] });
    }
    return { sheet, result, plan };
  });
  const run: SubmitRun = { sheet, result, plan, gaps: [], rowOfKey: new Map(), outcomes: [], remaining: [] };
  if (!plan || plan.rows.length === 0) return run;
  run.rowOfKey = new Map(plan.rows.map((r) => [r.body.key, r.sheetRow]));
  return sendRows(api, run, plan.rows);
}

/** Sends (again) rows not yet confirmed — their keys are on the sheet — and writes back what the server took. */
export async function sendRows(api: Api, run: SubmitRun, rows: readonly PendingRow[]): Promise<SubmitRun> {
  const progress = await sendInBatches(rows, api.submitBatch);
  const outcomes = [...run.outcomes, ...progress.outcomes];
  const sent = run.plan!.rows.filter((r) => !progress.remaining.includes(r));
  const ids = idsByRow(sent, outcomes);
  const states = new Map<number, Status>();
  if (ids.size > 0) {
    const found = await serverRecords(api, run.result, [...ids.values()].flat());
    for (const [id, c] of found) states.set(id, c.status);
    await runExcel((context) =>
      writeSheet(context, run.sheet.sheetId, { cells: run.plan!.columns.newHeaders, columns: writeBack(run.result, run.sheet, run.plan!.columns, ids, states) }),
    );
  }
  return { ...run, outcomes, remaining: progress.remaining, error: progress.error, gaps: statusGaps(run.result, run.sheet, ids, states) };
}
