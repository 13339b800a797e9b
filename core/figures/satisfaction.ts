// 群众评议: satisfaction = (满意 + 基本满意) ÷ all answers.
import type { SurveyCounts } from './records';

export const noAnswers = (): SurveyCounts => ({ satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 });

export function addAnswers(into: SurveyCounts, more: SurveyCounts): SurveyCounts {
  into.satisfied += more.satisfied;
  into.basicallySatisfied += more.basicallySatisfied;
  into.unsatisfied += more.unsatisfied;
  return into;
}

export function answers(c: SurveyCounts): number {
  return c.satisfied + c.basicallySatisfied + c.unsatisfied;
}

/** null when nobody answered. */
export function satisfactionRate(c: SurveyCounts): number | null {
  const all = answers(c);
  return all === 0 ? null : (c.satisfied + c.basicallySatisfied) / all;
}
