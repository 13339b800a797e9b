// Status changes through core's transition rules: one action (the transitions route) or the
// shortest chain of actions a ledger row's stated status implies (batch upsert).
import { checkTransition } from '../../core/status';
import { TRANSITION_ACTIONS, type Status, type TransitionAction, type UserRole } from '../../core/types';
import type { ReviewBy } from '../../core/review';
import type { CommitmentUpdate } from '../db/schema';
import type { OrgRelation } from '../scope';

export interface StepActor {
  id: number;
  role: UserRole;
  relation: OrgRelation;
}

export interface StepTarget {
  status: Status;
  /** The reviewer the commitment needs (see server/commitments/review.ts). */
  reviewBy: ReviewBy;
  /** The actor is that reviewer, or above it. */
  mayReview: boolean;
}

/**
 * Statuses whose next step is a review from an organisation above. A record in them stays in its
 * organisation: moved below, its own organisation's reviewer would be "above" it and could review it.
 */
export const IN_REVIEW: readonly string[] = ['under_review', 'approved'];

/** The actions taking `target` to status `to` that this actor may do, fewest first; null when none. */
export function pathTo(actor: StepActor, target: StepTarget, to: Status): TransitionAction[] | null {
  const rules = { role: actor.role, relation: actor.relation, mayReview: target.mayReview };
  const seen = new Set<Status>([target.status]);
  let frontier: Array<{ status: Status; path: TransitionAction[] }> = [{ status: target.status, path: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { status, path } of frontier) {
      if (status === to) return path;
      for (const action of TRANSITION_ACTIONS) {
        const step = checkTransition(rules, action, { reviewBy: target.reviewBy, status });
        if (step.ok && !seen.has(step.to)) {
          seen.add(step.to);
          next.push({ status: step.to, path: [...path, action] });
        }
      }
    }
    frontier = next;
  }
  return null;
}

/** The step dates (and reviewer) an action records. */
export function stepColumns(action: TransitionAction, actorId: number, at: string, note?: string | null): CommitmentUpdate {
  switch (action) {
    case 'submit':
      return { submitted_at: at };
    case 'approve':
    case 'return':
      return { reviewed_at: at, reviewer_id: actorId, ...(note !== undefined && { review_note: note }) };
    case 'publish':
      return { published_at: at };
    case 'complete':
    case 'mark-unfulfilled':
      return { completed_at: at };
    default:
      return {};
  }
}
