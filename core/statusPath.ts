// The steps of the lifecycle from one status to another (DESIGN §4), and who takes each: what the
// pane tells a clerk whose ledger states a status the record has not reached yet.
import { ROLE_ACTIONS, TRANSITIONS } from './status';
import { TRANSITION_ACTIONS, type Status, type TransitionAction } from './types';

export interface StatusStep {
  action: TransitionAction;
  /** Only a reviewer (or an admin) takes it; otherwise the clerk may. */
  byReviewer: boolean;
}

/** The shortest way from `from` to `to` (withdrawal only when `to` is withdrawn); [] when there; null when it cannot be reached. */
export function statusPath(from: Status, to: Status): StatusStep[] | null {
  const seen = new Set<Status>([from]);
  let frontier: { status: Status; steps: StatusStep[] }[] = [{ status: from, steps: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { status, steps } of frontier) {
      if (status === to) return steps;
      for (const action of TRANSITION_ACTIONS) {
        const t = TRANSITIONS[action];
        if (!t.from.includes(status) || seen.has(t.to)) continue;
        seen.add(t.to);
        next.push({ status: t.to, steps: [...steps, { action, byReviewer: !ROLE_ACTIONS.clerk.includes(action) }] });
      }
    }
    frontier = next;
  }
  return null;
}
