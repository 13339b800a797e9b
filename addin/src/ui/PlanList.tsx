// 践诺计划 as a short list: each phase's date, target, and done (with its day) or overdue. The
// review queue shows it read-only; the pane's 进展 view adds a "done" button per open phase.
import { Badge, Button, Caption1 } from '@fluentui/react-components';
import type { PlanPhaseJson } from '../../../core/plan';
import { fillIn, type Lang } from '../i18n';

export const PLAN_WORDS = {
  plan: { zh: '阶段计划', en: 'Phased plan' },
  none: { zh: '没有阶段计划', en: 'No phased plan' },
  phase: { zh: '第{n}阶段', en: 'Phase {n}' },
  by: { zh: '{d}前', en: 'by {d}' },
  done: { zh: '{d} 完成', en: 'done {d}' },
  overdue: { zh: '逾期', en: 'Overdue' },
  markDone: { zh: '标记完成', en: 'Mark done' },
  hint: { zh: '在台账中选中一行（已提交、有编号的），读取它的阶段计划；可修改后保存，或把某一阶段标记为完成。', en: 'Select a submitted row (one with an id) in the ledger to read its phased plan; edit and save it, or mark a phase done.' },
  load: { zh: '读取所选行', en: 'Read selected row' },
  noRow: { zh: '所选行还没有编号，请先提交。', en: 'The selected row has no id yet; submit it first.' },
  field: { zh: '阶段计划（每段“日期＋目标”，用；分隔，如：6月底前完成选址；9月底前完工）', en: 'Phased plan (date + target per phase, separated by ；, e.g. 6月底前完成选址；9月底前完工)' },
  save: { zh: '保存计划', en: 'Save plan' },
  saved: { zh: '阶段计划已保存（{n} 个阶段）', en: 'Phased plan saved ({n} phases)' },
  savedToCell: { zh: '，并已写入台账的阶段计划列', en: ", and written into the ledger's plan column" },
  doneNote: { zh: '完成第{n}阶段：{target}', en: 'Phase {n} done: {target}' },
  marked: { zh: '第{n}阶段已标记完成', en: 'Phase {n} marked done' },
} as const;

export const planSay = (lang: Lang, key: keyof typeof PLAN_WORDS, values: Record<string, string | number> = {}) => fillIn(PLAN_WORDS[key][lang], values);

export function PlanList({ plan, lang, onDone, busy }: { plan: readonly PlanPhaseJson[]; lang: Lang; onDone?: (phase: number) => void; busy?: boolean }) {
  if (plan.length === 0) return null;
  return (
    <ol data-plan style={{ margin: 0, paddingInlineStart: 18, display: 'grid', gap: 2 }} aria-label={planSay(lang, 'plan')}>
      {plan.map((p, i) => (
        <li key={`${p.by}|${i}`} data-phase={i + 1} data-overdue={p.overdue || undefined} data-done={p.doneOn ?? undefined}>
          <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap', alignItems: 'center', overflowWrap: 'anywhere' }}>
            <Caption1>{planSay(lang, 'by', { d: p.by })}</Caption1>
            <Caption1 style={{ fontWeight: 600 }}>{p.target}</Caption1>
            {p.doneOn !== null && <Badge color="success" appearance="tint">{planSay(lang, 'done', { d: p.doneOn })}</Badge>}
            {p.overdue && <Badge color="danger" appearance="filled">{planSay(lang, 'overdue')}</Badge>}
            {onDone && p.doneOn === null && (
              <Button size="small" onClick={() => onDone(i + 1)} disabled={busy}>{planSay(lang, 'markDone')}</Button>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
