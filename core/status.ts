// Commitment statuses: the words ledgers use for them (DESIGN §5), and who may move a
// commitment from one status to the next (DESIGN §4).
import {
  STATUSES,
  TRANSITION_ACTIONS,
  type LocalText,
  type Status,
  type TransitionAction,
  type UserRole,
} from './types';
import { cleanText, excerpt } from './text';
import type { ReviewBy } from './review';

export const STATUS_LABELS: Record<Status, LocalText> = {
  proposed: { zh: '已提出', en: 'Proposed' },
  under_review: { zh: '待审核', en: 'Under review' },
  approved: { zh: '已审核', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  published: { zh: '已公示', en: 'Published' },
  in_progress: { zh: '进行中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  unfulfilled: { zh: '未完成', en: 'Unfulfilled' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
};

const WORDS = new Map<string, Status>(Object.entries({
  // DESIGN §5
  进行中: 'in_progress',
  正在落实: 'in_progress',
  落实中: 'in_progress',
  践诺中: 'in_progress',
  已完成: 'completed',
  完成: 'completed',
  已兑现: 'completed',
  已销号: 'completed',
  未完成: 'unfulfilled',
  未兑现: 'unfulfilled',
  已公示: 'published',
  已承诺: 'published',
  已撤销: 'withdrawn',
  // Added here: the words of the review steps, so a ledger kept before publishing reads too.
  已提出: 'proposed',
  拟承诺: 'proposed',
  待审核: 'under_review',
  审核中: 'under_review',
  已退回: 'returned',
  已审核: 'approved',
  审核通过: 'approved',
}) as [string, Status][]);

/** A status code from a code or a ledger word; blank or unknown → null. */
export function parseStatus(v: unknown): Status | null {
  const text = cleanText(v)?.replace(/\s+/g, '');
  if (!text) return null;
  const code = text.toLowerCase().replace(/-/g, '_');
  if ((STATUSES as readonly string[]).includes(code)) return code as Status;
  return WORDS.get(text) ?? null;
}

export const ACTION_LABELS: Record<TransitionAction, LocalText> = {
  submit: { zh: '提交审核', en: 'submit for review' },
  approve: { zh: '审核通过', en: 'approve' },
  return: { zh: '退回修改', en: 'return for revision' },
  publish: { zh: '公示', en: 'publish' },
  start: { zh: '开始践诺', en: 'start' },
  complete: { zh: '完成销号', en: 'mark completed' },
  'mark-unfulfilled': { zh: '标记未完成', en: 'mark unfulfilled' },
  withdraw: { zh: '撤销', en: 'withdraw' },
};

export const ROLE_LABELS: Record<UserRole, LocalText> = {
  admin: { zh: '管理员', en: 'an admin' },
  reviewer: { zh: '审核人', en: 'a reviewer' },
  clerk: { zh: '党务工作者', en: 'a clerk' },
  viewer: { zh: '只读用户', en: 'a viewer' },
  auditor: { zh: '审计员', en: 'an auditor' },
};

/**
 * The lifecycle: from which statuses each action may start, and where it leads.
 *
 *   proposed ─submit→ under_review ─approve→ approved ─publish→ published ─start→ in_progress
 *   under_review ─return→ returned ─submit→ under_review   (a returned item is revised and
 *                                                          resubmitted; no separate step back)
 *   published | in_progress ─complete→ completed, ─mark-unfulfilled→ unfulfilled
 *                           (an item may be finished without a recorded start)
 *   any status before completion ─withdraw→ withdrawn
 */
export const TRANSITIONS: Record<TransitionAction, { from: readonly Status[]; to: Status }> = {
  submit: { from: ['proposed', 'returned'], to: 'under_review' },
  approve: { from: ['under_review'], to: 'approved' },
  return: { from: ['under_review'], to: 'returned' },
  publish: { from: ['approved'], to: 'published' },
  start: { from: ['published'], to: 'in_progress' },
  complete: { from: ['published', 'in_progress'], to: 'completed' },
  'mark-unfulfilled': { from: ['published', 'in_progress'], to: 'unfulfilled' },
  withdraw: { from: ['proposed', 'under_review', 'approved', 'returned', 'published', 'in_progress'], to: 'withdrawn' },
};

/**
 * Who may take which action, always within their scope (their organisation and below):
 *
 *   action            admin  reviewer  clerk  viewer
 *   submit              ✓               ✓
 *   approve             ✓       ✓ *
 *   return              ✓       ✓ *
 *   publish             ✓       ✓ *
 *   start               ✓               ✓
 *   complete            ✓               ✓
 *   mark-unfulfilled    ✓               ✓
 *   withdraw            ✓               ✓
 *
 * * only by the reviewer fixed at submission (core/review.ts): a leading cadre's (党员领导干部)
 *   commitment by a Party committee above, an organisation's by the level above, an ordinary
 *   member's by the branch or the level above as the scheme says. Admins review under the same
 *   rule (an admin of the whole tree always meets it); their other actions are bound by scope.
 */
export const ROLE_ACTIONS: Record<UserRole, readonly TransitionAction[]> = {
  admin: TRANSITION_ACTIONS,
  reviewer: ['approve', 'return', 'publish'],
  clerk: ['submit', 'start', 'complete', 'mark-unfulfilled', 'withdraw'],
  viewer: [],
  auditor: [],
};

const REVIEW_ACTIONS: ReadonlySet<string> = new Set<TransitionAction>(['approve', 'return', 'publish']);

export interface TransitionActor {
  role: UserRole;
  /** Where the actor's scope organisation stands to the commitment's organisation. */
  relation: 'same' | 'above' | 'outside';
  /** The actor's organisation is the reviewing one fixed at submission, or above it. */
  mayReview: boolean;
}

export interface TransitionTarget {
  status: Status;
  /** The reviewer the commitment needs (fixed at submission), for the reason a review is refused. */
  reviewBy: ReviewBy;
}

export type TransitionCode =
  | 'transition.unknown_action'
  | 'transition.out_of_scope'
  | 'transition.role_forbidden'
  | 'transition.not_allowed_from_status'
  | 'transition.reviewer_not_above'
  | 'transition.needs_committee_reviewer'
  | 'transition.reviewer_not_in_line';

export type TransitionCheck = { ok: true; to: Status } | { ok: false; code: TransitionCode; message: LocalText };

/** Whether this actor may take this action on this commitment now, and the status it leads to. */
export function checkTransition(actor: TransitionActor, action: string, target: TransitionTarget): TransitionCheck {
  if (!(TRANSITION_ACTIONS as readonly string[]).includes(action)) {
    const q = excerpt(action);
    return refuse('transition.unknown_action', { zh: `未知的操作“${q}”`, en: `Unknown action "${q}"` });
  }
  const act = action as TransitionAction;
  const verb = ACTION_LABELS[act];
  if (actor.relation === 'outside') {
    return refuse('transition.out_of_scope', {
      zh: '该承诺不在您的管辖范围内',
      en: 'This commitment is outside your scope',
    });
  }
  if (!ROLE_ACTIONS[actor.role].includes(act)) {
    const who = ROLE_LABELS[actor.role];
    return refuse('transition.role_forbidden', {
      zh: `${who.zh}不能执行“${verb.zh}”操作`,
      en: `As ${who.en} you may not ${verb.en}`,
    });
  }
  const { from, to } = TRANSITIONS[act];
  if (!from.includes(target.status)) {
    const status = STATUS_LABELS[target.status];
    return refuse('transition.not_allowed_from_status', {
      zh: `状态为“${status.zh}”的承诺不能${verb.zh}`,
      en: `Cannot ${verb.en} a commitment that is ${status.en.toLowerCase()}`,
    });
  }
  if (REVIEW_ACTIONS.has(act) && !actor.mayReview) return refuseReview(target.reviewBy, verb);
  return { ok: true, to };
}

/** The actions this actor may take on this commitment now, in lifecycle order. */
export function allowedActions(actor: TransitionActor, target: TransitionTarget): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((a) => checkTransition(actor, a, target).ok);
}

function refuseReview(by: ReviewBy, verb: LocalText): TransitionCheck {
  switch (by) {
    case 'committee':
      return refuse('transition.needs_committee_reviewer', {
        zh: `党员领导干部的承诺须由上级党委审核人${verb.zh}`,
        en: `A leading cadre's commitment is for the reviewer of a Party committee above to ${verb.en}`,
      });
    case 'above':
      return refuse('transition.reviewer_not_above', {
        zh: `只有上级党组织的审核人才能${verb.zh}`,
        en: `Only a reviewer of an organisation above this one may ${verb.en}`,
      });
    default:
      return refuse('transition.reviewer_not_in_line', {
        zh: `只有本党组织或上级党组织的审核人才能${verb.zh}`,
        en: `Only a reviewer of this organisation or one above it may ${verb.en}`,
      });
  }
}

function refuse(code: TransitionCode, message: LocalText): TransitionCheck {
  return { ok: false, code, message };
}
