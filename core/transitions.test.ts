import { describe, expect, it } from 'vitest';
import { allowedActions, checkTransition, type TransitionActor, type TransitionTarget } from './status';
import { STATUSES, TRANSITION_ACTIONS, USER_ROLES, type Status, type TransitionAction, type UserRole } from './types';

// The rules written out once more, cell by cell, independently of status.ts.

// action → status it leads to, from each status ('-' = not from here)
//                      proposed       under_review  approved     returned       published      in_progress    completed unfulfilled withdrawn
const FROM: Record<TransitionAction, string[]> = {
  submit:             ['under_review', '-',          '-',         'under_review', '-',           '-',           '-',      '-',        '-'],
  approve:            ['-',            'approved',   '-',         '-',            '-',           '-',           '-',      '-',        '-'],
  return:             ['-',            'returned',   '-',         '-',            '-',           '-',           '-',      '-',        '-'],
  publish:            ['-',            '-',          'published', '-',            '-',           '-',           '-',      '-',        '-'],
  start:              ['-',            '-',          '-',         '-',            'in_progress', '-',           '-',      '-',        '-'],
  complete:           ['-',            '-',          '-',         '-',            'completed',   'completed',   '-',      '-',        '-'],
  'mark-unfulfilled': ['-',            '-',          '-',         '-',            'unfulfilled', 'unfulfilled', '-',      '-',        '-'],
  withdraw:           ['withdrawn',    'withdrawn',  'withdrawn', 'withdrawn',    'withdrawn',   'withdrawn',   '-',      '-',        '-'],
};

// role → may take the action at all (R = review: only by the reviewer fixed at submission)
//                                          submit approve return publish start complete unfulfilled withdraw
const ROLES: Record<UserRole, string[]> = {
  admin:    ['y', 'R', 'R', 'R', 'y', 'y', 'y', 'y'],
  reviewer: ['n', 'R', 'R', 'R', 'n', 'n', 'n', 'n'],
  clerk:    ['y', 'n', 'n', 'n', 'y', 'y', 'y', 'y'],
  viewer:   ['n', 'n', 'n', 'n', 'n', 'n', 'n', 'n'],
  auditor:  ['n', 'n', 'n', 'n', 'n', 'n', 'n', 'n'],
};

const RELATIONS = ['same', 'above', 'outside'] as const;
const REVIEWS = ['branch', 'above', 'committee'] as const;
const REFUSED_REVIEW = { branch: 'transition.reviewer_not_in_line', above: 'transition.reviewer_not_above', committee: 'transition.needs_committee_reviewer' };

function expected(actor: TransitionActor, action: TransitionAction, target: TransitionTarget): string {
  if (actor.relation === 'outside') return 'transition.out_of_scope';
  const rule = ROLES[actor.role][TRANSITION_ACTIONS.indexOf(action)];
  if (rule === 'n') return 'transition.role_forbidden';
  const to = FROM[action][STATUSES.indexOf(target.status)];
  if (to === '-') return 'transition.not_allowed_from_status';
  if (rule === 'R' && !actor.mayReview) return REFUSED_REVIEW[target.reviewBy];
  return `ok:${to}`;
}

describe('checkTransition, every cell', () => {
  for (const role of USER_ROLES) {
    for (const action of TRANSITION_ACTIONS) {
      it(`${role} × ${action}`, () => {
        let checked = 0;
        for (const relation of RELATIONS) {
          for (const mayReview of [true, false]) {
            for (const status of STATUSES) {
              for (const reviewBy of REVIEWS) {
                const actor = { role, relation, mayReview };
                const target = { reviewBy, status };
                const r = checkTransition(actor, action, target);
                const got = r.ok ? `ok:${r.to}` : r.code;
                expect(got, JSON.stringify({ actor, target })).toBe(expected(actor, action, target));
                if (!r.ok) {
                  expect(r.message.zh).not.toBe('');
                  expect(r.message.en).not.toBe('');
                }
                checked++;
              }
            }
          }
        }
        expect(checked).toBe(3 * 2 * 9 * 3);
      });
    }
  }
});

describe('checkTransition, the rules in words', () => {
  const clerk: TransitionActor = { role: 'clerk', relation: 'same', mayReview: false };
  const branchReviewer: TransitionActor = { role: 'reviewer', relation: 'above', mayReview: true };
  const member = (status: Status, reviewBy: 'above' | 'committee' = 'above'): TransitionTarget => ({ status, reviewBy });

  it('walks the whole lifecycle with the right people', () => {
    expect(checkTransition(clerk, 'submit', member('proposed'))).toEqual({ ok: true, to: 'under_review' });
    expect(checkTransition(branchReviewer, 'approve', member('under_review'))).toEqual({ ok: true, to: 'approved' });
    expect(checkTransition(branchReviewer, 'publish', member('approved'))).toEqual({ ok: true, to: 'published' });
    expect(checkTransition(clerk, 'start', member('published'))).toEqual({ ok: true, to: 'in_progress' });
    expect(checkTransition(clerk, 'complete', member('in_progress'))).toEqual({ ok: true, to: 'completed' });
  });

  it('sends a returned commitment back through review', () => {
    expect(checkTransition(branchReviewer, 'return', member('under_review'))).toEqual({ ok: true, to: 'returned' });
    expect(checkTransition(clerk, 'submit', member('returned'))).toEqual({ ok: true, to: 'under_review' });
  });

  it('leaves review to the reviewer fixed at submission, and says who that is', () => {
    const notAbove = checkTransition({ ...branchReviewer, relation: 'same', mayReview: false }, 'approve', member('under_review'));
    expect(notAbove).toMatchObject({ ok: false, code: 'transition.reviewer_not_above' });
    if (!notAbove.ok) expect(notAbove.message.zh).toBe('只有上级党组织的审核人才能审核通过');
    const cadre = checkTransition({ ...branchReviewer, mayReview: false }, 'approve', member('under_review', 'committee'));
    expect(cadre).toMatchObject({ ok: false, code: 'transition.needs_committee_reviewer' });
    if (!cadre.ok) expect(cadre.message.zh).toContain('党员领导干部');
    expect(checkTransition(branchReviewer, 'approve', member('under_review', 'committee'))).toEqual({ ok: true, to: 'approved' });
  });

  it('holds a scoped admin to the same review rule', () => {
    const admin: TransitionActor = { role: 'admin', relation: 'above', mayReview: false };
    expect(checkTransition(admin, 'approve', member('under_review', 'committee'))).toMatchObject({ ok: false, code: 'transition.needs_committee_reviewer' });
    expect(checkTransition(admin, 'submit', member('proposed'))).toEqual({ ok: true, to: 'under_review' });
  });

  it('names the role and the action when the role may not', () => {
    const r = checkTransition(clerk, 'approve', member('under_review'));
    expect(r).toMatchObject({ ok: false, code: 'transition.role_forbidden' });
    if (!r.ok) {
      expect(r.message.zh).toBe('党务工作者不能执行“审核通过”操作');
      expect(r.message.en).toBe('As a clerk you may not approve');
    }
  });

  it('names the status when the action does not start there', () => {
    const r = checkTransition(clerk, 'withdraw', member('completed'));
    expect(r).toMatchObject({ ok: false, code: 'transition.not_allowed_from_status' });
    if (!r.ok) {
      expect(r.message.zh).toBe('状态为“已完成”的承诺不能撤销');
      expect(r.message.en).toBe('Cannot withdraw a commitment that is completed');
    }
  });

  it('refuses unknown actions with a code', () => {
    const admin: TransitionActor = { role: 'admin', relation: 'above', mayReview: true };
    expect(checkTransition(admin, 'delete', member('proposed'))).toMatchObject({
      ok: false,
      code: 'transition.unknown_action',
    });
    expect(checkTransition(admin, 'toString', member('proposed'))).toMatchObject({ ok: false });
  });
});

describe('allowedActions', () => {
  it('lists what the actor may do now', () => {
    const clerk: TransitionActor = { role: 'clerk', relation: 'same', mayReview: false };
    expect(allowedActions(clerk, { status: 'published', reviewBy: 'branch' })).toEqual([
      'start',
      'complete',
      'mark-unfulfilled',
      'withdraw',
    ]);
    expect(allowedActions({ ...clerk, role: 'viewer' }, { status: 'published', reviewBy: 'branch' })).toEqual([]);
    expect(allowedActions({ role: 'reviewer', relation: 'above', mayReview: true }, { status: 'under_review', reviewBy: 'above' })).toEqual([
      'approve',
      'return',
    ]);
  });
});
