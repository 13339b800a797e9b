import { describe, expect, it } from 'vitest';
import { actsForReviewer, requiredReviewer, reviewedChanges, reviewingOrg, stricterReview, type ReviewedValues } from './review';

describe('requiredReviewer', () => {
  it("gives a leading cadre's items to a committee, whatever the scheme", () => {
    expect(requiredReviewer({ subjectType: 'member', memberRole: 'leader_cadre' })).toBe('committee');
    expect(requiredReviewer({ subjectType: 'member', memberRole: 'leader_cadre', memberReview: 'branch' })).toBe('committee');
  });
  it("gives an organisation's items to the level above", () => {
    expect(requiredReviewer({ subjectType: 'organization', memberReview: 'branch' })).toBe('above');
  });
  it("keeps an item named after a leading cadre the committee's, though it is typed as an organisation's", () => {
    expect(requiredReviewer({ subjectType: 'organization', memberRole: 'leader_cadre' })).toBe('committee');
  });
  it("gives an ordinary member's items to the branch unless the scheme says the level above", () => {
    for (const memberRole of ['ordinary', 'retired', 'no_post', null] as const) {
      expect(requiredReviewer({ subjectType: 'member', memberRole })).toBe('branch');
      expect(requiredReviewer({ subjectType: 'member', memberRole, memberReview: 'above' })).toBe('above');
    }
  });
  it('orders reviews by what they demand', () => {
    expect(stricterReview('committee', 'branch')).toBe(true);
    expect(stricterReview('above', 'branch')).toBe(true);
    expect(stricterReview('branch', 'above')).toBe(false);
    expect(stricterReview('above', 'above')).toBe(false);
  });
});

describe('reviewingOrg', () => {
  // 县医院党支部 (7) < 卫生党总支 (3) < 乡镇党委 (2) < 县委 (1)
  const chain = [{ id: 7, kind: 'branch' }, { id: 3, kind: 'general_branch' }, { id: 2, kind: 'committee' }, { id: 1, kind: 'committee' }];
  it('finds the branch itself, the level above, or the nearest committee above', () => {
    expect(reviewingOrg('branch', chain)).toBe(7);
    expect(reviewingOrg('above', chain)).toBe(3);
    expect(reviewingOrg('committee', chain)).toBe(2);
  });
  it('finds none above the top of the tree, nor a committee above a committee at the top', () => {
    expect(reviewingOrg('above', chain.slice(3))).toBeNull();
    expect(reviewingOrg('committee', chain.slice(3))).toBeNull();
    expect(reviewingOrg('committee', chain.slice(2))).toBe(1);
  });
  it('lets the reviewing organisation and those above it act, and the whole tree', () => {
    expect(actsForReviewer(3, [3, 2, 1])).toBe(true);
    expect(actsForReviewer(1, [3, 2, 1])).toBe(true);
    expect(actsForReviewer(7, [3, 2, 1])).toBe(false);
    expect(actsForReviewer(null, [])).toBe(true);
    expect(actsForReviewer(1, [])).toBe(false);
  });
});

describe('reviewedChanges', () => {
  const reviewed: ReviewedValues = { content: '每月走访困难群众', measures: null, expected: null, deadline: '2011-12-31', plan: null, category: 'deed', subjectType: 'member', subjectName: '王五', memberId: null };
  it('names each reviewed field that changed', () => {
    expect(reviewedChanges(reviewed, { ...reviewed, deadline: '2012-06-30', content: '每季度走访' })).toEqual(['content', 'deadline']);
    expect(reviewedChanges({ ...reviewed, memberId: 4 }, { ...reviewed, memberId: null })).toEqual(['memberId']);
    expect(reviewedChanges(reviewed, { ...reviewed, subjectName: '王六', memberId: 9 })).toEqual(['subjectName', 'memberId']);
    expect(reviewedChanges(reviewed, { ...reviewed, plan: '[["2011-06-30","完成选址"]]' })).toEqual(['plan']);
  });
  it('takes linking the member of the same name as no change', () => {
    expect(reviewedChanges(reviewed, { ...reviewed, memberId: 4 })).toEqual([]);
  });
});
