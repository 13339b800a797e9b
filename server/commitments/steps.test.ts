import { describe, expect, it } from 'vitest';
import { pathTo, stepColumns, type StepActor } from './steps';

const clerk: StepActor = { id: 7, role: 'clerk', relation: 'same' };
const branchReviewer: StepActor = { id: 8, role: 'reviewer', relation: 'above' };
const admin: StepActor = { id: 1, role: 'admin', relation: 'above' };
const member = { reviewBy: 'above' as const, mayReview: true };

describe('pathTo', () => {
  it('finds the fewest actions the actor may take', () => {
    expect(pathTo(clerk, { ...member, status: 'proposed' }, 'under_review')).toEqual(['submit']);
    expect(pathTo(clerk, { ...member, status: 'published' }, 'completed')).toEqual(['complete']);
    expect(pathTo(admin, { ...member, status: 'proposed' }, 'in_progress')).toEqual(['submit', 'approve', 'publish', 'start']);
    expect(pathTo(clerk, { ...member, status: 'in_progress' }, 'in_progress')).toEqual([]);
  });

  it('answers null where the role cannot reach', () => {
    // A clerk cannot approve, so nothing past review is reachable from a proposal.
    expect(pathTo(clerk, { ...member, status: 'proposed' }, 'published')).toBeNull();
    expect(pathTo(clerk, { ...member, status: 'proposed' }, 'completed')).toBeNull();
    // Nobody goes back from completed.
    expect(pathTo(admin, { ...member, status: 'completed' }, 'in_progress')).toBeNull();
    // A general branch's reviewer does not approve a leading cadre's commitment.
    const cadre = { reviewBy: 'committee' as const, mayReview: false, status: 'under_review' as const };
    expect(pathTo(branchReviewer, { ...member, status: 'under_review' }, 'approved')).toEqual(['approve']);
    expect(pathTo(branchReviewer, cadre, 'approved')).toBeNull();
    expect(pathTo(branchReviewer, { ...cadre, mayReview: true }, 'approved')).toEqual(['approve']);
  });
});

describe('stepColumns', () => {
  it('records the date of each step, and the reviewer on review', () => {
    const at = '2011-07-01T00:00:00.000Z';
    expect(stepColumns('submit', 7, at)).toEqual({ submitted_at: at });
    expect(stepColumns('return', 8, at, '请细化措施')).toEqual({ reviewed_at: at, reviewer_id: 8, review_note: '请细化措施' });
    expect(stepColumns('mark-unfulfilled', 7, at)).toEqual({ completed_at: at });
    expect(stepColumns('start', 7, at)).toEqual({});
  });
});
