// 践诺计划: a commitment done in phases (分期分步落实), written in one ledger cell such as
// `6月底前完成选址；9月底前完工；年底前投入使用`, or sent as a list of phases.
//
//   plan   := phase (separator phase)*
//   phase  := marker? deadline target           — the deadline grammar of core/deadline.ts
//   marker := 1. | 1、 | (1) | （1） | ① … ⑳ | 一、 …
//
// `；` `;` `。`, a new line and a numbering marker always start a new phase; after `，` `,` `、` a
// new phase starts only where a date does (`完成选址、设计；9月底前完工` keeps 选址、设计 together).
// Phases come in date order, the last no later than the commitment's deadline.
import type { CellValue, Deadline, IsoDate, LocalText, Status } from './types';
import { cleanText, excerpt } from './text';
import { parseDeadline, readDeadlineAt } from './deadline';
import { isOverdue } from './overdue';

/** One phase as stored: what is to be done by when, and the day it was done. */
export interface PlanPhase {
  by: IsoDate;
  target: string;
  doneOn: IsoDate | null;
}

/** A phase as JSON answers it, with `overdue` derived on the day asked. */
export interface PlanPhaseJson extends PlanPhase {
  overdue: boolean;
}

/** A phase as a request sends it: `by` in any deadline form; `doneOn` left out keeps the stored one. */
export interface PhaseInput {
  by: unknown;
  target: unknown;
  doneOn?: unknown;
}

/** The plan as written: a ledger cell, or a list of phases. */
export type PlanInput = CellValue | readonly PhaseInput[];

/** A read phase; `doneOn` undefined when the input did not say (a ledger cell never does). */
export type ReadPhase = Omit<PlanPhase, 'doneOn'> & { doneOn?: IsoDate | null };

export type PlanErrorCode = 'plan.unreadable' | 'plan.target_missing' | 'plan.order' | 'plan.after_deadline' | 'plan.too_long' | 'plan.too_many';

export type PlanResult =
  | { ok: true; plan: ReadPhase[] | null }
  | { ok: false; code: PlanErrorCode; message: LocalText };

export const PLAN_LIMITS = { phases: 12, target: 200, text: 2000 } as const;

const STRONG = /[;；。\n\r]+/;
const WEAK = /([,，、])/;
/** A numbering marker at the start of a phase: 1. 1、 1) (1) （1） ① 一、 */
const MARKER = /^\s*(?:[（(]\s*[0-9０-９]{1,2}\s*[)）]|[0-9０-９]{1,2}\s*[.．、)）]|[①-⑳]|[一二三四五六七八九十]{1,2}\s*[、.．])\s*/u;
/** Numbering inside one line: `1.6月底前选址 2.9月底前完工` and `①…②…` start a phase there. */
const INLINE_MARKER = /\s+(?=(?:[（(]\s*[0-9０-９]{1,2}\s*[)）]|[0-9０-９]{1,2}\s*[.．、)）]))|(?=[①-⑳])/u;
/** Punctuation left at a target's ends. */
const TARGET_EDGES = /^[\s:：,，、.．]+|[\s,，、.．]+$/g;

/**
 * Reads a plan. `ledgerYear` completes dates without a year; `deadline` (the commitment's, when
 * it is read) bounds the last phase. Blank → no plan (null).
 */
export function parsePlan(v: PlanInput | undefined, ledgerYear: number | undefined, deadline: Deadline | null): PlanResult {
  if (Array.isArray(v)) return checkPhases(v.map((p, i) => readListed(p, i, ledgerYear)), deadline);
  const written = cleanText(v);
  if (written === null) return { ok: true, plan: null };
  if ([...written].length > PLAN_LIMITS.text) {
    return fail('plan.too_long', `阶段计划过长（最多${PLAN_LIMITS.text}字）`, `The phased plan is too long (${PLAN_LIMITS.text} characters at most)`);
  }
  const phases: Array<ReadPhase | PlanResult> = [];
  let n = 0;
  for (const piece of splitStrong(written)) {
    let current: ReadPhase | null = null;
    for (const [part, sep] of splitWeak(piece.replace(MARKER, ''))) {
      const read = readDeadlineAt(part, ledgerYear);
      if (read === null && current !== null) {
        // 完成选址、设计: no date after a comma continues the phase before.
        current.target = `${current.target}${sep}${part}`;
        continue;
      }
      n += 1;
      const phase = readWritten(part, read, n);
      if ('ok' in phase) return phase;
      current = phase;
      phases.push(current);
    }
  }
  for (const p of phases as ReadPhase[]) p.target = p.target.replace(TARGET_EDGES, '');
  return checkPhases(phases as ReadPhase[], deadline);
}

/** Pieces between strong separators and numbering markers, blanks dropped. */
function splitStrong(text: string): string[] {
  return text
    .split(STRONG)
    .flatMap((line) => line.split(INLINE_MARKER))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^[,，、.．]+$/.test(s));
}

/** Parts between weak separators, each with the separator that came before it. */
function splitWeak(piece: string): Array<[string, string]> {
  const bits = piece.split(WEAK);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < bits.length; i += 2) {
    const part = bits[i].trim();
    if (part.length > 0) out.push([part, i > 0 ? bits[i - 1] : '']);
  }
  return out;
}

function readWritten(part: string, read: ReturnType<typeof readDeadlineAt>, n: number): ReadPhase | PlanResult {
  const q = excerpt(part);
  if (read === null) {
    return fail('plan.unreadable', `阶段计划第${n}段“${q}”开头没有可识别的日期（应如“6月底前完成选址”）`, `Phase ${n} "${q}" does not start with a date we can read (write e.g. 6月底前完成选址)`);
  }
  if (!read.result.ok) return fail('plan.unreadable', `阶段计划第${n}段：${read.result.message.zh}`, `Phase ${n}: ${read.result.message.en}`);
  if (read.result.deadline === 'ongoing') {
    return fail('plan.unreadable', `阶段计划第${n}段“${q}”须写明日期，不能是“长期”`, `Phase ${n} "${q}" needs a date, not 长期 (ongoing)`);
  }
  return { by: read.result.deadline, target: read.rest };
}

function readListed(p: PhaseInput, i: number, ledgerYear: number | undefined): ReadPhase | PlanResult {
  const n = i + 1;
  const by = parseDeadline(p?.by, ledgerYear);
  if (!by.ok) return fail('plan.unreadable', `阶段计划第${n}阶段的日期：${by.message.zh}`, `Phase ${n}'s date: ${by.message.en}`);
  if (by.deadline === 'ongoing') return fail('plan.unreadable', `阶段计划第${n}阶段须写明日期，不能是“长期”`, `Phase ${n} needs a date, not 长期 (ongoing)`);
  const phase: ReadPhase = { by: by.deadline, target: cleanText(p.target) ?? '' };
  if (p.doneOn === null) phase.doneOn = null;
  else if (p.doneOn !== undefined) {
    const done = parseDeadline(p.doneOn, ledgerYear);
    if (!done.ok || done.deadline === 'ongoing') {
      return fail('plan.unreadable', `阶段计划第${n}阶段的完成日期“${excerpt(p.doneOn)}”不是有效日期`, `Phase ${n}'s done date "${excerpt(p.doneOn)}" is not a valid date`);
    }
    phase.doneOn = done.deadline;
  }
  return phase;
}

function checkPhases(read: Array<ReadPhase | PlanResult>, deadline: Deadline | null): PlanResult {
  const bad = read.find((p): p is PlanResult => 'ok' in p);
  if (bad) return bad;
  const phases = read as ReadPhase[];
  if (phases.length === 0) return { ok: true, plan: null };
  if (phases.length > PLAN_LIMITS.phases) {
    return fail('plan.too_many', `阶段计划最多${PLAN_LIMITS.phases}个阶段（现有${phases.length}个）`, `A plan has at most ${PLAN_LIMITS.phases} phases (this one has ${phases.length})`);
  }
  for (const [i, p] of phases.entries()) {
    const n = i + 1;
    if (p.target.length === 0) return fail('plan.target_missing', `阶段计划第${n}阶段（${p.by}）没有写要完成什么`, `Phase ${n} (${p.by}) does not say what is to be done`);
    if ([...p.target].length > PLAN_LIMITS.target) {
      return fail('plan.too_long', `阶段计划第${n}阶段的内容过长（最多${PLAN_LIMITS.target}字）`, `Phase ${n}'s target is too long (${PLAN_LIMITS.target} characters at most)`);
    }
    if (i > 0 && p.by < phases[i - 1].by) {
      return fail('plan.order', `阶段计划应按时间先后排列：第${n}阶段（${p.by}）早于第${i}阶段（${phases[i - 1].by}）`, `Phases must be in date order: phase ${n} (${p.by}) comes before phase ${i} (${phases[i - 1].by})`);
    }
  }
  const last = phases[phases.length - 1];
  if (deadline !== null && deadline !== 'ongoing' && last.by > deadline) {
    return fail('plan.after_deadline', `阶段计划最后一个阶段（${last.by}）晚于完成时限（${deadline}）`, `The last phase (${last.by}) is after the commitment's deadline (${deadline})`);
  }
  return { ok: true, plan: phases };
}

function fail(code: PlanErrorCode, zh: string, en: string): PlanResult {
  return { ok: false, code, message: { zh, en } };
}

/**
 * The plan to store: each phase read keeps the day it was done when the input did not say and a
 * stored phase had the same date and target (rewriting the ledger cell never undoes a phase).
 */
export function settlePlan(read: readonly ReadPhase[] | null, stored: readonly PlanPhase[] | null): PlanPhase[] | null {
  if (read === null) return null;
  return read.map((p) => ({
    by: p.by,
    target: p.target,
    doneOn: p.doneOn !== undefined ? p.doneOn : (stored?.find((s) => s.by === p.by && s.target === p.target)?.doneOn ?? null),
  }));
}

/** A phase is overdue once its day has passed (the day itself is in time), undone, while the commitment is unfinished. */
export function phaseOverdue(p: PlanPhase, status: Status | null, today: IsoDate): boolean {
  return p.doneOn === null && isOverdue({ deadline: p.by, status }, today);
}

export function planJson(plan: readonly PlanPhase[] | null, status: Status | null, today: IsoDate): PlanPhaseJson[] {
  return (plan ?? []).map((p) => ({ ...p, overdue: phaseOverdue(p, status, today) }));
}

/** What a review looks at in a plan: dates and targets, not the days phases were done. */
export function planTerms(plan: readonly PlanPhase[] | null): string | null {
  return plan === null || plan.length === 0 ? null : JSON.stringify(plan.map((p) => [p.by, p.target]));
}

/** The plan as a ledger cell, read back by parsePlan as the same phases: `6月30日前完成选址；…`. */
export function formatPlan(plan: readonly Pick<PlanPhase, 'by' | 'target'>[] | null, ledgerYear: number): string {
  return (plan ?? [])
    .map(({ by, target }) => {
      const [y, m, d] = by.split('-').map(Number);
      return `${y === ledgerYear ? '' : `${y}年`}${m}月${d}日前${target}`;
    })
    .join('；');
}

/** The stored column: JSON of the phases, or null. */
export function storePlan(plan: readonly PlanPhase[] | null): string | null {
  return plan === null || plan.length === 0 ? null : JSON.stringify(plan.map((p) => ({ by: p.by, target: p.target, doneOn: p.doneOn })));
}

export function loadPlan(stored: string | null): PlanPhase[] | null {
  return stored === null ? null : (JSON.parse(stored) as PlanPhase[]);
}
