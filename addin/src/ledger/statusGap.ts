// Rows whose 状态, as the clerk wrote it, is not where the record stands on the server: the
// pane says, row by row, which steps lead there and who takes them. The clerk's words stay.
import { ACTION_LABELS, STATUS_LABELS } from '../../../core/status';
import { statusPath, type StatusStep } from '../../../core/statusPath';
import { cleanText } from '../../../core/text';
import type { Status } from '../../../core/types';
import type { CheckResult } from './check';
import { cellAddress, type SheetSnapshot } from './sheet';
import { fillIn, type Lang } from '../i18n';

export interface StatusGap {
  sheetRow: number;
  /** The clerk's 状态 cell. */
  address: string;
  /** As the clerk wrote it. */
  written: string;
  state: Status;
  /** The steps from the server's state to the written one; null when the lifecycle cannot go there. */
  steps: StatusStep[] | null;
}

export function statusGaps(check: CheckResult, sheet: SheetSnapshot, ids: ReadonlyMap<number, number[]>, states: ReadonlyMap<number, Status>): StatusGap[] {
  const statusColumn = check.mapping.find((m) => m.field === 'status' && !m.category)?.column;
  if (statusColumn === undefined) return [];
  const gaps: StatusGap[] = [];
  const done = new Set<string>();
  for (const record of check.records) {
    const wanted = record.draft?.status;
    if (!wanted) continue;
    for (const id of ids.get(record.sheetRow) ?? []) {
      const state = states.get(id);
      const once = `${record.sheetRow}:${state}`;
      if (!state || state === wanted || done.has(once)) continue;
      done.add(once);
      gaps.push({
        sheetRow: record.sheetRow,
        address: cellAddress(record.sheetRow, sheet.left + statusColumn),
        written: cleanText(record.input.status) ?? STATUS_LABELS[wanted].zh,
        state,
        steps: statusPath(state, wanted),
      });
    }
  }
  return gaps;
}

const WORDS = {
  reach: { zh: '第 {row} 行：系统中为“{state}”；要达到“{written}”，还需：{steps}', en: 'Row {row}: the server has “{state}”; to reach “{written}”: {steps}' },
  never: { zh: '第 {row} 行：系统中已是“{state}”，不能再改为“{written}”', en: 'Row {row}: the server already has “{state}”; it cannot go back to “{written}”' },
  reviewer: { zh: '（审核人）', en: ' (reviewer)' },
};

/** "第 5 行：系统中为“已提出”；要达到“已完成”，还需：提交审核 → 审核通过（审核人）→ 公示（审核人）→ 完成销号". */
export function describeGap(gap: StatusGap, lang: Lang): string {
  const values = { row: gap.sheetRow, state: STATUS_LABELS[gap.state][lang], written: gap.written };
  if (!gap.steps) return fillIn(WORDS.never[lang], values);
  const steps = gap.steps.map((s) => ACTION_LABELS[s.action][lang] + (s.byReviewer ? WORDS.reviewer[lang] : '')).join(' → ');
  return fillIn(WORDS.reach[lang], { ...values, steps });
}
